import { expect } from 'chai';
import fc from 'fast-check';
import { cumulativeDivision, type AccountHolder } from '../../../../src/domain/capital-accounts/apportioned-waterfall';
import { distributionSplit, navShares } from '../../../../src/domain/capital-accounts/capital-account';
import { waterfall } from '../../../helpers/whole-fund-waterfall';
import { parseYuan, type Fen } from '../../../../src/domain/money';
import { addDays } from '../../../../src/domain/dates';

const yuan = (text: string) => parseYuan(text);
const terms = { manager: 'MGR', hurdleRate: '0.0800', catchUp: '1.00', carry: '0.20', governmentProfitShare: { cededFraction: '0.50' } };
const holder = (investor: string, capitalClass: 'government' | 'social', contributions: Array<[string, string]>, charges: Array<[string, string]> = []): AccountHolder => ({
  investor,
  capitalClass,
  contributions: contributions.map(([date, amount]) => ({ date, amount: yuan(amount) })),
  charges: charges.map(([date, amount]) => ({ date, amount: yuan(amount) })),
});
const parts = (a: { investor: string; returnOfCapital: Fen; preferredReturn: Fen; profit: Fen; carriedInterest: Fen; amount: Fen }) => [
  a.investor,
  a.returnOfCapital,
  a.preferredReturn,
  a.profit,
  a.carriedInterest,
  a.amount,
];
const sum = (xs: Fen[]) => xs.reduce((s, x) => s + x, 0n);

describe('capital accounts: apportion, then a waterfall per investor', () => {
  const gov = holder('GOV', 'government', [['2021-01-01', '10000000']]);
  const soc = holder('SOC', 'social', [['2021-01-01', '10000000']]);

  it('equals the whole-fund split for identical investors (docs example 1: four tiers and 让利)', () => {
    const division = cumulativeDivision({ terms, holders: [gov, soc], distributions: [{ date: '2022-01-01', amount: yuan('30000000') }] });
    expect(division.map(parts)).to.deep.equal([
      ['GOV', yuan('10000000'), yuan('800000'), yuan('1600000'), 0n, yuan('12400000')],
      ['MGR', 0n, 0n, 0n, yuan('2000000'), yuan('2000000')],
      ['SOC', yuan('10000000'), yuan('800000'), yuan('4800000'), 0n, yuan('15600000')],
    ]);
  });

  it('splits a later distribution as the cumulative division less what each party had (docs example 2)', () => {
    const input = { terms, holders: [gov, soc], distributions: [] as Array<{ date: string; amount: Fen }>, booked: [] as ReturnType<typeof distributionSplit> };
    const first = distributionSplit(input, yuan('20000000'), '2021-05-27');
    expect(first.map(parts)).to.deep.equal([
      ['GOV', yuan('10000000'), 0n, 0n, 0n, yuan('10000000')],
      ['MGR', 0n, 0n, 0n, 0n, 0n],
      ['SOC', yuan('10000000'), 0n, 0n, 0n, yuan('10000000')],
    ]);
    const second = distributionSplit({ ...input, distributions: [{ date: '2021-05-27', amount: yuan('20000000') }], booked: first }, yuan('2000000'), '2022-01-01');
    expect(second.map(parts)).to.deep.equal([
      ['GOV', 0n, yuan('320000'), yuan('240000'), 0n, yuan('560000')],
      ['MGR', 0n, 0n, 0n, yuan('400000'), yuan('400000')],
      ['SOC', 0n, yuan('320000'), yuan('720000'), 0n, yuan('1040000')],
    ]);
  });

  it('lets each investor bear its own fees: an exempt investor is paid as if no one paid fees', () => {
    // Both contributed 10m; FEE was charged 1m of fees (the fund paid them out: 19m left). Gross 20m:
    // 10m each; FEE's 10m less its 1m fee = 9m. No gain: return of capital only, no carry.
    const fee = holder('FEE', 'social', [['2021-01-01', '10000000']], [['2021-12-31', '1000000']]);
    const exempt = holder('PHX', 'government', [['2021-01-01', '10000000']]);
    const shares = navShares({ terms, holders: [fee, exempt], distributions: [], booked: [] }, yuan('19000000'), '2022-01-01');
    expect(shares.map((s) => [s.investor, s.navShare])).to.deep.equal([
      ['FEE', yuan('9000000')],
      ['MGR', 0n],
      ['PHX', yuan('10000000')],
    ]);
  });

  it('carries the shortfall of an investor whose charges exceed its portion as owed, the shares still summing to the NAV', () => {
    const fee = holder('FEE', 'social', [['2021-01-01', '100']], [['2021-06-30', '300']]);
    const other = holder('OTH', 'social', [['2021-01-01', '100']]);
    const shares = navShares({ terms: null, holders: [fee, other], distributions: [], booked: [] }, yuan('0'), '2021-07-01');
    // Gross 300 (NAV 0 + fees 300): 150 each; FEE 150 − 300 = −150 owed, OTH 150.
    expect(shares.map((s) => [s.investor, s.navShare, s.owed])).to.deep.equal([
      ['FEE', -yuan('150'), yuan('150')],
      ['OTH', yuan('150'), 0n],
    ]);
  });

  describe('properties', () => {
    const day0 = '2020-01-01';
    const contribution = fc.record({ day: fc.integer({ min: 0, max: 1500 }), amount: fc.bigInt({ min: 1n, max: 10n ** 10n }) });
    const distribution = fc.record({ day: fc.integer({ min: 0, max: 1000 }), amount: fc.bigInt({ min: 1n, max: 3n * 10n ** 10n }) });
    const rate = fc.integer({ min: 0, max: 3000 }).map((bp) => `0.${String(bp).padStart(4, '0')}`);
    const termsArb = fc.record({ hurdleRate: rate, carry: fc.integer({ min: 0, max: 40 }), catchUpUp: fc.integer({ min: 1, max: 60 }), ceded: rate }).map((t) => ({
      manager: 'MGR',
      hurdleRate: t.hurdleRate,
      carry: `0.${String(t.carry).padStart(2, '0')}`,
      catchUp: t.carry === 0 ? '0' : `0.${String(Math.min(99, t.carry + t.catchUpUp)).padStart(2, '0')}`,
      governmentProfitShare: { cededFraction: t.ceded },
    }));
    const dated = (ds: Array<{ day: number; amount: bigint }>) => ds.map((d) => ({ date: addDays(day0, 1600 + d.day), amount: d.amount }));

    it('with investors identical in timing and fees it equals the whole-fund waterfall, party by party', () => {
      fc.assert(
        fc.property(
          fc.array(contribution, { minLength: 1, maxLength: 3 }),
          fc.array(fc.record({ government: fc.boolean(), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 1, maxLength: 4 }),
          fc.array(distribution, { minLength: 1, maxLength: 3 }),
          termsArb,
          (pattern, weights, ds, t) => {
            const holders = weights.map((w, n) => ({
              investor: `I${n}`,
              capitalClass: w.government ? ('government' as const) : ('social' as const),
              contributions: pattern.map((p) => ({ date: addDays(day0, p.day), amount: p.amount * BigInt(w.weight) })),
              charges: [],
            }));
            const distributions = dated(ds);
            const whole = waterfall({ terms: t, investors: holders.map((h) => ({ investor: h.investor, capitalClass: h.capitalClass, payments: h.contributions })), distributions });
            const mine = new Map(cumulativeDivision({ terms: t, holders, distributions }).map((d) => [d.investor, d.amount]));
            // Rounding happens once in each, over the same exact figures; a fen can move only between equal remainders.
            for (const w of whole) expect(Number(mine.get(w.investor)! - w.amount)).to.be.within(-1, 1);
            expect(sum([...mine.values()])).to.equal(sum(distributions.map((d) => d.amount)));
          },
        ),
        { numRuns: 80 },
      );
    });

    it('NAV shares sum to the NAV, and each distribution’s parts to it, to the fen', () => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ government: fc.boolean(), contributions: fc.array(contribution, { minLength: 1, maxLength: 3 }), fee: fc.bigInt({ min: 0n, max: 10n ** 9n }) }), { minLength: 1, maxLength: 4 }),
          fc.array(distribution, { minLength: 0, maxLength: 3 }),
          fc.bigInt({ min: 0n, max: 10n ** 11n }),
          termsArb,
          (invs, ds, nav, t) => {
            const holders: AccountHolder[] = invs.map((i, n) => ({
              investor: `I${n}`,
              capitalClass: i.government ? 'government' : 'social',
              contributions: i.contributions.map((c) => ({ date: addDays(day0, c.day), amount: c.amount })),
              charges: [{ date: addDays(day0, 1550), amount: i.fee }],
            }));
            let booked: ReturnType<typeof distributionSplit> = [];
            const distributions: Array<{ date: string; amount: Fen }> = [];
            for (const d of dated(ds).sort((a, b) => (a.date < b.date ? -1 : 1))) {
              const split = distributionSplit({ terms: t, holders, distributions, booked }, d.amount, d.date);
              expect(sum(split.map((s) => s.amount))).to.equal(d.amount);
              for (const s of split) expect(s.returnOfCapital + s.preferredReturn + s.profit + s.carriedInterest).to.equal(s.amount);
              booked = merge(booked, split);
              distributions.push(d);
            }
            const shares = navShares({ terms: t, holders, distributions, booked }, nav, addDays(day0, 2700));
            expect(sum(shares.map((s) => s.navShare))).to.equal(nav);
          },
        ),
        { numRuns: 80 },
      );
    });
  });
});

function merge(booked: ReturnType<typeof distributionSplit>, split: ReturnType<typeof distributionSplit>): ReturnType<typeof distributionSplit> {
  const out = new Map(booked.map((b) => [b.investor, { ...b }]));
  for (const s of split) {
    const b = out.get(s.investor) ?? { investor: s.investor, amount: 0n, returnOfCapital: 0n, preferredReturn: 0n, profit: 0n, carriedInterest: 0n };
    out.set(s.investor, {
      investor: s.investor,
      amount: b.amount + s.amount,
      returnOfCapital: b.returnOfCapital + s.returnOfCapital,
      preferredReturn: b.preferredReturn + s.preferredReturn,
      profit: b.profit + s.profit,
      carriedInterest: b.carriedInterest + s.carriedInterest,
    });
  }
  return [...out.values()];
}
