import { expect } from 'chai';
import fc from 'fast-check';
import type { Applicant, PledgeTranche } from '../../../../src/domain/screening/applicant';
import { severity, type PledgeLevel } from '../../../../src/domain/screening/pledge-level';
import { assessPledgeRisk } from '../../../../src/domain/screening/pledge-risk';
import { formatPrice } from '../../../../src/domain/screening/price';
import { DEFAULT_RULESET, type PledgeRules } from '../../../../src/domain/screening/ruleset';

const RULES = DEFAULT_RULESET.pledge;

/**
 * 100,000 shares pledged against D = 1,200,000 − 300,000 + 100,000 = 1,000,000 yuan, so coverage
 * is price / 10: 14.00 sits exactly on the 1.40 line, 16.00 on the 1.60 line. The controlling
 * shareholder pledges 10% of its holding, the company 1%: low ratios, so the tranche decides.
 */
function applicant(price: string | undefined, t: Partial<PledgeTranche> = {}, extra: Partial<Applicant> = {}): Applicant {
  return {
    stockCode: '600001.SH',
    name: '示例',
    sharePrice: price,
    totalShares: 10_000_000,
    pledgedSharesTotal: 100_000,
    controllingShareholder: { sharesHeld: 1_000_000, sharesPledged: 100_000 },
    pledges: [{ pledgedShares: 100_000, principal: '1200000.00', repaid: '300000.00', accruedInterest: '100000.00', ...t }],
    ...extra,
  };
}

const levelAt = (price: string, t: Partial<PledgeTranche> = {}, rules: PledgeRules = RULES) => assessPledgeRisk(applicant(price, t), rules).level;

describe('pledge risk', () => {
  it('re-evaluated at a stored market close (ten-thousandths of a yuan) reads exactly as the same price given in yuan', () => {
    for (const close of [140_000n, 159_999n, 51_234n, 1n]) {
      const atClose = assessPledgeRisk(applicant('21.00'), RULES, { closeE4: close });
      expect(atClose, formatPrice(close)).to.deep.equal(assessPledgeRisk(applicant(formatPrice(close)), RULES));
      expect(atClose.tranches[0].coverage).to.not.equal('2.1000');
    }
  });

  it('computes D, coverage, warning and liquidation prices, buffer and shares to restore as docs/domain.md states', () => {
    const risk = assessPledgeRisk(applicant('21.00'), RULES);
    expect(risk.tranches[0]).to.deep.include({
      outstandingDebt: '1000000.00',
      warningLine: '1.60',
      liquidationLine: '1.40',
      coverage: '2.1000',
      warningPrice: '16.0000',
      liquidationPrice: '14.0000',
      buffer: '0.5000',
      sharesToRestoreWarningLine: 0,
      level: 'normal',
    });
    expect(risk).to.include({ level: 'normal', shareholderPledgeRatio: '0.1000', companyPledgeRatio: '0.0100', sharePrice: '21.0000', minBuffer: '0.5000' });
  });

  it('rounds shares to restore the warning line up to whole shares', () => {
    // 1.6 × 1,000,000 / 3 − 100,000 = 433,333.33… → 433,334
    expect(assessPledgeRisk(applicant('3.00'), RULES).tranches[0].sharesToRestoreWarningLine).to.equal(433_334);
    expect(assessPledgeRisk(applicant('10.00'), RULES).tranches[0].sharesToRestoreWarningLine).to.equal(60_000);
  });

  describe('level boundaries (coverage exactly at a line counts as reaching it)', () => {
    const BOUNDARIES: Array<[string, Partial<PledgeTranche>, string, PledgeLevel]> = [
      ['default lines', {}, '13.9999', 'critical'],
      ['default lines', {}, '14.00', 'critical'],
      ['default lines', {}, '14.0001', 'warning'],
      ['default lines', {}, '16.00', 'warning'],
      ['default lines', {}, '16.0001', 'normal'],
      ['custom 1.50/1.30 lines', { warningLine: '1.50', liquidationLine: '1.30' }, '12.9999', 'critical'],
      ['custom 1.50/1.30 lines', { warningLine: '1.50', liquidationLine: '1.30' }, '13.00', 'critical'],
      ['custom 1.50/1.30 lines', { warningLine: '1.50', liquidationLine: '1.30' }, '13.0001', 'warning'],
      ['custom 1.50/1.30 lines', { warningLine: '1.50', liquidationLine: '1.30' }, '15.00', 'warning'],
      ['custom 1.50/1.30 lines', { warningLine: '1.50', liquidationLine: '1.30' }, '15.0001', 'normal'],
    ];
    for (const [label, lines, price, level] of BOUNDARIES) {
      it(`${label}: price ${price} → ${level}`, () => expect(levelAt(price, lines)).to.equal(level));
    }

    it('custom lines also move the warning and liquidation prices', () => {
      const t = assessPledgeRisk(applicant('20.00', { warningLine: '1.50', liquidationLine: '1.30' }), RULES).tranches[0];
      expect(t).to.include({ warningPrice: '15.0000', liquidationPrice: '13.0000', warningLine: '1.50', liquidationLine: '1.30' });
    });

    it('a rule set with other default lines applies them to tranches that state none', () => {
      expect(levelAt('15.00', {}, { ...RULES, defaultWarningLine: '1.50', defaultLiquidationLine: '1.30' })).to.equal('warning');
      expect(levelAt('15.0001', {}, { ...RULES, defaultWarningLine: '1.50', defaultLiquidationLine: '1.30' })).to.equal('normal');
    });

    it('a line that a float would miss is still reached exactly (0.1 + 0.2 style debt)', () => {
      // D = 0.10 + 0.20 = 0.30 yuan on 3 shares at 0.14: coverage 1.40 exactly.
      const risk = assessPledgeRisk(applicant('0.14', { pledgedShares: 3, principal: '0.10', repaid: '0.00', accruedInterest: '0.20' }), RULES);
      expect(risk.tranches[0].coverage).to.equal('1.4000');
      expect(risk.level).to.equal('critical');
    });

    it('the worst tranche sets the level; the smallest buffer is reported', () => {
      const risk = assessPledgeRisk(
        { ...applicant('20.00'), pledges: [...applicant('20.00').pledges!, { pledgedShares: 100_000, principal: '1400000.00' }] },
        RULES,
      );
      expect(risk.tranches.map((t) => t.level)).to.deep.equal(['normal', 'warning']);
      expect(risk.level).to.equal('warning');
      expect(risk.minBuffer).to.equal(risk.tranches[1].buffer);
    });
  });

  describe('pledge ratios', () => {
    const ratioCases: Array<[string, Partial<Applicant>, PledgeLevel, boolean]> = [
      ['shareholder ratio just under 0.50', { controllingShareholder: { sharesHeld: 1_000_000, sharesPledged: 499_999 } }, 'normal', false],
      ['shareholder ratio exactly 0.50', { controllingShareholder: { sharesHeld: 1_000_000, sharesPledged: 500_000 } }, 'elevated', false],
      ['company ratio exactly 0.50', { pledgedSharesTotal: 5_000_000 }, 'elevated', false],
      ['shareholder ratio exactly 0.80', { controllingShareholder: { sharesHeld: 1_000_000, sharesPledged: 800_000 } }, 'elevated', false],
      ['shareholder ratio just over 0.80', { controllingShareholder: { sharesHeld: 1_000_000, sharesPledged: 800_001 } }, 'elevated', true],
    ];
    for (const [label, extra, level, enhanced] of ratioCases) {
      it(`${label} → ${level}, enhancedReview ${enhanced}`, () => {
        const risk = assessPledgeRisk(applicant('30.00', {}, extra), RULES);
        expect(risk.level).to.equal(level);
        expect(risk.enhancedReview).to.equal(enhanced);
      });
    }

    it('a tranche at its warning line outranks an elevated ratio', () => {
      expect(assessPledgeRisk(applicant('16.00', {}, { pledgedSharesTotal: 9_000_000 }), RULES).level).to.equal('warning');
    });
  });

  describe('relief quota: holding value × (shareholder ratio − 0.50), capped', () => {
    const quota = (pledged: number, price = '10.00', rules = RULES) =>
      assessPledgeRisk({ stockCode: '600001.SH', name: 'x', sharePrice: price, controllingShareholder: { sharesHeld: 400_000_000, sharesPledged: pledged } }, rules).reliefQuota;
    it('is zero at or below the base ratio', () => {
      expect(quota(150_000_000)).to.equal('0.00');
      expect(quota(200_000_000)).to.equal('0.00');
    });
    it('is the formula between', () => expect(quota(250_000_000)).to.equal('500000000.00'));
    it('reaches the cap exactly and stops there', () => {
      expect(quota(300_000_000)).to.equal('1000000000.00');
      expect(quota(360_000_000)).to.equal('1000000000.00');
    });
    it('uses the rule set cap and base ratio', () => {
      expect(quota(360_000_000, '10.00', { ...RULES, reliefQuotaCap: '2000000000.00' })).to.equal('1600000000.00');
      expect(quota(250_000_000, '10.00', { ...RULES, reliefQuotaBaseRatio: '0.60' })).to.equal('100000000.00');
    });
    it('rounds half-up to the fen', () => expect(quota(200_000_001, '0.005')).to.equal('0.01'));
  });

  describe('missing data', () => {
    it('without a price: tranche prices still shown, coverage and level unknown, sharePrice listed as missing', () => {
      const risk = assessPledgeRisk(applicant(undefined), RULES);
      expect(risk.tranches[0]).to.include({ coverage: null, buffer: null, warningPrice: '16.0000', level: null });
      expect(risk.missing).to.deep.equal(['sharePrice']);
      expect(risk.reliefQuota).to.equal(null);
    });
    it('without holdings: ratios null and named as missing', () => {
      const risk = assessPledgeRisk({ stockCode: '600001.SH', name: 'x' }, RULES);
      expect(risk).to.include({ shareholderPledgeRatio: null, companyPledgeRatio: null, level: 'normal', enhancedReview: false });
      expect(risk.missing).to.deep.equal(['controllingShareholder.sharesHeld', 'controllingShareholder.sharesPledged', 'totalShares', 'pledgedSharesTotal']);
    });
    it('a fully repaid tranche carries no risk', () => {
      const risk = assessPledgeRisk(applicant('1.00', { principal: '100.00', repaid: '100.00', accruedInterest: '0.00' }), RULES);
      expect(risk.tranches[0]).to.include({ outstandingDebt: '0.00', coverage: null, level: 'normal', sharesToRestoreWarningLine: 0 });
      expect(risk.level).to.equal('normal');
    });
  });

  describe('properties', () => {
    const priceE4 = fc.bigInt({ min: 1n, max: 100_000_000n });

    it('the level never improves when the price falls', () => {
      fc.assert(
        fc.property(priceE4, priceE4, (a, b) => {
          const [low, high] = a < b ? [a, b] : [b, a];
          return severity(levelAt(formatPrice(low))) >= severity(levelAt(formatPrice(high)));
        }),
      );
    });

    it('a normal tranche needs no shares to restore the warning line and a critical one always does', () => {
      fc.assert(
        fc.property(priceE4, fc.integer({ min: 1, max: 10_000_000 }), (price, shares) => {
          const t = assessPledgeRisk(applicant(formatPrice(price), { pledgedShares: shares }), RULES).tranches[0];
          if (t.level === 'normal') return t.sharesToRestoreWarningLine === 0;
          if (t.level === 'critical') return t.sharesToRestoreWarningLine! > 0;
          return t.sharesToRestoreWarningLine! >= 0;
        }),
      );
    });
  });
});
