import { expect } from 'chai';
import type { CriterionResult } from '../../../../src/domain/screening/criterion';
import { DEFAULT_RULESET, rulesetProblems } from '../../../../src/domain/screening/ruleset';
import { applicantProblems } from '../../../../src/domain/screening/applicant';
import { screenApplicant } from '../../../../src/domain/screening/screen-applicant';
import { decide, eligibleRoutes, recommendRoute } from '../../../../src/domain/screening/screening-decision';
import { parsePrice, formatPrice } from '../../../../src/domain/screening/price';
import { DomainError } from '../../../../src/domain/errors';
import { eligibleApplicant, tranche } from '../../../helpers/applicant-builders';

describe('screening routes', () => {
  const ROUTES: Array<[string, Parameters<typeof recommendRoute>, ReturnType<typeof recommendRoute>]> = [
    ['eligible at normal risk, no project', ['eligible', 'normal', false], null],
    ['eligible at elevated risk', ['eligible', 'elevated', false], 'relief'],
    ['eligible at warning', ['eligible', 'warning', undefined], 'relief'],
    ['eligible at critical', ['eligible', 'critical', false], 'relief'],
    ['eligible with an acquisition project at normal risk', ['eligible', 'normal', true], 'ma'],
    ['eligible with a project and elevated risk: relief first', ['eligible', 'elevated', true], 'relief'],
    ['needs review at critical risk with a project', ['needs_review', 'critical', true], null],
    ['ineligible at critical risk', ['ineligible', 'critical', false], null],
  ];
  for (const [label, args, route] of ROUTES) {
    it(`${label} → ${route ?? 'none'}`, () => expect(recommendRoute(...args)).to.equal(route));
  }

  it('lists both routes when both apply', () => {
    expect(eligibleRoutes('eligible', 'warning', true)).to.deep.equal(['relief', 'ma']);
  });

  it('screenApplicant ties decision, pledge level and route together', () => {
    // Controlling shareholder pledges 90% of its holding: elevated and enhanced review.
    const stressed = eligibleApplicant({
      controllingShareholder: { name: 'h', sharesHeld: 400_000_000, sharesPledged: 360_000_000, majorViolations36m: 0, dishonestDebtor: false },
      pledgedSharesTotal: 360_000_000,
      pledges: [tranche({ pledgedShares: 360_000_000, principal: '2400000000.00' })],
    });
    const result = screenApplicant(stressed, DEFAULT_RULESET, '2019-06-30');
    expect(result.decision).to.equal('eligible');
    expect(result.pledgeRisk.level).to.equal('warning'); // 360M × 10 / 2.4bn = 1.50
    expect(result.pledgeRisk.enhancedReview).to.equal(true);
    expect(result.pledgeRisk.reliefQuota).to.equal('1000000000.00');
    expect(result.route).to.equal('relief');
    const ineligible = screenApplicant({ ...stressed, industrySection: 'K' }, DEFAULT_RULESET, '2019-06-30');
    expect(ineligible).to.include({ decision: 'ineligible', route: null });
  });

  it('decide on no criteria is eligible only vacuously; the real list always has ten', () => {
    expect(decide([] as CriterionResult[])).to.equal('eligible');
    expect(screenApplicant(eligibleApplicant(), DEFAULT_RULESET, '2019-06-30').criteria).to.have.length(10);
  });
});

describe('rule set and applicant invariants', () => {
  it('the default rule set is consistent', () => expect(rulesetProblems(DEFAULT_RULESET)).to.deep.equal([]));

  it('a liquidation line above the warning line is named', () => {
    const rules = { ...DEFAULT_RULESET, pledge: { ...DEFAULT_RULESET.pledge, defaultLiquidationLine: '1.70' } };
    expect(rulesetProblems(rules)).to.deep.equal([{ field: 'rules.pledge.defaultLiquidationLine', message: 'must not be above the warning line 1.60' }]);
  });

  it('names every inconsistent applicant field', () => {
    const bad = eligibleApplicant({
      controllingShareholder: { sharesHeld: 100, sharesPledged: 101 },
      pledgedSharesTotal: 2_000_000_000,
      mainBusinessRevenue: '2000000000.00',
      pledges: [tranche({ pledgedShares: 50, warningLine: '1.30', liquidationLine: '1.50' }), tranche({ pledgedShares: 60, principal: '1.00', repaid: '2.00' })],
    });
    expect(applicantProblems(bad).map((p) => p.field)).to.deep.equal([
      'applicant.controllingShareholder.sharesPledged',
      'applicant.pledgedSharesTotal',
      'applicant.mainBusinessRevenue',
      'applicant.pledges.0.liquidationLine',
      'applicant.pledges.1.repaid',
      'applicant.pledges',
    ]);
    expect(applicantProblems(eligibleApplicant())).to.deep.equal([]);
  });

  it('prices parse to ten-thousandths without rounding and format back', () => {
    expect(parsePrice('12.34')).to.equal(123_400n);
    expect(formatPrice(parsePrice('0.0001'))).to.equal('0.0001');
    for (const bad of ['0', '0.0000', '1.23456', '-1.00', '1e3', 'abc', 12.5]) {
      expect(() => parsePrice(bad, 'close')).to.throw(DomainError).with.property('code', 'VALIDATION_FAILED');
    }
  });
});
