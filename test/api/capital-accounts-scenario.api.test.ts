import { expect } from 'chai';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefApplicant } from '../helpers/applicant-builders';
import { fundedScenario, ok, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';
import { days, halfUp, largestRemainder, oracleDivision, oracleSplit, Q, type OracleInvestor, type OracleParts } from '../helpers/capital-account-oracle';
import { formatYuan, parseYuan } from '../../src/domain/money';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const y = (text: string) => parseYuan(text, { allowNegative: true });
const M = (millions: number) => BigInt(millions) * 100_000_000n;

/**
 * Issue 23's scenario: the parent PHX in PHX-RELIEF with two closings (SOE-A closes later and
 * pays equalisation), the parent exempt from fees and the others paying them quarterly (SOE-A with
 * its catch-up), three listed positions (a gain, a loss, a gain held then sold), three waterfall
 * distributions and one late payment with late interest. Every figure expected here is computed by
 * test/helpers/capital-account-oracle.ts from the inputs below, never copied from an answer.
 */
const TERMS = { ...STANDARD_TERMS, governmentProfitShare: { cededFraction: '0.50' }, lateInterestRate: '0.0005' };
const FIRST_CLOSING = '2019-01-15';
const COMMITTED: Record<string, bigint> = { 'BANK-A': M(400), PHX: M(250), 'PRIV-A': M(150), 'SEC-A': M(200) };
const LATE = { investor: 'SOE-A', amount: M(100), date: '2019-06-01', paidOn: '2019-06-10' };
const CALL = { amount: M(200), date: '2019-02-01', dueDate: '2019-02-28', paidOn: '2019-02-15', lateInvestor: 'PRIV-A', latePaidOn: '2019-03-20' };
const QUARTERS: Array<[period: string, from: string, to: string]> = [
  ['2019Q1', '2019-01-01', '2019-03-31'],
  ['2019Q2', '2019-04-01', '2019-06-30'],
  ['2019Q3', '2019-07-01', '2019-09-30'],
  ['2019Q4', '2019-10-01', '2019-12-31'],
  ['2020Q1', '2020-01-01', '2020-03-31'],
  ['2020Q2', '2020-04-01', '2020-06-30'],
  ['2020Q3', '2020-07-01', '2020-09-30'],
  ['2020Q4', '2020-10-01', '2020-12-31'],
];
const DISTRIBUTIONS: Array<[string, bigint]> = [
  ['2019-12-31', M(80)],
  ['2020-06-30', M(40)],
  ['2020-12-31', M(150)],
];
const AS_OF = '2021-03-31';
const GOVERNMENT = new Set(['PHX', 'SOE-A']);

/** The fee of a quarter from the first closing, split pro rata to commitment in code order (docs/capital-accounting.md). */
function quarterFee(from: string, to: string, commitments: Record<string, bigint>): Map<string, bigint> {
  const start = from > FIRST_CLOSING ? from : FIRST_CLOSING;
  const payers = Object.keys(commitments)
    .filter((c) => c !== 'PHX')
    .sort();
  const base = payers.reduce((s, c) => s + commitments[c], 0n);
  const fee = halfUp(Q.of('0.0200').times(base).times(days(start, to) + 1n).div(365n));
  const parts = largestRemainder(
    payers.map((c) => new Q(fee * commitments[c], base)),
    fee,
  );
  return new Map(payers.map((c, i) => [c, parts[i]]));
}

describe(`issue 23's scenario, recomputed independently (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let api: TestApi;
  const answered: { distributions: Body[]; fees: Body[]; navShares: Map<string, bigint>; nav: bigint } = { distributions: [], fees: [], navShares: new Map(), nav: 0n };

  // The inputs the oracle works from, filled as the scenario is booked.
  const fees = new Map<string, Array<[string, bigint]>>();
  const expectedFees: Array<Map<string, bigint>> = [];

  before(async () => {
    api = await testApi();
    await fundedScenario(api);
    const m = api.as('fund_manager');
    await ok(api.as('admin').patch('/funds/PHX-RELIEF', { targetSize: '1200000000.00' }), 200);
    await withTerms(api, 'PHX-RELIEF', TERMS);
    const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: formatYuan(CALL.amount), date: CALL.date, dueDate: CALL.dueDate }));
    for (const a of call.allocations as Body[]) {
      await ok(m.post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: a.investor === CALL.lateInvestor ? CALL.latePaidOn : CALL.paidOn }));
    }
    const charge = await ok(m.post(`/capital-calls/${call.id}/late-interest`, { investor: CALL.lateInvestor, date: '2019-03-31' }));
    await ok(m.post(`/capital-calls/${call.id}/late-interest-payments`, { investor: CALL.lateInvestor, amount: charge.amount, date: '2019-04-10' }));
    const late = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: LATE.investor, amount: formatYuan(LATE.amount), date: LATE.date }));
    const owed = (await ok(api.as('viewer').get(`/capital-calls/${late.equalisation.capitalCall}`), 200)).allocations[0].amount;
    await ok(m.post(`/capital-calls/${late.equalisation.capitalCall}/payments`, { investor: LATE.investor, amount: owed, date: LATE.paidOn }));
    for (const to of late.equalisation.interestTo as Body[]) await ok(m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: to.investor, amount: to.amount, date: '2019-06-20' }));

    const buy = async (stockCode: string, amount: bigint, shares: number, date: string) => {
      const screening = await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant(stockCode), screenedOn: '2019-02-20' }));
      return (
        await ok(m.post('/funds/PHX-RELIEF/investments', { company: { stockCode, name: `测试${stockCode}` }, instrument: 'equity', acquisitionMode: 'block_trade', shares, amount: formatYuan(amount), date, screeningId: screening.id }))
      ).id as number;
    };
    const a = await buy('600000.SH', M(60), 6_000_000, '2019-03-01');
    const b = await buy('600001.SH', M(40), 4_000_000, '2019-03-05');
    const c = await buy('600002.SH', M(50), 5_000_000, '2019-03-10');
    const sell = (id: number, shares: number, proceeds: bigint, date: string) => ok(m.post(`/investments/${id}/exits`, { kind: 'sale', shares, proceeds: formatYuan(proceeds), date }));

    const commitmentsAt = (date: string) => ({ ...COMMITTED, ...(date >= LATE.date ? { [LATE.investor]: LATE.amount } : {}) });
    const book = async (period: string, from: string, to: string) => {
      const fee = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period }));
      answered.fees.push(fee);
      const mine = quarterFee(from, to, commitmentsAt(to));
      // SOE-A's first fee carries the catch-up: 2019Q1 recomputed as if it had closed at the first closing.
      if (period === '2019Q2') {
        const q1 = quarterFee('2019-01-01', '2019-03-31', { ...COMMITTED, [LATE.investor]: LATE.amount });
        mine.set(LATE.investor, mine.get(LATE.investor)! + q1.get(LATE.investor)!);
      }
      expectedFees.push(mine);
      for (const [investor, amount] of mine) fees.set(investor, [...(fees.get(investor) ?? []), [to, amount]]);
    };
    for (const [period, from, to] of QUARTERS.slice(0, 4)) await book(period, from, to);
    await sell(a, 3_000_000, M(90), '2019-12-20');
    answered.distributions.push(await ok(m.post('/funds/PHX-RELIEF/distributions', { amount: formatYuan(DISTRIBUTIONS[0][1]), date: DISTRIBUTIONS[0][0] })));
    for (const [period, from, to] of QUARTERS.slice(4, 6)) await book(period, from, to);
    await sell(b, 4_000_000, M(30), '2020-06-20');
    await ok(m.post(`/investments/${c}/valuations`, { fairValue: formatYuan(M(60)), date: '2020-06-30' }));
    answered.distributions.push(await ok(m.post('/funds/PHX-RELIEF/distributions', { amount: formatYuan(DISTRIBUTIONS[1][1]), date: DISTRIBUTIONS[1][0] })));
    await sell(a, 3_000_000, M(100), '2020-12-20');
    await sell(c, 5_000_000, M(70), '2020-12-21');
    for (const [period, from, to] of QUARTERS.slice(6)) await book(period, from, to);
    answered.distributions.push(await ok(m.post('/funds/PHX-RELIEF/distributions', { amount: formatYuan(DISTRIBUTIONS[2][1]), date: DISTRIBUTIONS[2][0] })));
    const rows = (await ok(api.as('viewer').get(`/reports/capital-accounts?format=json&asOf=${AS_OF}`), 200)).rows as Body[];
    answered.navShares = new Map(rows.filter((r) => r.fund === 'PHX-RELIEF').map((r) => [r.investor, y(r.navShare)]));
    answered.nav = y((await ok(api.as('viewer').get(`/funds/PHX-RELIEF?asOf=${AS_OF}`), 200)).nav);
  });
  after(() => api.dispose());

  /** The oracle's investors: contributed capital from the call and the catch-up, charges = the fees computed above. */
  const investors = (): OracleInvestor[] => {
    const called = (code: string) => (CALL.amount * COMMITTED[code]) / Object.values(COMMITTED).reduce((s, c) => s + c, 0n);
    const out: OracleInvestor[] = Object.keys(COMMITTED).map((code) => ({
      code,
      government: GOVERNMENT.has(code),
      contributions: [[code === CALL.lateInvestor ? CALL.latePaidOn : CALL.paidOn, called(code)]],
      charges: fees.get(code) ?? [],
    }));
    // Catch-up: its commitment × the called fraction (200m / 1,000m), half-up.
    out.push({ code: LATE.investor, government: true, contributions: [[LATE.paidOn, (LATE.amount * CALL.amount) / M(1000)]], charges: fees.get(LATE.investor) ?? [] });
    return out;
  };
  const terms = { manager: TERMS.manager, hurdleRate: TERMS.hurdleRate, catchUp: TERMS.catchUp, carry: TERMS.carry, cededFraction: TERMS.governmentProfitShare.cededFraction };
  const asYuan = (p: OracleParts) => ({
    amount: formatYuan(p.amount),
    returnOfCapital: formatYuan(p.returnOfCapital),
    preferredReturn: formatYuan(p.preferredReturn),
    profit: formatYuan(p.profit),
    carriedInterest: formatYuan(p.carriedInterest),
  });

  it('charges each quarter’s fee from the first closing, and SOE-A its catch-up with its first fee', () => {
    answered.fees.forEach((fee, i) => {
      const mine = expectedFees[i];
      const got = new Map((fee.allocations as Body[]).map((a) => [a.investor as string, y(a.amount)]));
      expect(Object.fromEntries([...got].map(([k, v]) => [k, formatYuan(v)])), fee.period).to.deep.equal(Object.fromEntries([...mine].map(([k, v]) => [k, formatYuan(v)])));
    });
  });

  it('splits each of the three distributions as the independent routine does, party by party and tier by tier', () => {
    DISTRIBUTIONS.forEach((_, i) => {
      const expected = oracleSplit(terms, investors(), DISTRIBUTIONS.slice(0, i + 1));
      const got = Object.fromEntries((answered.distributions[i].allocations as Body[]).map((a) => [a.investor, { amount: a.amount, returnOfCapital: a.returnOfCapital, preferredReturn: a.preferredReturn, profit: a.profit, carriedInterest: a.carriedInterest }]));
      const want = Object.fromEntries([...expected].filter(([, p]) => p.amount !== 0n || p.carriedInterest !== 0n).map(([k, p]) => [k, asYuan(p)]));
      expect(got, DISTRIBUTIONS[i][0]).to.deep.equal(want);
    });
    // The last one reaches past capital: preferred return, catch-up and carry all move.
    const last = oracleSplit(terms, investors(), DISTRIBUTIONS);
    expect(last.get('MGR-A')!.carriedInterest > 0n).to.equal(true);
  });

  it('gives each party the NAV share a wind-up at the NAV would pay it, and the NAV is the inputs’ net', () => {
    // NAV from the inputs: capital in + late interest + gains (A +130m, B −10m, C +20m) − fees − distributions.
    const feeTotal = [...fees.values()].flat().reduce((s, [, a]) => s + a, 0n);
    const nav = M(220) + y('300000.00') + M(140) - feeTotal - M(270);
    expect(formatYuan(answered.nav)).to.equal(formatYuan(nav));
    const had = oracleDivision(terms, investors(), DISTRIBUTIONS);
    const wound = oracleDivision(terms, investors(), [...DISTRIBUTIONS, [AS_OF, nav]]);
    for (const [party, parts] of wound) {
      expect(formatYuan(answered.navShares.get(party) ?? 0n), party).to.equal(formatYuan(parts.amount - (had.get(party)?.amount ?? 0n)));
    }
    expect(formatYuan([...answered.navShares.values()].reduce((s, x) => s + x, 0n))).to.equal(formatYuan(nav));
  });

  it('values the parent’s interest look-through at its NAV share', async () => {
    const phx = await ok(api.as('viewer').get(`/funds/PHX?asOf=${AS_OF}`), 200);
    expect(phx.fundInterests).to.equal(formatYuan(answered.navShares.get('PHX')!));
  });

  it('keeps the books that hledger and verify re-derive', async () => {
    expect((await ok(api.as('viewer').get('/ledger/verify'), 200)).ok).to.equal(true);
  });
});
