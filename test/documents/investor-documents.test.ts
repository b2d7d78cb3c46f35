import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { renderDocument } from '../../src/documents/investor-documents';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import type { CapitalAccountStatement, CapitalCallNotice, DistributionNotice } from '../../src/documents/document-model';

const fund = { code: 'PHX-RELIEF', name: '凤凰基金纾困子基金' };
const investor = { code: 'BANK-A', name: '合作银行甲' };

const callNotice: CapitalCallNotice = {
  kind: 'capital_call_notice',
  fund,
  investor,
  callId: 12,
  callDate: '2019-02-01',
  dueDate: '2019-02-28',
  commitment: '400000000.00',
  thisCall: '40000000.00',
  calledToDate: '40000000.00',
  paidToDate: '0.00',
  unfunded: '360000000.00',
  lateInterest: '11000.00',
  issuedOn: '2019-02-01',
};

const distributionNotice: DistributionNotice = {
  kind: 'distribution_notice',
  fund,
  investor,
  distributionId: 3,
  date: '2022-01-01',
  amount: '15600000.00',
  returnOfCapital: '10000000.00',
  preferredReturn: '800000.00',
  profit: '4800000.00',
  carriedInterest: '0.00',
  distributedToDate: '15600000.00',
  issuedOn: '2022-01-01',
};

const statement: CapitalAccountStatement = {
  kind: 'capital_account_statement',
  fund,
  investor: { code: 'PRIV-A', name: '=HYPERLINK("http://x")' },
  from: '2024-01-01',
  to: '2024-03-31',
  opening: { commitment: '150000000.00', called: '60000000.00', paidIn: '60000000.00', unfunded: '90000000.00', distributed: '0.00', receivable: '0.00', lateInterestOwed: '0.00', navShare: '60000000.00' },
  closing: { commitment: '150000000.00', called: '60000000.00', paidIn: '60000000.00', unfunded: '90000000.00', distributed: '0.00', receivable: '0.00', lateInterestOwed: '0.00', navShare: '61075663.78' },
  period: { called: '0.00', paidIn: '0.00', distributed: '0.00', fees: '-158904.11', lateInterest: '0.00', lateInterestCharged: '0.00', compensationPaid: '0.00', compensationReceived: '0.00', shareOfGains: '1234567.89' },
  movements: [{ date: '2024-03-31', kind: 'fee', reference: 7, description: '管理费 management fee 2024Q1', amount: '-158904.11' }],
  issuedOn: '2024-04-01',
};

async function sheetOf(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

/** The value cell next to the row whose label is `label`. */
function valueOf(sheet: ExcelJS.Worksheet, label: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | null = null;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found = row.getCell(2);
  });
  if (!found) throw new Error(`no row labelled ${label}`);
  return found;
}

describe('investor documents (notices and statements)', function () {
  this.timeout(60000);
  const pdf = new PdfRenderer();
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'phoenix-docs-'))));
  after(async () => {
    await pdf.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const pdfText = (buffer: Buffer, name: string) => {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, buffer);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  };

  it('prints a capital-call notice to PDF with the investor’s name, the amounts and bilingual labels', async () => {
    const doc = await renderDocument(callNotice, 'pdf', pdf);
    expect(doc.contentType).to.equal('application/pdf');
    expect(doc.fileName).to.equal('capital-call-notice-PHX-RELIEF-BANK-A-12.pdf');
    expect(doc.displayName).to.equal('缴款通知书-PHX-RELIEF-BANK-A-12.pdf');
    expect(doc.body.subarray(0, 5).toString()).to.equal('%PDF-');
    const text = pdfText(doc.body, 'call');
    for (const expected of ['缴款通知书', '合作银行甲', 'BANK-A', '40,000,000.00', '360,000,000.00', '11,000.00', '2019-02-28', '缴款截止日 dueDate', '认缴出资额 commitment']) {
      expect(text, expected).to.contain(expected);
    }
  });

  it('reuses one browser for the distribution notice and the statement', async () => {
    const notice = pdfText((await renderDocument(distributionNotice, 'pdf', pdf)).body, 'distribution');
    expect(notice).to.contain('分配通知书').and.contain('15,600,000.00').and.contain('门槛收益 preferredReturn').and.contain('800,000.00');
    const account = pdfText((await renderDocument(statement, 'pdf', pdf)).body, 'statement');
    expect(account).to.contain('出资人资本账户报告').and.contain('-158,904.11').and.contain('61,075,663.78');
    expect(pdf.launches).to.equal(1);
  });

  it('writes a notice to XLSX with typed money and date cells', async () => {
    const doc = await renderDocument(callNotice, 'xlsx', pdf);
    expect(doc.contentType).to.equal('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await sheetOf(doc.body);
    expect(sheet.getCell('A1').value).to.equal('缴款通知书 capital call notice');
    const thisCall = valueOf(sheet, '本次应缴金额 thisCall');
    expect(thisCall.type).to.equal(ExcelJS.ValueType.Number);
    expect(thisCall.value).to.equal(40000000);
    expect(thisCall.numFmt).to.equal('#,##0.00');
    expect(valueOf(sheet, '逾期违约金 lateInterest').value).to.equal(11000);
    const due = valueOf(sheet, '缴款截止日 dueDate');
    expect(due.type).to.equal(ExcelJS.ValueType.Date);
    expect((due.value as Date).toISOString().slice(0, 10)).to.equal('2019-02-28');
    expect(valueOf(sheet, '出资人 investor').value).to.equal('合作银行甲（BANK-A）');
  });

  it('keeps a statement’s negative amounts as numbers and a formula-like name as text', async () => {
    const sheet = await sheetOf((await renderDocument(statement, 'xlsx', pdf)).body);
    expect(valueOf(sheet, '管理费 fees').value).to.equal(-158904.11);
    const nav = valueOf(sheet, '资本账户净值 navShare');
    expect(nav.value, 'opening').to.equal(60000000);
    expect(sheet.getRow(Number(nav.row)).getCell(3).value, 'closing').to.equal(61075663.78);
    expect(String(valueOf(sheet, '出资人 investor').value).startsWith("'=")).to.equal(true);
    let movement: ExcelJS.Row | null = null;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === '管理费 management fee 2024Q1') movement = row;
    });
    expect(movement!.getCell(3).value).to.equal(-158904.11);
    expect(movement!.getCell(1).type).to.equal(ExcelJS.ValueType.Date);
  });
});
