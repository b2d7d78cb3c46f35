import { expect } from 'chai';
import fc from 'fast-check';
import { distributionSplit, waterfall, type WaterfallInput, type WaterfallInvestor } from '../../../helpers/whole-fund-waterfall';
import { allocateProRata, parseYuan, type Fen } from '../../../../src/domain/money';
import { addDays } from '../../../../src/domain/dates';

const yuan = (text: string) => parseYuan(text);
const terms = { manager: 'MGR', hurdleRate: '0.0800', catchUp: '1.00', carry: '0.20', governmentProfitShare: { cededFraction: '0.50' } };
const investors: WaterfallInvestor[] = [
  { investor: 'GOV', capitalClass: 'government', payments: [{ date: '2021-01-01', amount: yuan('10000000') }] },
  { investor: 'SOC', capitalClass: 'social', payments: [{ date: '2021-01-01', amount: yuan('10000000') }] },
];
const parts = (a: ReturnType<typeof waterfall>[number]) => [a.investor, a.returnOfCapital, a.preferredReturn, a.profit, a.carriedInterest, a.amount];

describe('distribution waterfall', () => {
  it('runs the four tiers with 让利 on one distribution (docs example 1)', () => {
    // 30m a year later: capital 20m; 8% for 365 days = 800k each; catch-up 0.2 × 1.6m / 0.8 = 400k;
    // 8m left: carry 1.6m, investors 3.2m each, GOV cedes half of its 3.2m to SOC.
    const result = waterfall({ terms, investors, distributions: [{ date: '2022-01-01', amount: yuan('30000000') }] });
    expect(result.map(parts)).to.deep.equal([
      ['GOV', yuan('10000000'), yuan('800000'), yuan('1600000'), 0n, yuan('12400000')],
      ['SOC', yuan('10000000'), yuan('800000'), yuan('4800000'), 0n, yuan('15600000')],
      ['MGR', 0n, 0n, 0n, yuan('2000000'), yuan('2000000')],
    ]);
    expect(result[2]).to.include({ catchUp: yuan('400000'), carry: yuan('1600000') });
  });

  it('stops preferred return when capital comes back, and splits a later distribution as the cumulative difference (docs example 2)', () => {
    // 20m on 2021-05-27 (146 days = 0.4 year) returns capital; the preferred return stops there at
    // 10m × 8% × 0.4 = 320k each. 2m on 2022-01-01: 640k preferred, 160k catch-up, 1.2m left:
    // 240k carry, 480k each, GOV cedes 240k to SOC.
    const input: WaterfallInput = {
      terms,
      investors,
      distributions: [
        { date: '2021-05-27', amount: yuan('20000000') },
        { date: '2022-01-01', amount: yuan('2000000') },
      ],
    };
    expect(distributionSplit(input, 0).map(parts)).to.deep.equal([
      ['GOV', yuan('10000000'), 0n, 0n, 0n, yuan('10000000')],
      ['SOC', yuan('10000000'), 0n, 0n, 0n, yuan('10000000')],
      ['MGR', 0n, 0n, 0n, 0n, 0n],
    ]);
    expect(distributionSplit(input).map(parts)).to.deep.equal([
      ['GOV', 0n, yuan('320000'), yuan('240000'), 0n, yuan('560000')],
      ['SOC', 0n, yuan('320000'), yuan('720000'), 0n, yuan('1040000')],
      ['MGR', 0n, 0n, 0n, yuan('400000'), yuan('400000')],
    ]);
  });

  it('returns capital oldest payment first and only capital paid in by the distribution date', () => {
    const later: WaterfallInvestor[] = [
      { investor: 'A', capitalClass: 'social', payments: [{ date: '2021-01-01', amount: yuan('100') }, { date: '2023-01-01', amount: yuan('100') }] },
      { investor: 'B', capitalClass: 'social', payments: [{ date: '2021-01-01', amount: yuan('100') }] },
    ];
    const zero = { manager: 'MGR', hurdleRate: '0', catchUp: '0', carry: '0' };
    const result = waterfall({ terms: zero, investors: later, distributions: [{ date: '2022-01-01', amount: yuan('300') }] });
    // On 2022-01-01 each has 100 paid in: 200 back, 100 profit split 50/50.
    expect(result.map(parts)).to.deep.equal([
      ['A', yuan('100'), 0n, yuan('50'), 0n, yuan('150')],
      ['B', yuan('100'), 0n, yuan('50'), 0n, yuan('150')],
      ['MGR', 0n, 0n, 0n, 0n, 0n],
    ]);
  });

  describe('properties', () => {
    const payment = fc.record({ day: fc.integer({ min: 0, max: 2000 }), amount: fc.bigInt({ min: 1n, max: 10n ** 11n }) });
    const investorArb = fc.record({ government: fc.boolean(), payments: fc.array(payment, { minLength: 1, maxLength: 3 }) });
    const distribution = fc.record({ day: fc.integer({ min: 0, max: 3000 }), amount: fc.bigInt({ min: 1n, max: 3n * 10n ** 11n }) });
    const rate = fc.integer({ min: 0, max: 3000 }).map((bp) => `0.${String(bp).padStart(4, '0')}`);
    const termsArb = fc.record({ hurdleRate: rate, carry: fc.integer({ min: 0, max: 40 }), catchUpUp: fc.integer({ min: 1, max: 60 }), ceded: rate });
    const day0 = '2020-01-01';

    const build = (invs: Array<{ government: boolean; payments: Array<{ day: number; amount: bigint }> }>, t: { hurdleRate: string; carry: number; catchUpUp: number; ceded: string }) => ({
      terms: {
        manager: 'MGR',
        hurdleRate: t.hurdleRate,
        carry: `0.${String(t.carry).padStart(2, '0')}`,
        catchUp: t.carry === 0 ? '0' : `0.${String(Math.min(99, t.carry + t.catchUpUp)).padStart(2, '0')}`,
        governmentProfitShare: { cededFraction: t.ceded },
      },
      investors: invs.map((i, n) => ({
        investor: `I${n}`,
        capitalClass: i.government ? ('government' as const) : ('social' as const),
        payments: i.payments.map((p) => ({ date: addDays(day0, p.day), amount: p.amount })),
      })),
    });
    // Every distribution after the first payment, so there is always someone to pay.
    const dated = (ds: Array<{ day: number; amount: bigint }>) => ds.map((d) => ({ date: addDays(day0, 2000 + (d.day % 1000)), amount: d.amount })).sort((a, b) => (a.date < b.date ? -1 : 1));
    const sum = (xs: Fen[]) => xs.reduce((s, x) => s + x, 0n);

    it('each distribution’s parts sum to it to the fen, and each party’s tiers to its amount', () => {
      fc.assert(
        fc.property(fc.array(investorArb, { minLength: 1, maxLength: 4 }), fc.array(distribution, { minLength: 1, maxLength: 4 }), termsArb, (invs, ds, t) => {
          const input = { ...build(invs, t), distributions: dated(ds) };
          input.distributions.forEach((d, n) => {
            const split = distributionSplit(input, n);
            expect(sum(split.map((a) => a.amount))).to.equal(d.amount);
            for (const a of split) expect(a.returnOfCapital + a.preferredReturn + a.profit + a.carriedInterest).to.equal(a.amount);
          });
        }),
        { numRuns: 60 },
      );
    });

    it('splitting a distribution in two on the same date changes no investor’s total', () => {
      fc.assert(
        fc.property(fc.array(investorArb, { minLength: 1, maxLength: 4 }), fc.array(distribution, { minLength: 1, maxLength: 3 }), termsArb, fc.integer({ min: 1, max: 99 }), (invs, ds, t, pct) => {
          const base = build(invs, t);
          const distributions = dated(ds);
          const whole = waterfall({ ...base, distributions });
          const last = distributions[distributions.length - 1];
          const first = (last.amount * BigInt(pct)) / 100n;
          const split = [...distributions.slice(0, -1), { date: last.date, amount: first }, { date: last.date, amount: last.amount - first }];
          const parted = waterfall({ ...base, distributions: split });
          expect(parted.map((a) => [a.investor, a.amount])).to.deep.equal(whole.map((a) => [a.investor, a.amount]));
        }),
        { numRuns: 60 },
      );
    });

    it('with hurdle 0, carry 0 and no 让利 it is pro rata to paid-in, largest remainder', () => {
      fc.assert(
        fc.property(fc.array(investorArb, { minLength: 1, maxLength: 5 }), fc.array(distribution, { minLength: 1, maxLength: 4 }), (invs, ds) => {
          const base = build(invs, { hurdleRate: '0', carry: 0, catchUpUp: 0, ceded: '0' });
          const distributions = dated(ds);
          const paidIn = base.investors.map((i) => sum(i.payments.map((p) => p.amount)));
          distributions.forEach((_, n) => {
            const split = distributionSplit({ ...base, distributions }, n);
            const cumulative = waterfall({ ...base, distributions: distributions.slice(0, n + 1) });
            const total = sum(distributions.slice(0, n + 1).map((x) => x.amount));
            expect(cumulative.slice(0, -1).map((a) => a.amount)).to.deep.equal(allocateProRata(total, paidIn));
            expect(split[split.length - 1].amount).to.equal(0n);
          });
        }),
        { numRuns: 60 },
      );
    });
  });
});
