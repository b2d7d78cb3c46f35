import { expect } from 'chai';
import Big from 'big.js';
import type { Applicant } from '../../../../src/domain/screening/applicant';
import { assessPledgeRisk } from '../../../../src/domain/screening/pledge-risk';
import { DEFAULT_RULESET } from '../../../../src/domain/screening/ruleset';
import { boardOf, limitDownDays, limitDownPrice, limitRatio, parseLimit } from '../../../../src/domain/watch/limit-down';
import { limitDownDistance } from '../../../../src/domain/watch/limit-down-distance';

describe('limit-down distance (跌停板数)', () => {
  it('tells the board from the stock code', () => {
    const boards = ['600001.SH', '000001.SZ', '002001.SZ', '300001.SZ', '301001.SZ', '688001.SH', '689009.SH', '830001.BJ'].map((c) => boardOf(c));
    expect(boards).to.deep.equal(['main', 'main', 'main', 'chinext', 'chinext', 'star', 'star', 'bse']);
    expect(boardOf('430001.SH', 'BSE')).to.equal('bse');
  });

  it('limits the main board 10%, ChiNext and STAR 20%, BSE 30%, and ST on the main board 5%', () => {
    expect([limitRatio('main'), limitRatio('chinext'), limitRatio('star'), limitRatio('bse')]).to.deep.equal(['0.10', '0.20', '0.20', '0.30']);
    expect([limitRatio('main', 'ST'), limitRatio('main', '*ST'), limitRatio('main', 'none')]).to.deep.equal(['0.05', '0.05', '0.10']);
    expect([limitRatio('chinext', 'ST'), limitRatio('star', '*ST'), limitRatio('bse', 'ST')]).to.deep.equal(['0.20', '0.20', '0.30']);
  });

  it('takes a configured limit for main-board ST stocks, and refuses one that is not a limit', () => {
    expect(limitRatio('main', 'ST', '0.10')).to.equal('0.10');
    expect(limitRatio('chinext', 'ST', '0.10')).to.equal('0.20');
    expect([parseLimit('0.05'), parseLimit('0.1')]).to.deep.equal(['0.05', '0.10']);
    for (const bad of ['5%', '0', '1.00', '0.00', '0.055', '.05']) expect(() => parseLimit(bad), bad).to.throw(/daily limit/);
  });

  const table: Array<[string, string, string]> = [
    // previous close, limit, limit-down price: × (1 − limit), half-up to the 0.01 tick
    ['10.05', '0.10', '9.05'], // 9.045 → 9.05 (half-up, not half-even 9.04)
    ['9.50', '0.05', '9.03'], // 9.025 → 9.03
    ['4.30', '0.05', '4.09'], // 4.085 → 4.09
    ['3.33', '0.05', '3.16'], // 3.1635 → 3.16
    ['12.34', '0.20', '9.87'], // 9.872 → 9.87
    ['7.15', '0.30', '5.01'], // 5.005 → 5.01
    ['10.2345', '0.10', '9.21'], // a 4-decimal close: 9.21105 → 9.21
  ];
  for (const [close, ratio, expected] of table) {
    it(`limit-down from ${close} at ${ratio} is ${expected}`, () => {
      expect(limitDownPrice(new Big(close), ratio).toFixed(2)).to.equal(expected);
    });
  }

  // 100,000,000 shares against D = 500,000,000 at the 1.40 line: liquidation price 7.00.
  const atLiquidation = new Big('500000000').times('1.40');
  const days = (price: string, ratio: string) => limitDownDays(new Big(price), ratio, { pledgedShares: 100_000_000, atLiquidation });

  it('counts the limit-down closes to the liquidation price, hand-computed per board', () => {
    // main 10%: 10.00 → 9.00 → 8.10 → 7.29 → 6.56
    expect(days('10.00', '0.10')).to.equal(4);
    // ST 5%: 10.00 → 9.50 → 9.03 → 8.58 → 8.15 → 7.74 → 7.35 → 6.98
    expect(days('10.00', '0.05')).to.equal(7);
    // ChiNext / STAR 20%: 10.00 → 8.00 → 6.40
    expect(days('10.00', '0.20')).to.equal(2);
    // BSE 30%: 10.00 → 7.00, exactly at the line, which counts as reaching it
    expect(days('10.00', '0.30')).to.equal(1);
  });

  it('is 0 at or below the liquidation price, and unknown when the tick stops the fall first', () => {
    expect(days('7.00', '0.10')).to.equal(0);
    expect(days('6.50', '0.05')).to.equal(0);
    // 0.10 × 0.95 = 0.095 rounds back to 0.10: the price cannot fall by limit-downs any further.
    expect(limitDownDays(new Big('0.10'), '0.05', { pledgedShares: 100, atLiquidation: new Big('1') })).to.equal(null);
  });

  it("reports the company's weakest tranche, with the board and limit it used", () => {
    const applicant: Applicant = {
      stockCode: '600001.SH',
      name: '示例',
      riskWarning: 'ST',
      sharePrice: '10.00',
      pledges: [
        { lender: '甲', pledgedShares: 100_000_000, principal: '500000000.00' },
        { lender: '乙', pledgedShares: 100_000_000, principal: '200000000.00' },
        { lender: '丙', pledgedShares: 100_000_000, principal: '100.00', repaid: '100.00' },
      ],
    };
    const distance = limitDownDistance(applicant, assessPledgeRisk(applicant, DEFAULT_RULESET.pledge));
    // 甲 liquidation price 7.00 (7 ST closes, as above); 乙 2.80, further away; 丙 repaid, no debt.
    expect(distance.board).to.equal('main');
    expect(distance.limitRatio).to.equal('0.05');
    expect(distance.tranches[0]).to.deep.equal({ lender: '甲', days: 7 });
    expect(distance.tranches[2]).to.deep.equal({ lender: '丙', days: null });
    expect(distance.tranches[1].days).to.be.greaterThan(7);
    expect(distance.days).to.equal(7);
  });
});
