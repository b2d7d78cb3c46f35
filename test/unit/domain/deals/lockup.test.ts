import { expect } from 'chai';
import fc from 'fast-check';
import { addDays } from '../../../../src/domain/dates';
import { DomainError } from '../../../../src/domain/errors';
import { lockupEndsOn, sellableShares, sellingLimitProblem, type Sale, type SaleRequest, type SellableInput } from '../../../../src/domain/deals/lockup';
import { SELLING_RULES, rulesInForce, type SellingRule } from '../../../../src/domain/deals/selling-rules';

const TOTAL = 100_000_000; // 1% = 1,000,000; 2% = 2,000,000; 5% = 5,000,000

/** A 6% holder of 600000.SH by private placement, long out of its lock-up. */
function holding(overrides: Partial<SellableInput> = {}): SellableInput {
  return {
    stockCode: '600000.SH',
    acquisitionMode: 'private_placement',
    acquiredOn: '2024-07-01',
    holderCategory: 'general',
    sharesHeld: 6_000_000,
    totalShares: TOTAL,
    asOf: '2026-03-01',
    sales: [],
    ...overrides,
  };
}
const sale = (date: string, channel: Sale['channel'], shares: number): Sale => ({ date, channel, shares });
const request = (channel: Sale['channel'], shares: number, overrides: Partial<SellableInput> = {}): SaleRequest => {
  const { asOf, ...rest } = holding(overrides);
  return { ...rest, channel, shares, date: asOf };
};

describe('lock-up ends by the dated rule table', () => {
  type Row = [string, Parameters<typeof lockupEndsOn>[0], string | null, string | null];
  const ROWS: Row[] = [
    ['a placement issued 2024-01-10 is locked 6 months, to the corresponding day', { acquisitionMode: 'private_placement', acquiredOn: '2024-01-10', holderCategory: 'general' }, '2024-07-10', 'private-placement-2023-general'],
    ['a strategic subscriber of 2024 is locked 18 months', { acquisitionMode: 'private_placement', acquiredOn: '2024-01-10', holderCategory: 'strategic' }, '2025-07-10', 'private-placement-2023-strategic'],
    ['issued the day before the 2020 revision: 12 months', { acquisitionMode: 'private_placement', acquiredOn: '2020-02-13', holderCategory: 'general' }, '2021-02-13', 'private-placement-2006-general'],
    ['issued on the day of the 2020 revision: 6 months', { acquisitionMode: 'private_placement', acquiredOn: '2020-02-14', holderCategory: 'general' }, '2020-08-14', 'private-placement-2020-general'],
    ['a controller subscribing in 2019: 36 months', { acquisitionMode: 'private_placement', acquiredOn: '2019-06-30', holderCategory: 'strategic' }, '2022-06-30', 'private-placement-2006-strategic'],
    ['a strategic subscriber of 2021: 18 months', { acquisitionMode: 'private_placement', acquiredOn: '2021-03-15', holderCategory: 'strategic' }, '2022-09-15', 'private-placement-2020-strategic'],
    ['no corresponding day: the last day of the month', { acquisitionMode: 'private_placement', acquiredOn: '2023-08-31', holderCategory: 'general' }, '2024-02-29', 'private-placement-2023-general'],
    ['a block bought in 2025 is locked 6 months', { acquisitionMode: 'block_trade', acquiredOn: '2025-03-03', holderCategory: 'general' }, '2025-09-03', 'block-trade-buyer-2024'],
    ['a block bought in 2018 is locked 6 months', { acquisitionMode: 'block_trade', acquiredOn: '2018-03-03', holderCategory: 'general' }, '2018-09-03', 'block-trade-buyer-2017'],
    ['a block bought before the 2017 rules is not locked', { acquisitionMode: 'block_trade', acquiredOn: '2016-01-05', holderCategory: 'general' }, null, null],
    ['an agreement transfer of 2024-06-01 is locked 6 months', { acquisitionMode: 'agreement_transfer', acquiredOn: '2024-06-01', holderCategory: 'general' }, '2024-12-01', 'agreement-transfer-buyer-2024'],
    ['an agreement transfer of 2023 is not locked', { acquisitionMode: 'agreement_transfer', acquiredOn: '2023-06-01', holderCategory: 'general' }, null, null],
    ['a longer undertaking wins', { acquisitionMode: 'private_placement', acquiredOn: '2024-01-10', holderCategory: 'general', contractualLockupEndsOn: '2025-01-10' }, '2025-01-10', 'contractual'],
    ['a shorter undertaking does not shorten the rule', { acquisitionMode: 'private_placement', acquiredOn: '2024-01-10', holderCategory: 'general', contractualLockupEndsOn: '2024-03-01' }, '2024-07-10', 'private-placement-2023-general'],
    ['no mode, no undertaking: not locked', { acquisitionMode: null, acquiredOn: '2024-01-10', holderCategory: 'general' }, null, null],
    ['no mode, an undertaking: the undertaking', { acquisitionMode: null, acquiredOn: '2024-01-10', holderCategory: 'general', contractualLockupEndsOn: '2024-05-01' }, '2024-05-01', 'contractual'],
  ];
  for (const [what, input, ends, rule] of ROWS) {
    it(what, () => expect(lockupEndsOn(input)).to.deep.equal({ lockupEndsOn: ends, rule }));
  }

  it('reads only the table it is given: a new row changes the answer without code', () => {
    const stricter: SellingRule[] = [...SELLING_RULES.filter((r) => r.id !== 'private-placement-2023-general'), { ...(SELLING_RULES.find((r) => r.id === 'private-placement-2023-general') as SellingRule), id: 'test-9-months', months: 9 } as SellingRule];
    expect(lockupEndsOn({ acquisitionMode: 'private_placement', acquiredOn: '2024-01-10', holderCategory: 'general' }, stricter)).to.deep.equal({ lockupEndsOn: '2024-10-10', rule: 'test-9-months' });
  });
});

describe('the rule table', () => {
  it('has unique ids, ordered dates, and a Chinese source with an English gloss on every row', () => {
    expect(new Set(SELLING_RULES.map((r) => r.id)).size).to.equal(SELLING_RULES.length);
    for (const r of SELLING_RULES) {
      expect(r.effectiveTo === undefined || r.effectiveFrom <= r.effectiveTo, r.id).to.equal(true);
      expect(r.source.title, r.id).to.match(/[\u4e00-\u9fff]/);
      expect(r.source.gloss, r.id).to.match(/^[\x20-\x7e]+$/);
    }
  });

  it('has at most one row per question on any day, and private placements covered without a gap since 2006', () => {
    const key = (r: SellingRule) => (r.kind === 'lockup' ? `${r.acquisitionMode}/${r.holderCategory}` : r.kind === 'selling_limit' ? r.channel : r.kind === 'status_tail' ? r.trigger : '');
    const days = SELLING_RULES.flatMap((r) => [r.effectiveFrom, r.effectiveTo ?? r.effectiveFrom, addDays(r.effectiveFrom, -1)]);
    for (const day of days) {
      for (const kind of ['lockup', 'selling_limit', 'transfer_minimum', 'status_tail'] as const) {
        const keys = rulesInForce(kind, day).map(key);
        expect(new Set(keys).size, `${kind} on ${day}`).to.equal(keys.length);
      }
    }
    for (let day = '2006-05-08'; day <= '2027-01-01'; day = addDays(day, 7)) {
      const rows = rulesInForce('lockup', day).filter((r) => r.acquisitionMode === 'private_placement');
      expect(rows.map((r) => r.holderCategory).sort(), day).to.deep.equal(['general', 'strategic']);
    }
  });
});

describe('what a holding may sell over the next 90 days', () => {
  it('sells nothing while locked, and says what frees up within the window', () => {
    const s = sellableShares(holding({ acquiredOn: '2025-09-01', asOf: '2026-02-01' }));
    expect(s).to.include({ lockupEndsOn: '2026-03-01', lockupRule: 'private-placement-2023-general', exchange: 0, blockTrade: 0, agreementTransfer: null, limited: true });
    expect(s.reason).to.equal('locked until 2026-03-01 (private-placement-2023-general); sellable from 2026-03-02');
    expect(s.window).to.deep.equal({ from: '2026-02-01', to: '2026-05-01' });
    expect(s.afterLockup).to.deep.equal({ from: '2026-03-02', exchange: 1_000_000, blockTrade: 2_000_000 });
    expect(sellableShares(holding({ acquiredOn: '2025-09-01', asOf: '2025-10-01' })).afterLockup).to.equal(null);
  });

  it('is locked on the last day of the lock-up and free the day after', () => {
    expect(sellableShares(holding({ acquiredOn: '2025-09-01', asOf: '2026-03-01' })).exchange).to.equal(0);
    expect(sellableShares(holding({ acquiredOn: '2025-09-01', asOf: '2026-03-02' })).exchange).to.equal(1_000_000);
  });

  it('gives a 5%-or-more holder 1% on the exchange and 2% by block trade, less that channel\'s sales of the last 90 days', () => {
    const s = sellableShares(holding({ sales: [sale('2025-12-01', 'exchange', 300_000), sale('2025-12-02', 'exchange', 500_000), sale('2026-01-15', 'block_trade', 1_500_000), sale('2026-02-01', 'buyback', 100_000)] }));
    expect(s).to.include({ exchange: 500_000, blockTrade: 500_000, limited: true, soldSince: '2025-12-02' });
    expect(s.window).to.deep.equal({ from: '2026-03-01', to: '2026-05-29' });
    expect(s.agreementTransfer).to.deep.equal({ minimum: 5_000_000 });
    expect(s.reason).to.equal('holds 6.00% of total shares (at least 5%): 1% per 90 days (exchange-1pct-2024), 2% per 90 days (block-trade-2pct-2024)');
    expect(s.caps.exchange).to.deep.include({ rule: 'exchange-1pct-2024', limitShares: 1_000_000, soldInWindow: 500_000 });
  });

  it('counts exactly 5% as a major holder, and the holder with its concert parties when given', () => {
    expect(sellableShares(holding({ sharesHeld: 5_000_000 })).exchange).to.equal(1_000_000);
    expect(sellableShares(holding({ sharesHeld: 4_999_999 })).exchange).to.equal(4_999_999);
    const part = sellableShares(holding({ sharesHeld: 400_000, holderShares: 6_000_000 }));
    expect(part).to.include({ exchange: 400_000, blockTrade: 400_000, limited: true });
  });

  it('leaves a holder below 5% without specific shares unlimited (2024 rules)', () => {
    const s = sellableShares(holding({ sharesHeld: 3_000_000 }));
    expect(s).to.include({ exchange: 3_000_000, blockTrade: 3_000_000, limited: false });
    expect(s.reason).to.equal('holds 3.00% of total shares, below 5%, and no specific shares: no selling limit');
  });

  it('limited a holder of placement shares below 5% under the 2017 rules, as specific shares', () => {
    const s = sellableShares(holding({ sharesHeld: 3_000_000, acquiredOn: '2021-01-04', asOf: '2023-06-01' }));
    expect(s).to.include({ exchange: 1_000_000, blockTrade: 2_000_000, limited: true });
    expect(s.reason).to.match(/private placement shares, specific shares \(特定股份\) under exchange-1pct-2017/);
  });

  it('keeps the limits for 6 months after an agreement transfer takes the holder below 5%', () => {
    const after = { sharesHeld: 2_000_000, acquiredOn: '2023-01-03', sales: [sale('2025-01-10', 'agreement_transfer', 5_000_000)] };
    const within = sellableShares(holding({ ...after, asOf: '2025-07-10' }));
    expect(within).to.include({ exchange: 1_000_000, blockTrade: 2_000_000, limited: true });
    expect(within.reason).to.match(/fell below 5% on 2025-01-10 by agreement transfer, so the major-holder limits continue until 2025-07-10 \(agreement-transfer-tail-2024\)/);
    expect(sellableShares(holding({ ...after, asOf: '2025-07-11' }))).to.include({ exchange: 2_000_000, limited: false });
  });

  it('kept only the exchange limit after such a transfer under the 2017 rules', () => {
    const s = sellableShares(holding({ acquisitionMode: 'block_trade', acquiredOn: '2021-01-04', sharesHeld: 1_500_000, asOf: '2023-05-01', sales: [sale('2023-02-01', 'agreement_transfer', 5_000_000)] }));
    expect(s).to.include({ exchange: 1_000_000, blockTrade: 1_500_000 });
    expect(s.caps.exchange?.why).to.match(/agreement-transfer-tail-2017/);
  });

  it('keeps the limits for 90 days after any sale that ends major-holder status (2024)', () => {
    const sold = { sharesHeld: 4_900_000, acquiredOn: '2023-01-03', sales: [sale('2025-03-01', 'exchange', 100_000)] };
    expect(sellableShares(holding({ ...sold, asOf: '2025-05-30' }))).to.include({ exchange: 1_000_000, limited: true });
    expect(sellableShares(holding({ ...sold, asOf: '2025-05-31' }))).to.include({ exchange: 4_900_000, limited: false });
  });

  it('floors the limits and rounds the 5% minimum up, in integers', () => {
    const s = sellableShares(holding({ totalShares: 123_456_789, sharesHeld: 9_000_000 }));
    expect(s).to.include({ exchange: 1_234_567, blockTrade: 2_469_135 });
    expect(s.agreementTransfer).to.deep.equal({ minimum: 6_172_840 });
  });

  it('cannot compute the limits without the total shares', () => {
    const s = sellableShares(holding({ totalShares: null }));
    expect(s).to.include({ exchange: null, blockTrade: null, agreementTransfer: null, limited: null });
    expect(s.reason).to.match(/total shares are unknown/);
  });

  it('refuses share counts that are not whole numbers and dates that are not dates', () => {
    expect(() => sellableShares(holding({ sharesHeld: 1.5 }))).to.throw(DomainError, /sharesHeld: must be a whole number/);
    expect(() => sellableShares(holding({ sales: [sale('2026-01-01', 'exchange', -5)] }))).to.throw(DomainError, /sales.0.shares/);
    expect(() => sellableShares(holding({ asOf: '2026-02-30' }))).to.throw(DomainError, /asOf: must be a date/);
  });

  const sales = fc.array(
    fc.record({ date: fc.integer({ min: -200, max: 0 }).map((d) => addDays('2026-03-01', d)), channel: fc.constantFrom<Sale['channel']>('exchange', 'block_trade', 'agreement_transfer', 'buyback'), shares: fc.integer({ min: 1, max: 3_000_000 }) }),
    { maxLength: 8 },
  );

  it('never sells a negative number or more than is held', () => {
    fc.assert(
      fc.property(sales, fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 1, max: 200_000_000 }), (list, held, total) => {
        const s = sellableShares(holding({ sharesHeld: held, totalShares: total, sales: list }));
        return [s.exchange!, s.blockTrade!].every((n) => Number.isSafeInteger(n) && n >= 0 && n <= held);
      }),
    );
  });

  it('takes a sale in the window off the figure one for one', () => {
    fc.assert(
      fc.property(sales, fc.integer({ min: -89, max: 0 }), fc.integer({ min: 1, max: 1_500_000 }), (list, day, shares) => {
        const major = { sharesHeld: 10_000_000, holderShares: 50_000_000 };
        const before = sellableShares(holding({ ...major, sales: list })).exchange!;
        const after = sellableShares(holding({ ...major, sales: [...list, sale(addDays('2026-03-01', day), 'exchange', shares)] })).exchange!;
        return after === Math.max(before - shares, 0);
      }),
    );
  });
});

describe('whether a sale is within the limits', () => {
  const sold = { sales: [sale('2025-12-02', 'exchange', 500_000)] };

  it('refuses an exchange sale above what is left of 1% in 90 days, with the figures', () => {
    const problem = sellingLimitProblem(request('exchange', 600_000, sold));
    expect(problem).to.be.instanceOf(DomainError);
    expect(problem!.code).to.equal('SELLING_LIMIT_EXCEEDED');
    expect(problem!.message).to.equal(
      'selling 600,000 shares of 600000.SH on the exchange on 2026-03-01 exceeds the 1% per 90 days limit: 500,000 sellable from 2026-03-01 to 2026-05-29 ' +
        '(500,000 sold since 2025-12-02; holds 6.00% of total shares (at least 5%))',
    );
    expect(problem!.details).to.deep.equal({
      channel: 'exchange', shares: 600_000, sellable: 500_000, lockupEndsOn: '2025-01-01', limitPercent: '1%', windowFrom: '2026-03-01',
      windowTo: '2026-05-29', soldInWindow: 500_000, soldSince: '2025-12-02', totalShares: TOTAL, rule: 'exchange-1pct-2024',
    });
    expect(sellingLimitProblem(request('exchange', 500_000, sold))).to.equal(null);
  });

  it('refuses a block trade above 2% in 90 days', () => {
    expect(sellingLimitProblem(request('block_trade', 2_000_001))?.message).to.match(/by block trade on 2026-03-01 exceeds the 2% per 90 days limit: 2,000,000 sellable/);
    expect(sellingLimitProblem(request('block_trade', 2_000_000))).to.equal(null);
  });

  it('refuses a sale while locked, naming the end of the lock-up', () => {
    const problem = sellingLimitProblem(request('block_trade', 1_000, { acquiredOn: '2025-12-01' }));
    expect(problem?.message).to.equal('selling 1,000 shares of 600000.SH by block trade on 2026-03-01 is refused: the shares are locked until 2026-06-01 (private-placement-2023-general), sellable from 2026-06-02');
    expect(problem?.details).to.include({ lockupEndsOn: '2026-06-01', rule: 'private-placement-2023-general', sellable: 0 });
  });

  it('never limits a buyback, locked or not', () => {
    expect(sellingLimitProblem(request('buyback', 6_000_000, { acquiredOn: '2025-12-01' }))).to.equal(null);
    expect(sellingLimitProblem(request('buyback', 6_000_000, { totalShares: null }))).to.equal(null);
  });

  it('refuses an agreement transfer below 5% of the total shares', () => {
    expect(sellingLimitProblem(request('agreement_transfer', 4_999_999))?.message).to.equal(
      'selling 4,999,999 shares of 600000.SH by agreement transfer on 2026-03-01 is refused: an agreement transfer needs at least 5% of the 100,000,000 total shares per transferee, 5,000,000 shares (agreement-transfer-5pct-2024)',
    );
    expect(sellingLimitProblem(request('agreement_transfer', 5_000_000))).to.equal(null);
    expect(sellingLimitProblem(request('agreement_transfer', 6_000_001))?.message).to.match(/exceeds the 6,000,000 shares held/);
  });

  it('refuses what cannot be checked when the total shares are unknown', () => {
    const problem = sellingLimitProblem(request('exchange', 1, { totalShares: null }));
    expect(problem?.message).to.match(/cannot be checked against the selling limits: the company's total shares are unknown/);
    expect(problem?.details).to.include({ sellable: null, totalShares: null });
  });

  it('lets an unlimited holder sell what it holds, and no more', () => {
    expect(sellingLimitProblem(request('exchange', 3_000_000, { sharesHeld: 3_000_000 }))).to.equal(null);
    expect(sellingLimitProblem(request('exchange', 3_000_001, { sharesHeld: 3_000_000 }))?.message).to.match(/exceeds the 3,000,000 shares held/);
  });
});
