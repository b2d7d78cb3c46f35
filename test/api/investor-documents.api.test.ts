import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TERMS = { ...STANDARD_TERMS, lateInterestRate: '0.0005' };

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Collects a binary body (PDF, XLSX) as a Buffer. */
function binary(response: request.Response, done: (error: Error | null, body: Buffer) => void): void {
  const res = response as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function sheetOf(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

/** The cells of the row whose first cell is `label`. */
function rowOf(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | null = null;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row labelled ${label}`);
  return found;
}

/**
 * PHX-RELIEF with late-interest terms: a 100m call on 2019-02-01 due 2019-02-28. BANK-A (40m) pays
 * 16m ten days late and the other 24m twenty days late; PRIV-A (15m) pays on 2019-04-30; PHX and
 * SEC-A on time. A 1m audit fee, then a 10m distribution on 2019-06-30 (all of it return of capital
 * under the terms); PHX, without terms, distributes 1m pro rata to paid-in on the same day.
 */
describe(`investor documents over HTTP (${TEST_DIALECT})`, function () {
  this.timeout(90000);
  let api: TestApi;
  let callId: number;
  let distributionId: number;
  let proRataId: number;
  let dir: string;
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };
  const file = (path: string) => api.as('viewer').get(path).buffer(true).parse(binary);
  const pdfText = (body: Buffer) => {
    const pdf = join(dir, 'doc.pdf');
    writeFileSync(pdf, body);
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'phoenix-notices-'));
    api = await testApi();
    await fundedScenario(api);
    await withTerms(api, 'PHX-RELIEF', TERMS, '凤凰基金管理人（测试）');
    const m = api.as('fund_manager');
    const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    callId = call.id;
    for (const [investor, amount, date] of [
      ['PHX', '25000000.00', '2019-02-20'],
      ['SEC-A', '20000000.00', '2019-02-28'],
      ['BANK-A', '16000000.00', '2019-03-10'],
      ['BANK-A', '24000000.00', '2019-03-20'],
      ['PRIV-A', '15000000.00', '2019-04-30'],
    ]) {
      await ok(m.post(`/capital-calls/${callId}/payments`, { investor, amount, date }));
    }
    await ok(m.post('/funds/PHX-RELIEF/expenses', { amount: '1000000.00', date: '2019-05-31', kind: 'audit_fee' }));
    distributionId = (await ok(m.post('/funds/PHX-RELIEF/distributions', { amount: '10000000.00', date: '2019-06-30' }))).id;
    // PHX has no terms: its distribution stays pro rata to paid-in.
    proRataId = (await ok(m.post('/funds/PHX/distributions', { amount: '1000000.00', date: '2019-06-30' }))).id;
  });
  after(async () => {
    await api.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a capital-call notice PDF with the investor, its payments, outstanding and late interest as of asOf', async () => {
    const res = await file(`/capital-calls/${callId}/notices/BANK-A?asOf=2019-03-15`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/pdf');
    expect(res.headers['content-disposition']).to.equal(
      `attachment; filename="capital-call-notice-PHX-RELIEF-BANK-A-${callId}.pdf"; ` +
        `filename*=UTF-8''${encodeURIComponent('缴款通知书')}-PHX-RELIEF-BANK-A-${callId}.pdf`,
    );
    const text = pdfText(res.body as Buffer);
    // 0.0005 a day × (40m × 10 days + 24m × 5 days) = 260,000.00
    for (const expected of ['缴款通知书', '合作银行A（测试）', '凤凰基金上市公司纾困子基金', '40,000,000.00', '16,000,000.00', '24,000,000.00', '260,000.00', '400,000,000.00', '360,000,000.00', '2019-02-28']) {
      expect(text, expected).to.contain(expected);
    }
    expect(api.pdf.launches).to.equal(1);
  });

  it('writes the call notice as XLSX; without asOf the late interest runs to the last payment', async () => {
    const res = await file(`/capital-calls/${callId}/notices/BANK-A?format=xlsx`);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal(XLSX);
    expect(res.headers['content-disposition']).to.contain(`filename="capital-call-notice-PHX-RELIEF-BANK-A-${callId}.xlsx"`);
    const sheet = await sheetOf(res.body as Buffer);
    expect(rowOf(sheet, '本次应缴金额 thisCall').getCell(2).value).to.equal(40000000);
    expect(rowOf(sheet, '本次已缴 paidOnCall').getCell(2).value).to.equal(40000000);
    expect(rowOf(sheet, '本次未缴 outstanding').getCell(2).value).to.equal(0);
    // 0.0005 × (40m × 10 + 24m × 10) = 320,000.00, and nothing more once paid
    expect(rowOf(sheet, '逾期违约金 lateInterest').getCell(2).value).to.equal(320000);
    expect(rowOf(sheet, '出资人 investor').getCell(2).value).to.equal('合作银行A（测试）（BANK-A）');
  });

  it('prints the distribution notice by waterfall tier under terms, and as one part pro rata to paid-in without', async () => {
    const pdf = await file(`/distributions/${distributionId}/notices/BANK-A`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-disposition']).to.contain(`filename*=UTF-8''${encodeURIComponent('分配通知书')}-PHX-RELIEF-BANK-A-${distributionId}.pdf`);
    const text = pdfText(pdf.body as Buffer);
    // 10m against 100m of unreturned paid-in: all of it returns capital.
    expect(text).to.contain('分配通知书').and.contain('合作银行A（测试）').and.contain('4,000,000.00').and.contain('返还实缴出资');
    expect(text).to.not.contain('按实缴出资比例分配');
    const sheet = await sheetOf((await file(`/distributions/${distributionId}/notices/PRIV-A?format=xlsx`)).body as Buffer);
    expect(rowOf(sheet, '本次分配金额 amount').getCell(2).value).to.equal(1500000);
    expect(rowOf(sheet, '返还实缴出资 returnOfCapital').getCell(2).value).to.equal(1500000);
    expect(rowOf(sheet, '累计已分配 distributedToDate').getCell(2).value).to.equal(1500000);

    const proRata = await sheetOf((await file(`/distributions/${proRataId}/notices/SOE-A?format=xlsx`)).body as Buffer);
    const amount = rowOf(proRata, '本次分配金额 amount').getCell(2).value;
    expect(amount).to.equal(400000);
    expect(rowOf(proRata, '按实缴出资比例分配 proRataToPaidIn').getCell(2).value).to.equal(amount);
  });

  it('gives the statement as JSON: opening, closing, the period and its movements, reconciling to the fen', async () => {
    const body = await ok(api.as('viewer').get('/investors/BANK-A/statement?fund=PHX-RELIEF&from=2019-01-01&to=2019-06-30'), 200);
    expect(body.opening).to.deep.equal({ commitment: '0.00', called: '0.00', paidIn: '0.00', unfunded: '0.00', distributed: '0.00', receivable: '0.00', lateInterestOwed: '0.00', navShare: '0.00' });
    // NAV 100m paid in − 1m fee − 10m distributed = 89m; BANK-A paid 40 of 100
    expect(body.closing).to.deep.equal({
      commitment: '400000000.00',
      called: '40000000.00',
      paidIn: '40000000.00',
      unfunded: '360000000.00',
      distributed: '4000000.00',
      receivable: '0.00',
      lateInterestOwed: '0.00',
      navShare: '35600000.00',
    });
    expect(body.period).to.deep.equal({
      called: '40000000.00',
      paidIn: '40000000.00',
      distributed: '4000000.00',
      distributions: { returnOfCapital: '4000000.00', preferredReturn: '0.00', profit: '0.00', carriedInterest: '0.00' },
      fees: '0.00',
      lateInterest: '320000.00',
      lateInterestCharged: '0.00',
      compensationPaid: '0.00',
      compensationReceived: '0.00',
      shareOfGains: '-400000.00',
    });
    expect(body.movements.map((m: Body) => [m.date, m.kind, m.amount])).to.deep.equal([
      ['2019-01-15', 'commitment', '400000000.00'],
      ['2019-02-01', 'capital_call', '40000000.00'],
      ['2019-03-10', 'payment', '16000000.00'],
      ['2019-03-20', 'payment', '24000000.00'],
      ['2019-06-30', 'distribution', '-4000000.00'],
    ]);
    expect(body).to.include({ kind: 'capital_account_statement', from: '2019-01-01', to: '2019-06-30' });
    expect(body.investor).to.deep.equal({ code: 'BANK-A', name: '合作银行A（测试）' });
  });

  it('opens a later period where the earlier one closed, with its own late interest', async () => {
    const body = await ok(api.as('viewer').get('/investors/PRIV-A/statement?fund=PHX-RELIEF&from=2019-04-01&to=2019-06-30'), 200);
    // At 2019-03-31 PRIV-A owes its 15m and has paid nothing: a wind-up would pay it nothing, and the
    // 15m it owes is shown apart, not as part of its capital account (issue 23).
    expect(body.opening).to.include({ called: '15000000.00', paidIn: '0.00', receivable: '15000000.00', navShare: '0.00' });
    expect(body.closing).to.include({ paidIn: '15000000.00', distributed: '1500000.00', navShare: '13350000.00' });
    // 15m overdue from 2019-02-28 to 2019-04-30: 31 days before the period, 30 in it; 0.0005 × 15m × 30
    expect(body.period).to.include({ called: '0.00', paidIn: '15000000.00', lateInterest: '225000.00', shareOfGains: '-150000.00' });
    expect(body.movements.map((m: Body) => m.kind)).to.deep.equal(['payment', 'distribution']);
  });

  it('prints the statement as PDF and XLSX', async () => {
    const query = 'fund=PHX-RELIEF&from=2019-01-01&to=2019-06-30';
    const pdf = await file(`/investors/BANK-A/statement?${query}&format=pdf`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers['content-disposition']).to.contain('filename="capital-account-statement-PHX-RELIEF-BANK-A-2019-01-01-2019-06-30.pdf"');
    const text = pdfText(pdf.body as Buffer);
    expect(text).to.contain('出资人资本账户报告').and.contain('合作银行A（测试）').and.contain('35,600,000.00').and.contain('-4,000,000.00').and.contain('320,000.00');
    const sheet = await sheetOf((await file(`/investors/BANK-A/statement?${query}&format=xlsx`)).body as Buffer);
    const nav = rowOf(sheet, '资本账户净值 navShare');
    expect([nav.getCell(2).value, nav.getCell(3).value]).to.deep.equal([0, 35600000]);
    expect(rowOf(sheet, '收益份额 shareOfGains').getCell(2).value).to.equal(-400000);
  });

  it('answers 404 for an unknown call, distribution, investor, fund, or an investor with no part in it', async () => {
    const viewer = api.as('viewer');
    expectProblem(await viewer.get('/capital-calls/99999/notices/BANK-A'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get(`/capital-calls/${callId}/notices/NOBODY`), 404, 'NOT_FOUND');
    const none = expectProblem(await viewer.get(`/capital-calls/${callId}/notices/YH-GOV`), 404, 'NOT_FOUND');
    expect(none.detail).to.contain('no allocation to investor YH-GOV');
    expectProblem(await viewer.get('/distributions/99999/notices/BANK-A'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get(`/distributions/${distributionId}/notices/MGR-A`), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/investors/YH-GOV/statement?fund=PHX-RELIEF&from=2019-01-01&to=2019-06-30'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/investors/NOBODY/statement?fund=PHX-RELIEF&from=2019-01-01&to=2019-06-30'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/investors/BANK-A/statement?fund=NOPE&from=2019-01-01&to=2019-06-30'), 404, 'NOT_FOUND');
  });

  it('refuses a bad format, date or period with 400, and a request without a token with 401', async () => {
    const viewer = api.as('viewer');
    expectProblem(await viewer.get(`/capital-calls/${callId}/notices/BANK-A?format=docx`), 400, 'VALIDATION_FAILED');
    expectProblem(await viewer.get(`/capital-calls/${callId}/notices/BANK-A?asOf=2019-02-30`), 400, 'VALIDATION_FAILED');
    expectProblem(await viewer.get(`/capital-calls/abc/notices/BANK-A`), 400, 'VALIDATION_FAILED');
    expectProblem(await viewer.get(`/distributions/${distributionId}/notices/BANK-A?asOf=2019-07-01`), 400, 'VALIDATION_FAILED');
    expectProblem(await viewer.get('/investors/BANK-A/statement?fund=PHX-RELIEF&from=2019-07-01&to=2019-06-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await viewer.get('/investors/BANK-A/statement?from=2019-01-01&to=2019-06-30'), 400, 'VALIDATION_FAILED');
    for (const path of [`/capital-calls/${callId}/notices/BANK-A`, `/distributions/${distributionId}/notices/BANK-A`, '/investors/BANK-A/statement?fund=PHX-RELIEF&from=2019-01-01&to=2019-06-30']) {
      expectProblem(await request(api.app).get(`/api/v1${path}`), 401, 'UNAUTHENTICATED');
    }
  });
});
