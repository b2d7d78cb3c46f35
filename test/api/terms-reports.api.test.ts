import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { getBytes, readWorkbook } from '../helpers/report-client';
import { created, exampleFund, type Body } from '../helpers/terms-example';

const TIERS = ['returnOfCapital', 'preferredReturn', 'profit', 'carriedInterest'] as const;
const fen = (yuan: string): bigint => BigInt(yuan.replace('.', ''));
const yuan = (f: bigint): string => `${f < 0n ? '-' : ''}${(f < 0n ? -f : f) / 100n}.${((f < 0n ? -f : f) % 100n).toString().padStart(2, '0')}`;
/** n / d to 4 places, half-up, for positive figures: how the reports write ratios. */
const ratio4 = (n: bigint, d: bigint): string => {
  const scaled = (n * 20000n + d) / (2n * d);
  return `${scaled / 10000n}.${(scaled % 10000n).toString().padStart(4, '0')}`;
};

/**
 * The capital-accounts and performance reports of the worked example fund (docs/fund-terms.md),
 * every figure computed here from what the API answered when the fee and the distributions were
 * booked, not read back from the books.
 */
describe(`fee, tier and carry figures in the reports (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let fee: Body;
  const distributions: Body[] = [];
  const AS_OF = '2023-12-31';

  before(async () => {
    api = await testApi();
    await exampleFund(api);
    const m = api.as('fund_manager');
    fee = await created(m.post('/funds/PHX-RELIEF/management-fees', { period: '2020Q1' }));
    distributions.push(await created(m.post('/funds/PHX-RELIEF/distributions', { amount: '50000000.00', date: '2022-02-01' })));
    distributions.push(await created(m.post('/funds/PHX-RELIEF/distributions', { amount: '30000000.00', date: '2023-02-01' })));
  });
  after(() => api.dispose());

  /** Each party's sum over the distributions' allocations: amount and every tier. */
  const fromAllocations = () => {
    const sums = new Map<string, Record<string, bigint>>();
    for (const d of distributions) {
      for (const a of d.allocations as Body[]) {
        const s = sums.get(a.investor) ?? { distributed: 0n, returnOfCapital: 0n, preferredReturn: 0n, profit: 0n, carriedInterest: 0n };
        s.distributed += fen(a.amount);
        for (const tier of TIERS) s[tier] += fen(a[tier]);
        sums.set(a.investor, s);
      }
    }
    return sums;
  };

  it('capital accounts carry each party’s tier parts and fees, in JSON, CSV and XLSX', async () => {
    const expected = fromAllocations();
    const fees = new Map((fee.allocations as Body[]).map((a) => [a.investor, fen(a.amount)]));
    expect([...expected.keys()].sort()).to.deep.equal(['BANK-A', 'MGR-A', 'YH-GOV']);

    const json = await created(api.as('viewer').get(`/reports/capital-accounts?format=json&asOf=${AS_OF}`), 200);
    const keys = (json.columns as Body[]).map((c) => c.key);
    expect(keys).to.include.members([...TIERS, 'fees']);
    const rows = (json.rows as Body[]).filter((r) => r.fund === 'PHX-RELIEF');
    for (const row of rows) {
      const e = expected.get(row.investor)!;
      expect(row.distributed, row.investor).to.equal(yuan(e.distributed));
      for (const tier of TIERS) expect(row[tier], `${row.investor} ${tier}`).to.equal(yuan(e[tier]));
      // Every distribution of this fund ran under its terms: the parts make up what was distributed.
      expect(TIERS.reduce((s, t) => s + fen(row[t]), 0n)).to.equal(fen(row.distributed));
      expect(row.fees).to.equal(yuan(fees.get(row.investor) ?? 0n));
    }
    // The manager's row is all carried interest; the investors' have none.
    expect(rows.find((r) => r.investor === 'MGR-A')).to.include({ carriedInterest: '4000000.00', returnOfCapital: '0.00', fees: '0.00' });
    // A fund without terms has no tiers: PHX's investors hold none.
    expect((json.rows as Body[]).filter((r) => r.fund === 'PHX').every((r) => TIERS.every((t) => r[t] === '0.00'))).to.equal(true);
    // The consolidated totals sum the parts of every row (no fund of this ledger invests in PHX-RELIEF here).
    for (const tier of TIERS) expect(json.totals[tier]).to.equal(yuan([...expected.values()].reduce((s, e) => s + e[tier], 0n)));

    const csv = await getBytes(api, `/reports/capital-accounts?format=csv&asOf=${AS_OF}`);
    const records: string[][] = parse(csv.body.toString('utf8'), { bom: true, relax_column_count: true });
    const header = records[0];
    for (const label of ['返还出资 returnOfCapital', '优先回报 preferredReturn', '超额收益 profit', '附带收益 carriedInterest']) expect(header).to.include(label);
    const gov = records.find((r) => r[0] === 'PHX-RELIEF' && r[1] === 'YH-GOV')!;
    expect(gov[header.indexOf('优先回报 preferredReturn')]).to.equal(yuan(expected.get('YH-GOV')!.preferredReturn));
    expect(gov[header.indexOf('超额收益 profit')]).to.equal('1797808.22');

    const sheet = await readWorkbook((await getBytes(api, `/reports/capital-accounts?format=xlsx&asOf=${AS_OF}`)).body);
    const labels = (sheet.getRow(2).values as unknown[]).slice(1);
    const carryCol = labels.indexOf('附带收益 carriedInterest') + 1;
    expect(carryCol).to.be.greaterThan(0);
    let managerRow = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'PHX-RELIEF' && row.getCell(2).value === 'MGR-A') managerRow = n;
    });
    const cell = sheet.getRow(managerRow).getCell(carryCol);
    expect(cell.numFmt).to.equal('#,##0.00');
    expect(BigInt(Math.round((cell.value as number) * 100))).to.equal(expected.get('MGR-A')!.carriedInterest);
  });

  it('performance shows carried interest paid and accrued and the figures net of it, in JSON, CSV and XLSX', async () => {
    const expected = fromAllocations();
    const paid = expected.get('MGR-A')!.carriedInterest;
    const distributed = [...expected.values()].reduce((s, e) => s + e.distributed, 0n);
    const fund = await created(api.as('viewer').get(`/funds/PHX-RELIEF?asOf=${AS_OF}`), 200);
    const paidIn = fen(fund.paidIn);
    const nav = fen(fund.nav);
    expect(nav).to.equal(910136986n);

    const json = await created(api.as('viewer').get(`/reports/performance?format=json&asOf=${AS_OF}`), 200);
    const row = (json.rows as Body[]).find((r) => r.fund === 'PHX-RELIEF')!;
    expect(row).to.include({ carriedInterestPaid: yuan(paid), distributed: yuan(distributed), dpi: ratio4(distributed, paidIn) });
    // Capital and the preferred return came back in full on 2023-02-01 and the catch-up is complete,
    // so winding up at the NAV would give the manager its carry, 20%, of all of it: 1,820,273.972.
    // Rounded once with the other parties' totals (largest remainder over fen: BANK-A's .6 of a fen beats
    // YH-GOV's and the manager's .2): 1,820,273.97, the manager's NAV share.
    const accrued = fen(row.carriedInterestAccrued);
    const off = accrued * 5n - nav;
    expect(off >= -5n && off <= 5n, `${yuan(accrued)} is within a fen of 20% of ${yuan(nav)}`).to.equal(true);
    expect(row.carriedInterestAccrued).to.equal('1820273.97');
    const netDistributed = distributed - paid;
    const netNav = nav - accrued;
    expect(row).to.include({
      netDistributed: yuan(netDistributed),
      netNav: yuan(netNav),
      netDpi: ratio4(netDistributed, paidIn),
      netRvpi: ratio4(netNav, paidIn),
      netTvpi: ratio4(netDistributed + netNav, paidIn),
    });
    expect(row).to.include({ tvpi: '1.4850', netDpi: '1.2667', netRvpi: '0.1214', netTvpi: '1.3880' });
    expect(Number(row.netIrr)).to.be.lessThan(Number(row.irr));
    // A fund without terms pays and accrues no carry: net equals gross.
    const phx = (json.rows as Body[]).find((r) => r.fund === 'PHX')!;
    expect(phx).to.include({ carriedInterestPaid: '0.00', carriedInterestAccrued: '0.00', netDistributed: phx.distributed, netNav: phx.nav, netTvpi: phx.tvpi, netIrr: phx.irr });
    expect(json.totals).to.include({ carriedInterestPaid: yuan(paid), carriedInterestAccrued: yuan(accrued) });
    expect(fen(json.totals.netDistributed)).to.equal(fen(json.totals.distributed) - paid);
    const perf = await created(api.as('viewer').get(`/funds/PHX-RELIEF/performance?asOf=${AS_OF}`), 200);
    expect(perf.netOfCarry).to.include({ carriedInterestPaid: yuan(paid), carriedInterestAccrued: '1820273.97', distributed: yuan(netDistributed), nav: yuan(netNav), tvpi: '1.3880' });
    expect(perf.tvpi).to.equal(row.tvpi);

    // Before any distribution, carry accrues on the NAV alone and none is paid.
    const early = (await created(api.as('viewer').get('/reports/performance?format=json&asOf=2021-12-31'), 200)).rows.find((r: Body) => r.fund === 'PHX-RELIEF');
    expect(early).to.include({ carriedInterestPaid: '0.00', distributed: '0.00' });
    expect(fen(early.carriedInterestAccrued) > 0n).to.equal(true);
    expect(fen(early.netNav)).to.equal(fen(early.nav) - fen(early.carriedInterestAccrued));

    const csv = await getBytes(api, `/reports/performance?format=csv&asOf=${AS_OF}`);
    const records: string[][] = parse(csv.body.toString('utf8'), { bom: true, relax_column_count: true });
    const header = records[0];
    const relief = records.find((r) => r[0] === 'PHX-RELIEF')!;
    expect(relief[header.indexOf('应计附带收益 carriedInterestAccrued')]).to.equal('1820273.97');
    expect(relief[header.indexOf('净总价值倍数 netTvpi')]).to.equal('1.3880');

    const sheet = await readWorkbook((await getBytes(api, `/reports/performance?format=xlsx&asOf=${AS_OF}`)).body);
    const labels = (sheet.getRow(2).values as unknown[]).slice(1);
    let reliefRow = 0;
    sheet.eachRow((r, n) => {
      if (r.getCell(1).value === 'PHX-RELIEF') reliefRow = n;
    });
    const paidCell = sheet.getRow(reliefRow).getCell(labels.indexOf('已付附带收益 carriedInterestPaid') + 1);
    expect(BigInt(Math.round((paidCell.value as number) * 100))).to.equal(paid);
    const tvpiCell = sheet.getRow(reliefRow).getCell(labels.indexOf('净总价值倍数 netTvpi') + 1);
    expect(tvpiCell.numFmt).to.equal('0.0000');
    expect(typeof tvpiCell.value).to.equal('number');
  });
});
