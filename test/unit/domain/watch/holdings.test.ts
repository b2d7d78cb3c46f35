import { expect } from 'chai';
import { valueHolding, markToMarketValue, shareOf } from '../../../../src/domain/watch/holding-value';
import {
  DEFAULT_DISCOUNT_TABLE,
  liquidityDiscount,
  lockUpEnds,
  parseDiscountTable,
  parseLockUpMonths,
  remainingLockUpDays,
} from '../../../../src/domain/watch/liquidity-discount';
import { isStale, tradingDaysSince } from '../../../../src/domain/watch/price-staleness';
import { DEFAULT_WATCH_SETTINGS } from '../../../../src/domain/watch/watch-settings';

describe("the fund's holdings on the watch", () => {
  it('values a holding at a close: average cost, market value and unrealised gain, exact to the fen', () => {
    // 3,000,000 shares costing 30,000,000.00 at 11.2345: 33,703,500.00, gain 3,703,500.00.
    expect(valueHolding({ sharesHeld: 3_000_000, cost: 3_000_000_000n, close: 112_345n })).to.deep.equal({
      averageCost: '10.0000',
      marketValue: 3_370_350_000n,
      unrealisedGain: 370_350_000n,
    });
    // 333 × 1.2345 = 411.0885 → 411.09; 400.00 / 333 = 1.2012…
    expect(valueHolding({ sharesHeld: 333, cost: 40_000n, close: 12_345n })).to.deep.equal({ averageCost: '1.2012', marketValue: 41_109n, unrealisedGain: 1_109n });
    expect(valueHolding({ sharesHeld: 333, cost: 40_000n, close: null })).to.deep.equal({ averageCost: '1.2012', marketValue: null, unrealisedGain: null });
  });

  it('books mark-to-market at market value less the liquidity discount, half-up to the fen', () => {
    expect(markToMarketValue(1_000_000, 100_000n, '0.1500')).to.equal(850_000_000n);
    // 333 × 1.2345 × 0.95 = 390.534075 → 390.53
    expect(markToMarketValue(333, 12_345n, '0.05')).to.equal(39_053n);
    expect(markToMarketValue(333, 12_345n, '0')).to.equal(41_109n);
  });

  it('gives exposure as a 4-dp share of the whole', () => {
    expect(shareOf(1n, 3n)).to.equal('0.3333');
    expect(shareOf(2n, 3n)).to.equal('0.6667');
    expect(shareOf(1n, 0n)).to.equal(null);
  });

  it('discounts by remaining lock-up days from the default table', () => {
    const table = parseDiscountTable(DEFAULT_DISCOUNT_TABLE);
    const at = [0, 1, 90, 91, 180, 181, 365, 366, 1000].map((d) => liquidityDiscount(d, table));
    expect(at).to.deep.equal(['0.0000', '0.0500', '0.0500', '0.1000', '0.1000', '0.1500', '0.1500', '0.2000', '0.2000']);
  });

  it('counts the lock-up from the acquisition mode and date', () => {
    const months = DEFAULT_WATCH_SETTINGS.lockUpMonths;
    expect(lockUpEnds('private_placement', '2019-07-01', months)).to.equal('2020-01-01');
    expect(lockUpEnds('agreement_transfer', '2019-08-31', months)).to.equal('2020-02-29');
    expect(lockUpEnds('block_trade', '2019-07-01', months)).to.equal(null);
    expect(lockUpEnds(null, '2019-07-01', months)).to.equal(null);
    // 2019-10-01 to 2020-01-01: 92 days left, the 91-day band.
    expect(remainingLockUpDays('2020-01-01', '2019-10-01')).to.equal(92);
    expect(remainingLockUpDays('2020-01-01', '2020-03-01')).to.equal(0);
    expect(parseLockUpMonths('private_placement:18, block_trade:6')).to.deep.equal({ private_placement: 18, block_trade: 6 });
  });

  it('refuses a discount table out of order or out of range', () => {
    expect(() => parseDiscountTable('91:0.10,1:0.05')).to.throw(/ascend/);
    expect(() => parseDiscountTable('1:1.5')).to.throw(/days:discount/);
    expect(() => parseDiscountTable('0:0.05')).to.throw(/days:discount/);
    expect(() => parseLockUpMonths('private placement:6')).to.throw(/mode:months/);
    expect(parseDiscountTable('30:0.1, 60:0.25')).to.deep.equal([
      { fromDays: 30, discount: '0.1000' },
      { fromDays: 60, discount: '0.2500' },
    ]);
  });

  it('marks a price stale after more than N trading days, weekends not counted', () => {
    // Friday 2019-07-05: Monday is 1 trading day later, Wednesday 3, Thursday 4.
    expect(['2019-07-06', '2019-07-07', '2019-07-08', '2019-07-10', '2019-07-11'].map((d) => tradingDaysSince('2019-07-05', d))).to.deep.equal([0, 0, 1, 3, 4]);
    expect(isStale('2019-07-05', '2019-07-10', 3)).to.equal(false);
    expect(isStale('2019-07-05', '2019-07-11', 3)).to.equal(true);
    expect(isStale('2019-07-05', '2019-07-05', 0)).to.equal(false);
  });
});
