import { expect } from 'chai';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundLife, type FundLife } from '../helpers/report-scenario';
import { ok } from '../helpers/fund-scenario';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Flow = { date: string; amount: number };

/** Yuan text to fen, read digit by digit. */
function fen(yuan: string): bigint {
  const negative = yuan.startsWith('-');
  const [whole, part = ''] = yuan.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(`${part}00`.slice(0, 2));
  return negative ? -value : value;
}

/** XIRR by bisection on [-0.99, 10]: the rate at which the flows' value (actual/365) is zero. */
function xirr(flows: readonly Flow[]): number {
  const first = Math.min(...flows.map((f) => Date.parse(f.date)));
  const npv = (r: number) => flows.reduce((s, f) => s + f.amount / Math.pow(1 + r, (Date.parse(f.date) - first) / 86_400_000 / 365), 0);
  let [low, high] = [-0.99, 10];
  for (let i = 0; i < 200; i += 1) {
    const mid = (low + high) / 2;
    if (npv(low) * npv(mid) <= 0) high = mid;
    else low = mid;
  }
  return (low + high) / 2;
}

function expectRate(actual: string | null, expected: number, what: string): void {
  expect(actual, what).to.be.a('string').and.match(/^-?\d+\.\d{4}$/);
  expect(Math.abs(Number(actual) - expected), `${what}: ${actual} vs ${expected}`).to.be.below(0.00006);
}

/** part / whole to 4 places, half-up, in integers. */
function ratio4(part: bigint, whole: bigint): string {
  const scaled = (part * 10_000n * 2n + whole) / (2n * whole);
  return `${scaled / 10_000n}.${String(scaled % 10_000n).padStart(4, '0')}`;
}

describe(`figures an auditor asks for: consolidated IRR, investment returns, indirect holdings (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let life: FundLife;
  const get = async (path: string) => ok(api.as('viewer').get(path), 200);

  before(async () => {
    api = await testApi();
    life = await fundLife(api);
  });
  after(() => api.dispose());

  it('the consolidated IRR counts only flows with investors outside the ledger, the consolidated NAV as terminal value', async () => {
    const ledgerFunds = new Set<string>((await get('/funds')).funds.map((f: Body) => f.code));
    const accounts = (await get('/reports/capital-accounts?asOf=2019-12-31')).rows as Body[];
    // fundLife: PHX's investors pay on 2019-01-05, the relief fund's on 2019-02-15; it distributes on 2019-07-01.
    const paidOn: Record<string, string> = { PHX: '2019-01-05', 'PHX-RELIEF': '2019-02-15' };
    const irrOf = (funds: readonly string[]) => {
      const rows = accounts.filter((r) => funds.includes(r.fund) && !ledgerFunds.has(r.investor));
      const flows: Flow[] = rows.flatMap((r) => [
        { date: paidOn[r.fund], amount: -Number(r.paidIn) },
        { date: '2019-07-01', amount: Number(r.distributed) },
      ]);
      flows.push({ date: '2019-12-31', amount: Number(rows.reduce((s, r) => s + fen(r.navShare), 0n)) / 100 });
      return xirr(flows.filter((f) => f.amount !== 0));
    };
    const report = await get('/reports/performance?asOf=2019-12-31');
    expectRate(report.totals.irr, irrOf([...ledgerFunds]), 'programme');
    const row = (fund: string) => report.rows.find((r: Body) => r.fund === fund);
    expectRate(row('PHX').consolidatedIrr, irrOf(['PHX', 'PHX-RELIEF', 'PHX-MA']), 'PHX with its sub-funds');
    expectRate(row('PHX-RELIEF').consolidatedIrr, irrOf(['PHX-RELIEF']), 'PHX-RELIEF');
    // PHX's own IRR counts its investors only, untouched; with PHX's payment into the relief fund
    // taken out, the relief fund seen from outside differs from its own IRR.
    expect(row('PHX').irr).to.equal((await get('/funds/PHX/performance?asOf=2019-12-31')).irr);
    expect(row('PHX-RELIEF').consolidatedIrr).to.not.equal(null);
    expect(row('YH-IF').consolidatedIrr).to.equal(null);
  });

  it('each investment has its IRR and multiple: cost out, sale and income in, carrying value at the end', async () => {
    const report = await get('/reports/investments?asOf=2019-12-31');
    const inv = report.rows.find((r: Body) => r.id === life.investmentId);
    expect(report.columns.map((c: Body) => c.key)).to.include.members(['irr', 'moic']);
    // 60,000,000.00 on 2019-03-01; half sold for 36,000,000.00 on 2019-05-10 (cost 30,000,000.00 and
    // 3,000,000.00 of the 6,000,000.00 revaluation released); income 1,000,000.00 on 2019-06-30.
    expect(inv).to.include({ amount: '60000000.00', carryingValue: '33000000.00', proceeds: '36000000.00', income: '1000000.00' });
    expect(inv.moic).to.equal(ratio4(36_000_000_00n + 1_000_000_00n + 33_000_000_00n, 60_000_000_00n));
    expect(inv.moic).to.equal('1.1667');
    const flows: Flow[] = [
      { date: '2019-03-01', amount: -60_000_000 },
      { date: '2019-05-10', amount: 36_000_000 },
      { date: '2019-06-30', amount: 1_000_000 },
      { date: '2019-12-31', amount: 33_000_000 },
    ];
    expectRate(inv.irr, xirr(flows), 'investment');
    // On the day of the investment nothing has come back and it is carried at cost: a multiple of 1, no IRR.
    const first = (await get('/reports/investments?asOf=2019-03-01')).rows.find((r: Body) => r.id === life.investmentId);
    expect(first).to.include({ moic: '1.0000', irr: null });
  });

  it("a fund's holdings include its sub-funds' positions look-through, marked indirect with the sub-fund and the holder's share", async () => {
    await ok(api.as('risk_officer').post('/market-prices', [{ stockCode: '600000.SH', date: '2019-12-31', close: '12.3400' }]), 201);
    const direct = await get('/holdings?fund=PHX-RELIEF&asOf=2019-12-31');
    expect(direct.holdings).to.have.length(1);
    const held = direct.holdings[0];
    expect(held).to.include({ fund: 'PHX-RELIEF', indirect: false, via: null, holderShare: null });

    const capital = (await get('/reports/capital-accounts?asOf=2019-12-31')).rows.find((r: Body) => r.fund === 'PHX-RELIEF' && r.investor === 'PHX');
    const reliefNav = fen((await get('/funds/PHX-RELIEF?asOf=2019-12-31')).nav);
    const share = fen(capital.navShare);
    const part = (amount: bigint) => (amount * share * 2n + reliefNav) / (2n * reliefNav);
    const phx = await get('/holdings?fund=PHX&asOf=2019-12-31');
    expect(phx.holdings).to.have.length(1);
    const indirect = phx.holdings[0];
    expect(indirect).to.include({ fund: 'PHX', indirect: true, via: 'PHX-RELIEF', investment: held.investment, stockCode: '600000.SH', holderShare: ratio4(share, reliefNav) });
    expect(indirect.sharesHeld).to.equal(Number(part(BigInt(held.sharesHeld))));
    expect(fen(indirect.cost)).to.equal(part(fen(held.cost)));
    expect(fen(indirect.marketValue)).to.equal(part(fen(held.marketValue)));
    expect(fen(indirect.unrealisedGain)).to.equal(fen(indirect.marketValue) - fen(indirect.cost));
    expect(phx.funds).to.have.length(1);
    expect(phx.funds[0]).to.include({ fund: 'PHX', cost: indirect.cost, marketValue: indirect.marketValue });
    expect(phx.companies[0]).to.include({ stockCode: '600000.SH', sharesHeld: indirect.sharesHeld });

    // Without a fund, every fund's own holdings, each counted once.
    const all = await get('/holdings?asOf=2019-12-31');
    expect(all.holdings.map((h: Body) => [h.fund, h.indirect])).to.deep.equal([['PHX-RELIEF', false]]);
    expect((await get('/holdings?fund=YH-IF&asOf=2019-12-31')).holdings).to.deep.equal([]);
  });
});
