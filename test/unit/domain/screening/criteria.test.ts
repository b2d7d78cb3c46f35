import { expect } from 'chai';
import type { Applicant } from '../../../../src/domain/screening/applicant';
import { CRITERIA, evaluateCriteria } from '../../../../src/domain/screening/criteria';
import type { CriterionId, Outcome } from '../../../../src/domain/screening/criterion';
import { DEFAULT_RULESET, type Ruleset } from '../../../../src/domain/screening/ruleset';
import { decide } from '../../../../src/domain/screening/screening-decision';
import { eligibleApplicant, without } from '../../../helpers/applicant-builders';

const ON = '2019-06-30';

function outcomeOf(id: CriterionId, applicant: Applicant, rules: Ruleset = DEFAULT_RULESET): Outcome {
  const found = evaluateCriteria(applicant, rules, ON).find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found.outcome;
}

const holder = (overrides: object) => ({ ...eligibleApplicant().controllingShareholder, ...overrides });
const controller = (overrides: object) => ({ ...eligibleApplicant().actualController, ...overrides });

type Row = [string, CriterionId, Partial<Applicant> | Applicant, Outcome];

/** Each row changes the eligible applicant in one way; `missing` rows drop the field instead. */
const TABLE: Row[] = [
  ['listed on SSE', 'listed', {}, 'pass'],
  ['listed on BSE', 'listed', { stockCode: '830001.BJ', exchange: 'BSE' }, 'pass'],
  ['an exchange outside the A-share market', 'listed', { exchange: 'other' }, 'fail'],
  ['delisted', 'listed', { listingStatus: 'delisted' }, 'fail'],
  ['suspended', 'listed', { listingStatus: 'suspended' }, 'review'],
  ['no risk warning', 'risk_warning', { riskWarning: 'none' }, 'pass'],
  ['ST', 'risk_warning', { riskWarning: 'ST' }, 'review'],
  ['*ST', 'risk_warning', { riskWarning: '*ST' }, 'fail'],
  ['registered in Yuhang 330110', 'district', {}, 'pass'],
  ['registered in Linping 330113', 'district', { registeredDistrict: '330113' }, 'fail'],
  ['manufacturing (C)', 'real_economy', {}, 'pass'],
  ['finance (J)', 'real_economy', { industrySection: 'J' }, 'fail'],
  ['real estate (K)', 'real_economy', { industrySection: 'K' }, 'fail'],
  ['information technology (I)', 'real_economy', { industrySection: 'I' }, 'pass'],
  ['main business exactly 0.70', 'main_business_focus', { mainBusinessRevenue: '700000000.00' }, 'pass'],
  ['main business one fen above 0.70', 'main_business_focus', { mainBusinessRevenue: '700000000.01' }, 'pass'],
  ['main business one fen below 0.70', 'main_business_focus', { mainBusinessRevenue: '699999999.99' }, 'fail'],
  ['zero total revenue', 'main_business_focus', { mainBusinessRevenue: '0.00', totalRevenue: '0.00' }, 'review'],
  ['net assets, profit and cash flow all positive', 'operating_condition', {}, 'pass'],
  ['net assets exactly 0', 'operating_condition', { netAssets: '0.00' }, 'fail'],
  ['net assets negative', 'operating_condition', { netAssets: '-0.01' }, 'fail'],
  ['net assets one fen', 'operating_condition', { netAssets: '0.01' }, 'pass'],
  ['net profit exactly 0', 'operating_condition', { netProfit: '0.00' }, 'review'],
  ['net profit one fen', 'operating_condition', { netProfit: '0.01' }, 'pass'],
  ['operating cash flow negative', 'operating_condition', { operatingCashFlow: '-5.00' }, 'review'],
  ['profit and cash flow both ≤ 0', 'operating_condition', { netProfit: '-1.00', operatingCashFlow: '0.00' }, 'fail'],
  ['prospects rating 3 (at threshold)', 'market_prospects', { prospectsRating: 3 }, 'pass'],
  ['prospects rating 4 (above)', 'market_prospects', { prospectsRating: 4 }, 'pass'],
  ['prospects rating 2 (below)', 'market_prospects', { prospectsRating: 2 }, 'fail'],
  ['management rating 3 (at threshold)', 'management_team', { managementRating: 3 }, 'pass'],
  ['management rating 5 (above)', 'management_team', { managementRating: 5 }, 'pass'],
  ['management rating 2 (below)', 'management_team', { managementRating: 2 }, 'fail'],
  ['no violations', 'no_major_violation', {}, 'pass'],
  ['one violation of the controlling shareholder', 'no_major_violation', { controllingShareholder: holder({ majorViolations36m: 1 }) }, 'fail'],
  ['one violation of the actual controller', 'no_major_violation', { actualController: controller({ majorViolations36m: 1 }) }, 'fail'],
  ['a dated violation 35 months back', 'no_major_violation', { actualController: controller({ violations: [{ date: '2016-07-31' }] }) }, 'fail'],
  ['a dated violation exactly 36 months back', 'no_major_violation', { actualController: controller({ violations: [{ date: '2016-06-30' }] }) }, 'fail'],
  ['a dated violation 36 months and a day back', 'no_major_violation', { actualController: controller({ violations: [{ date: '2016-06-29' }] }) }, 'pass'],
  ['no dishonesty record', 'no_dishonesty_record', {}, 'pass'],
  ['the company is a dishonest debtor', 'no_dishonesty_record', { companyDishonestDebtor: true }, 'fail'],
  ['the controlling shareholder is a dishonest debtor', 'no_dishonesty_record', { controllingShareholder: holder({ dishonestDebtor: true }) }, 'fail'],
  ['the actual controller is a dishonest debtor', 'no_dishonesty_record', { actualController: controller({ dishonestDebtor: true }) }, 'fail'],
];

describe('screening criteria', () => {
  for (const [label, id, change, expected] of TABLE) {
    it(`${id}: ${label} → ${expected}`, () => {
      expect(outcomeOf(id, eligibleApplicant(change))).to.equal(expected);
    });
  }

  describe('absent data is review, never pass', () => {
    const MISSING: Array<[CriterionId, string, Applicant]> = [
      ['listed', 'exchange', without(eligibleApplicant(), 'exchange')],
      ['listed', 'listingStatus', without(eligibleApplicant(), 'listingStatus')],
      ['risk_warning', 'riskWarning', without(eligibleApplicant(), 'riskWarning')],
      ['district', 'registeredDistrict', without(eligibleApplicant(), 'registeredDistrict')],
      ['real_economy', 'industrySection', without(eligibleApplicant(), 'industrySection')],
      ['main_business_focus', 'mainBusinessRevenue', without(eligibleApplicant(), 'mainBusinessRevenue')],
      ['main_business_focus', 'totalRevenue', without(eligibleApplicant(), 'totalRevenue')],
      ['operating_condition', 'netAssets', without(eligibleApplicant(), 'netAssets')],
      ['operating_condition', 'netProfit', without(eligibleApplicant(), 'netProfit')],
      ['operating_condition', 'operatingCashFlow', without(eligibleApplicant(), 'operatingCashFlow')],
      ['market_prospects', 'prospectsRating', without(eligibleApplicant(), 'prospectsRating')],
      ['management_team', 'managementRating', without(eligibleApplicant(), 'managementRating')],
      ['no_major_violation', 'actualController', without(eligibleApplicant(), 'actualController')],
      ['no_major_violation', 'controllingShareholder violations and dishonesty', eligibleApplicant({ controllingShareholder: { sharesHeld: 400_000_000, sharesPledged: 160_000_000 } })],
      ['no_dishonesty_record', 'companyDishonestDebtor', without(eligibleApplicant(), 'companyDishonestDebtor')],
      ['no_dishonesty_record', 'actualController.dishonestDebtor', eligibleApplicant({ actualController: { name: '张三', majorViolations36m: 0 } })],
    ];
    for (const [id, label, applicant] of MISSING) {
      it(`${id} without ${label} → review`, () => {
        const result = evaluateCriteria(applicant, DEFAULT_RULESET, ON).find((c) => c.id === id)!;
        expect(result.outcome).to.equal('review');
        expect(result.reason.en).to.match(/missing|review/);
        expect(result.reason.zh).to.have.length.above(0);
      });
    }

    it('an applicant with only a stock code and name needs review on every criterion and is never eligible', () => {
      const bare = { stockCode: '600001.SH', name: '空' };
      const results = evaluateCriteria(bare, DEFAULT_RULESET, ON);
      expect(results.map((r) => r.outcome)).to.deep.equal(Array(10).fill('review'));
      expect(decide(results)).to.equal('needs_review');
    });

    it('a fail the known figures settle is reported even when other figures are absent', () => {
      expect(outcomeOf('operating_condition', without(eligibleApplicant({ netAssets: '-1.00' }), 'netProfit'))).to.equal('fail');
      expect(outcomeOf('listed', without(eligibleApplicant({ listingStatus: 'delisted' }), 'exchange'))).to.equal('fail');
      expect(outcomeOf('no_dishonesty_record', without(eligibleApplicant({ companyDishonestDebtor: true }), 'actualController'))).to.equal('fail');
    });
  });

  describe('rule set parameters are data', () => {
    it('a wider district list, a stricter focus threshold and a higher rating bar change the outcomes', () => {
      const rules: Ruleset = { ...DEFAULT_RULESET, eligibleDistricts: ['330110', '330113'], minMainBusinessShare: '0.95', minProspectsRating: 5 };
      expect(outcomeOf('district', eligibleApplicant({ registeredDistrict: '330113' }), rules)).to.equal('pass');
      expect(outcomeOf('main_business_focus', eligibleApplicant(), rules)).to.equal('fail');
      expect(outcomeOf('market_prospects', eligibleApplicant({ prospectsRating: 4 }), rules)).to.equal('fail');
    });

    it('a shorter look-back settles a zero 36-month count but not a positive one; a longer one the reverse', () => {
      const short = { ...DEFAULT_RULESET, violationLookBackMonths: 24 };
      const long = { ...DEFAULT_RULESET, violationLookBackMonths: 60 };
      expect(outcomeOf('no_major_violation', eligibleApplicant(), short)).to.equal('pass');
      expect(outcomeOf('no_major_violation', eligibleApplicant({ actualController: controller({ majorViolations36m: 1 }) }), short)).to.equal('review');
      expect(outcomeOf('no_major_violation', eligibleApplicant(), long)).to.equal('review');
      expect(outcomeOf('no_major_violation', eligibleApplicant({ actualController: controller({ majorViolations36m: 1 }) }), long)).to.equal('fail');
    });

    it('maxMajorViolations allows that many', () => {
      const lenient = { ...DEFAULT_RULESET, maxMajorViolations: 1 };
      expect(outcomeOf('no_major_violation', eligibleApplicant({ actualController: controller({ majorViolations36m: 1 }) }), lenient)).to.equal('pass');
      expect(outcomeOf('no_major_violation', eligibleApplicant({ actualController: controller({ majorViolations36m: 2 }) }), lenient)).to.equal('fail');
    });
  });

  describe('decision', () => {
    it('is eligible when every criterion passes, with a reason in Chinese and English for each', () => {
      const results = evaluateCriteria(eligibleApplicant(), DEFAULT_RULESET, ON);
      expect(results).to.have.length(CRITERIA.length).and.length(10);
      expect(results.every((r) => r.outcome === 'pass' && r.reason.zh && r.reason.en)).to.equal(true);
      expect(decide(results)).to.equal('eligible');
    });

    it('is needs_review when something is for review and nothing fails', () => {
      expect(decide(evaluateCriteria(eligibleApplicant({ riskWarning: 'ST' }), DEFAULT_RULESET, ON))).to.equal('needs_review');
    });

    it('is ineligible when one criterion fails even if others are for review', () => {
      const applicant = eligibleApplicant({ riskWarning: 'ST', industrySection: 'K' });
      expect(decide(evaluateCriteria(applicant, DEFAULT_RULESET, ON))).to.equal('ineligible');
    });

    it('reports several failures at once, each with its own reason', () => {
      const applicant = eligibleApplicant({
        riskWarning: '*ST',
        registeredDistrict: '310101',
        industrySection: 'J',
        managementRating: 1,
        companyDishonestDebtor: true,
      });
      const results = evaluateCriteria(applicant, DEFAULT_RULESET, ON);
      const failed = results.filter((r) => r.outcome === 'fail').map((r) => r.id);
      expect(failed).to.deep.equal(['risk_warning', 'district', 'real_economy', 'management_team', 'no_dishonesty_record']);
      expect(results.find((r) => r.id === 'district')!.reason.en).to.contain('310101');
      expect(results.find((r) => r.id === 'district')!.reason.zh).to.contain('310101');
      expect(decide(results)).to.equal('ineligible');
    });
  });
});
