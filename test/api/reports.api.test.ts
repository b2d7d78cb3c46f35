import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundLife, type FundLife } from '../helpers/report-scenario';
import { getBytes, readWorkbook } from '../helpers/report-client';

const REPORT_NAMES = ['overview', 'leverage', 'capital-accounts', 'investments', 'performance', 'screenings', 'pledge-watchlist', 'trial-balance', 'journal'];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe(`reports (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let life: FundLife;
  // The reports only read: one fund life serves every test of this block.
  before(async () => {
    api = await testApi();
    life = await fundLife(api);
  });
  after(() => api.dispose());

  const json = async (path: string): Promise<Json> => {
    const res = await api.as('viewer').get(path);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };

  describe('JSON', () => {
    it('every report answers {name, asOf, columns, rows, totals} with Chinese + English labels', async () => {
      for (const name of REPORT_NAMES) {
        const body = await json(`/reports/${name}?asOf=2019-12-31`);
        expect(body, name).to.include.keys('name', 'asOf', 'columns', 'rows', 'totals');
        expect(body.name).to.equal(name);
        expect(body.asOf).to.equal('2019-12-31');
        expect(body.rows, name).to.be.an('array').that.is.not.empty;
        for (const column of body.columns) {
          expect(column.label, `${name}.${column.key}`).to.match(/[\u4e00-\u9fff].* /);
          expect(column.label.endsWith(column.key) || column.label.includes(` ${column.key}`), column.label).to.equal(true);
        }
      }
    });

    it('leverage: totals carry the nine contract keys and the split of G, with the definitions in words', async () => {
      const body = await json('/reports/leverage?asOf=2019-12-31');
      expect(Object.keys(body.totals).sort()).to.deep.equal(
        [
          'governmentCommitted',
          'governmentInMemberFunds',
          'governmentDirectInSubfunds',
          'socialCommitted',
          'governmentPaidIn',
          'socialPaidIn',
          'socialLeverage',
          'totalLeverage',
          'socialTargetProgress',
          'governmentCapitalTarget',
          'socialCapitalTarget',
        ].sort(),
      );
      expect(body.totals).to.deep.equal({
        governmentCommitted: '2000000000.00',
        governmentInMemberFunds: '2000000000.00',
        governmentDirectInSubfunds: '0.00',
        socialCommitted: '750000000.00',
        governmentPaidIn: '300000000.01',
        socialPaidIn: '75000000.00',
        socialLeverage: '0.3750',
        totalLeverage: '1.3750',
        socialTargetProgress: '0.0302',
        governmentCapitalTarget: '6000000000.00',
        socialCapitalTarget: '24800000000.00',
      });
      expect(body.definitions.socialLeverage).to.match(/S \/ G/);
      expect(body.rows).to.deep.equal([
        {
          fund: 'PHX-RELIEF',
          parent: 'PHX',
          totalCommitted: '1000000000.00',
          parentCommitted: '250000000.00',
          multiplier: '4.0000',
          governmentDirectCommitted: '0.00',
          governmentSideCommitted: '250000000.00',
        },
      ]);
    });

    it('performance: rows carry fund, paidIn, distributed, nav, dpi, rvpi, tvpi, irr', async () => {
      const body = await json('/reports/performance?asOf=2019-12-31');
      const relief = body.rows.find((r: Json) => r.fund === 'PHX-RELIEF');
      expect(relief).to.include.keys('fund', 'paidIn', 'distributed', 'nav', 'dpi', 'rvpi', 'tvpi', 'irr');
      expect(relief).to.include({ paidIn: '100000000.00', distributed: '50000000.03', nav: '59999999.97', dpi: '0.5000', rvpi: '0.6000', tvpi: '1.1000' });
      expect(Number(relief.irr)).to.be.within(0.1, 0.2);
      // Consolidated: the 25m PHX paid into PHX-RELIEF is internal, so it is not paid-in of the group.
      const paidIn = body.rows.reduce((s: bigint, r: Json) => s + BigInt(r.paidIn.replace('.', '')), 0n);
      expect(body.totals.paidIn.replace('.', '')).to.equal((paidIn - 2500000000n).toString());
      expect(body.totalsLabel).to.equal('合并 consolidated');
    });

    it('overview, capital accounts and investments agree with the fund figures to the fen', async () => {
      const overview = await json('/reports/overview?asOf=2019-12-31');
      const relief = overview.rows.find((r: Json) => r.code === 'PHX-RELIEF');
      expect(relief).to.include({ committed: '1000000000.00', paidIn: '100000000.00', invested: '30000000.00', cash: '26999999.97', nav: '59999999.97' });
      const accounts = await json('/reports/capital-accounts?asOf=2019-12-31');
      const phxInRelief = accounts.rows.find((r: Json) => r.fund === 'PHX-RELIEF' && r.investor === 'PHX');
      expect(phxInRelief).to.include({ paidIn: '25000000.00', distributed: '12500000.01', navShare: '14999999.99', capitalClass: 'government' });
      const investments = await json('/reports/investments?asOf=2019-12-31');
      expect(investments.rows).to.have.length(1);
      expect(investments.rows[0]).to.include({ id: life.investmentId, amount: '60000000.00', cost: '30000000.00', fairValueChange: '3000000.00', carryingValue: '33000000.00', proceeds: '36000000.00', realizedGain: '6000000.00', income: '1000000.00', shares: 6_000_000, status: 'held' });
      expect(investments.totals.carryingValue).to.equal('33000000.00');
    });

    it('screenings and the pledge watchlist count what they list', async () => {
      const screenings = await json('/reports/screenings?asOf=2019-12-31');
      expect(screenings.totals).to.deep.equal({ count: 2, eligible: 1, needs_review: 0, ineligible: 1 });
      expect(screenings.rows.find((r: Json) => r.stockCode === '600002.SH').failed).to.contain('operating_condition');
      const watch = await json('/reports/pledge-watchlist?asOf=2019-12-31');
      expect(watch.totals.count).to.equal(watch.rows.length);
      expect(watch.rows.find((r: Json) => r.stockCode === '600000.SH').level).to.equal('elevated');
      expect((await json('/reports/screenings?asOf=2019-02-20')).totals.count).to.equal(1);
    });

    it('trial balance totals balance, and the fund filter keeps one fund', async () => {
      const tb = await json('/reports/trial-balance?asOf=2019-12-31');
      expect(tb.totals.debit).to.equal(tb.totals.credit);
      expect(tb.totals.balance).to.equal('0.00');
      const phx = await json('/reports/trial-balance?asOf=2019-12-31&fund=PHX');
      expect(phx.rows.every((r: Json) => r.fund === 'PHX')).to.equal(true);
      expect(phx.rows.find((r: Json) => r.account === 'assets:PHX:cash').balance).to.equal('287500000.02');
    });

    it('journal lists every line of every entry, oldest first, and totals them', async () => {
      const body = await json('/reports/journal');
      const ids = body.rows.map((r: Json) => r.entryId);
      expect(ids).to.deep.equal([...ids].sort((a: number, b: number) => a - b));
      expect(body.totals.debit).to.equal(body.totals.credit);
      expect(body.totals.lines).to.equal(body.rows.length);
      expect(new Set(ids).size).to.equal(body.totals.entries);
      expect(body.rows.find((r: Json) => r.entryId === life.entries.feeReversal).reverses).to.equal(life.entries.fee);
    });

    it('wan and yi scale money as exact decimal strings; ratios stay as they are', async () => {
      const wan = await json('/reports/leverage?asOf=2019-12-31&unit=wan');
      expect(wan.totals.governmentPaidIn).to.equal('30000.000001');
      expect(wan.totals.socialLeverage).to.equal('0.3750');
      const yi = await json('/reports/leverage?asOf=2019-12-31&unit=yi');
      expect(yi.totals.governmentPaidIn).to.equal('3.0000000001');
      expect(yi.totals.socialCapitalTarget).to.equal('248.0000000000');
    });

    it('every role may read reports', async () => {
      for (const role of ['admin', 'fund_manager', 'risk_officer', 'viewer'] as const) {
        expect((await api.as(role).get('/reports/overview')).status, role).to.equal(200);
      }
    });
  });

  describe('as of a date', () => {
    it('the trial balance the day before and the day of an event differ by exactly that event’s lines', async () => {
      const entry = (await api.as('viewer').get(`/journal/${life.entries.income}`)).body;
      expect(entry.date).to.equal('2019-06-30');
      const before = await json('/reports/trial-balance?asOf=2019-06-29');
      const after = await json('/reports/trial-balance?asOf=2019-06-30');
      const fen = (s: string) => BigInt(s.replace('.', ''));
      const balances = (body: Json) => new Map<string, bigint>(body.rows.map((r: Json) => [r.account, fen(r.balance)]));
      const [b, a] = [balances(before), balances(after)];
      const expected = new Map<string, bigint>();
      for (const line of entry.lines) expected.set(line.account, (expected.get(line.account) ?? 0n) + fen(line.debit) - fen(line.credit));
      for (const account of new Set([...a.keys(), ...b.keys()])) {
        expect((a.get(account) ?? 0n) - (b.get(account) ?? 0n), account).to.equal(expected.get(account) ?? 0n);
      }
      const journalBefore = await json('/reports/journal?asOf=2019-06-29');
      const journalAfter = await json('/reports/journal?asOf=2019-06-30');
      expect(journalAfter.rows.length - journalBefore.rows.length).to.equal(entry.lines.length);
      const cash = (body: Json) => fen(body.rows.find((r: Json) => r.code === 'PHX-RELIEF').cash);
      expect(cash(await json('/reports/overview?asOf=2019-06-30')) - cash(await json('/reports/overview?asOf=2019-06-29'))).to.equal(100000000n);
    });

    it('before the first event every figure is zero', async () => {
      const overview = await json('/reports/overview?asOf=2018-01-01');
      expect(overview.totals.committed).to.equal('0.00');
      expect((await json('/reports/journal?asOf=2018-01-01')).rows).to.deep.equal([]);
    });
  });

  describe('CSV', () => {
    it('starts with a UTF-8 BOM, has the labels as its header and the totals as its last row', async () => {
      const res = await getBytes(api, '/reports/overview?format=csv&asOf=2019-12-31');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).to.contain('overview-2019-12-31.csv');
      expect([...res.body.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const records: string[][] = parse(res.body.toString('utf8'), { bom: true, relax_column_count: true });
      expect(records[0][0]).to.equal('基金代码 code');
      expect(records[0]).to.include('认缴 committed');
      const last = records[records.length - 1];
      expect(last[0]).to.equal('合并 consolidated');
      const committed = records[0].indexOf('认缴 committed');
      const sum = records.slice(1, -1).reduce((s, r) => s + BigInt(r[committed].replace('.', '')), 0n);
      // PHX's 250m commitment to PHX-RELIEF is internal capital: the consolidated total leaves it out.
      expect(last[committed].replace('.', '')).to.equal((sum - 25000000000n).toString());
    });

    it('shows the unit in money headers when it is not yuan', async () => {
      const res = await getBytes(api, '/reports/trial-balance?format=csv&unit=wan&asOf=2019-12-31');
      const records: string[][] = parse(res.body.toString('utf8'), { bom: true, relax_column_count: true });
      expect(records[0]).to.include('借方 debit（万元）');
      const cash = records.find((r) => r[0] === 'assets:PHX:cash')!;
      expect(cash[4]).to.equal('28750.000002');
    });
  });

  describe('XLSX', () => {
    it('has a title row, a frozen header, numeric money cells in #,##0.00 and a totals row that sums them', async () => {
      const res = await getBytes(api, '/reports/overview?format=xlsx&asOf=2019-12-31');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = await readWorkbook(res.body);
      expect(String(sheet.getCell('A1').value)).to.contain('基金概览 overview').and.contain('2019-12-31');
      expect(sheet.views[0]).to.include({ state: 'frozen', ySplit: 2 });
      const header = (sheet.getRow(2).values as unknown[]).slice(1);
      const committedCol = header.indexOf('认缴 committed') + 1;
      expect(committedCol).to.be.greaterThan(0);
      expect(sheet.getColumn(committedCol).width).to.be.at.least(10);
      let sum = 0n;
      let row = 3;
      for (; sheet.getRow(row).getCell(1).value !== '合并 consolidated'; row += 1) {
        const cell = sheet.getRow(row).getCell(committedCol);
        expect(typeof cell.value, `row ${row}`).to.equal('number');
        expect(cell.numFmt).to.equal('#,##0.00');
        sum += BigInt(Math.round((cell.value as number) * 100));
      }
      const total = sheet.getRow(row).getCell(committedCol);
      expect(typeof total.value).to.equal('number');
      expect(BigInt(Math.round((total.value as number) * 100))).to.equal(sum - 25000000000n);
      expect(total.value).to.equal(2750000000);
    });

    it('types ratios as numbers and dates as dates; leverage totals follow the rows with their definitions', async () => {
      const sheet = await readWorkbook((await getBytes(api, '/reports/leverage?format=xlsx&asOf=2019-12-31')).body);
      expect(sheet.getRow(3).getCell(5).value).to.equal(4);
      const values = new Map<string, unknown>();
      sheet.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
      expect(values.get('社会资本放大倍数 socialLeverage (S/G)')).to.equal(0.375);
      expect(values.get('政府类实缴 governmentPaidIn')).to.equal(300000000.01);
      expect(String(values.get('socialLeverage'))).to.match(/S \/ G/);
      const investments = await readWorkbook((await getBytes(api, '/reports/investments?format=xlsx&asOf=2019-12-31')).body);
      const header = (investments.getRow(2).values as unknown[]).slice(1);
      expect(investments.getRow(3).getCell(header.indexOf('投资日期 date') + 1).value).to.be.instanceOf(Date);
      expect(investments.getRow(3).getCell(header.indexOf('股数 shares') + 1).value).to.equal(6_000_000);
    });

    it('unit=wan keeps every fen in the cell value', async () => {
      const sheet = await readWorkbook((await getBytes(api, '/reports/trial-balance?format=xlsx&unit=wan&asOf=2019-12-31')).body);
      let cash: unknown;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'assets:PHX:cash') cash = row.getCell(5).value;
      });
      expect(cash).to.equal(28750.000002);
    });
  });

  describe('hledger', () => {
    it('declares the commodity and every account, and renders an entry per transaction with its id', async () => {
      const res = await api.as('viewer').get('/reports/journal?format=hledger');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain/);
      expect(res.text).to.contain('commodity CNY 1,000.00');
      expect(res.text).to.contain('account assets:PHX:cash\n');
      expect(res.text).to.match(new RegExp(`\\n2019-07-16 \\(${life.entries.feeReversal}\\) reversal \\| `));
      expect(res.text).to.contain('    assets:PHX-RELIEF:cash  CNY 1000000.00\n');
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, number, string]> = [
      ['/reports/balance-sheet', 404, 'NOT_FOUND'],
      ['/reports/Overview', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?format=pdf', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?format=hledger', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?asOf=2019-13-01', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?asOf=2019-02-30', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?asOf=yesterday', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?unit=million', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?fund=PHX', 400, 'VALIDATION_FAILED'],
      ['/reports/overview?colour=red', 400, 'VALIDATION_FAILED'],
      ['/reports/journal?fund=NOPE', 404, 'NOT_FOUND'],
      ['/reports/journal?fund=NOPE&format=hledger', 404, 'NOT_FOUND'],
      ['/reports/trial-balance?fund=NOPE&format=xlsx', 404, 'NOT_FOUND'],
      ['/reports/leverage?programme=NOPE', 404, 'NOT_FOUND'],
    ];
    for (const [path, status, code] of cases) {
      it(`${path} → ${status} ${code}`, async () => {
        expectProblem(await api.as('viewer').get(path), status, code);
      });
    }

    it('an invalid date is refused even when everything else is right, naming the field', async () => {
      const body = expectProblem(await api.as('viewer').get('/reports/journal?format=csv&asOf=2019-02-29'), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(body.errors)).to.contain('asOf');
    });

    it('requires a token', async () => {
      const res = await (await import('supertest')).default(api.app).get('/api/v1/reports/overview');
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });
  });
});
