import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { buildCli, main } from '../../src/cli';
import { Database } from '../../src/data/database';
import { TEST_DIALECT } from '../helpers/database';

/**
 * `phoenix notices` and `phoenix statement` in process, on a SQLite file of their own with the demo
 * seed: PHX-RELIEF calls 400m on 2019-01-10 (PHX 120m, DEMO-BANK 160m, DEMO-SEC 80m, DEMO-PRIV 40m,
 * all paid that day) and distributes 40m on 2019-12-31 pro rata to paid-in.
 */
describe(`phoenix notices and phoenix statement (CLI on SQLite, suite on ${TEST_DIALECT})`, function () {
  this.timeout(90000);
  let dir: string;
  let out: string;
  let saved: NodeJS.ProcessEnv;
  let output: string[];
  let errors: string[];
  let log: typeof console.log;
  let error: typeof console.error;
  let callId: number;
  let distributionId: number;

  const phoenix = (...args: string[]) => buildCli().exitOverride().parseAsync(['node', 'phoenix', ...args]);

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-notices-cli-'));
    saved = { ...process.env };
    process.env.DATABASE_URL = '';
    process.env.PHOENIX_DB = path.join(dir, 'ledger.sqlite');
    process.env.PHOENIX_SQLITE_SYNC = 'NORMAL';
    log = console.log;
    error = console.error;
    const lines: string[] = [];
    console.log = (...args: unknown[]) => lines.push(args.join(' '));
    await phoenix('seed', '--set', 'demo');
    console.log = log;
    expect(process.exitCode ?? 0, lines.join('\n')).to.equal(0);
    fs.writeFileSync(path.join(dir, 'a-file'), 'not a folder');
    const db = Database.open({ client: 'sqlite', filename: process.env.PHOENIX_DB, synchronous: 'NORMAL' });
    try {
      [callId, distributionId] = await db.read(async (repos) => [(await repos.events.capitalCalls('PHX-RELIEF'))[0].id, (await repos.events.distributions('PHX-RELIEF'))[0].id]);
    } finally {
      await db.close();
    }
  });
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(dir, 'out-'));
    output = [];
    errors = [];
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
  });
  afterEach(() => {
    console.log = log;
    console.error = error;
    process.exitCode = undefined;
  });
  after(() => {
    process.env = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes one capital-call notice PDF per investor of the call, one line per file', async () => {
    await phoenix('notices', 'call', String(callId), '--out', out);
    const files = fs.readdirSync(out).sort();
    expect(files).to.deep.equal(['DEMO-BANK', 'DEMO-PRIV', 'DEMO-SEC', 'PHX'].map((i) => `capital-call-notice-PHX-RELIEF-${i}-${callId}.pdf`));
    expect(output).to.deep.equal([...files.map((f) => `wrote ${path.join(out, f)}`), `4 notices written to ${out}`]);
    const text = execFileSync('pdftotext', ['-layout', path.join(out, files[0]), '-'], { encoding: 'utf8' });
    expect(text).to.contain('缴款通知书').and.contain('示例·合作银行').and.contain('160,000,000.00').and.contain('400,000,000.00');
  });

  it('writes the distribution notices as XLSX', async () => {
    await phoenix('notices', 'distribution', String(distributionId), '--out', out, '--format', 'xlsx');
    const files = fs.readdirSync(out).sort();
    expect(files).to.have.length(4);
    expect(files[0]).to.equal(`distribution-notice-PHX-RELIEF-DEMO-BANK-${distributionId}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path.join(out, files[0]));
    let amount: unknown = null;
    workbook.worksheets[0].eachRow((row) => {
      if (row.getCell(1).value === '本次分配金额 amount') amount = row.getCell(2).value;
    });
    expect(amount).to.equal(16000000);
  });

  it('writes a statement to the file named, in the format of its extension', async () => {
    const file = path.join(out, 'demo-bank.json');
    await phoenix('statement', 'DEMO-BANK', '--fund', 'PHX-RELIEF', '--from', '2019-01-01', '--to', '2019-12-31', '--out', file);
    expect(output).to.deep.equal([`wrote ${file}`]);
    const statement = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(statement.period).to.include({ called: '160000000.00', paidIn: '160000000.00', distributed: '16000000.00' });
    const fen = (yuan: string) => BigInt(yuan.replace('.', ''));
    const { opening, closing, period } = statement;
    expect(fen(opening.navShare) + fen(period.called) - fen(period.distributed) - fen(period.fees) + fen(period.shareOfGains)).to.equal(fen(closing.navShare));
    const pdf = path.join(out, 'demo-bank.pdf');
    await phoenix('statement', 'DEMO-BANK', '--fund', 'PHX-RELIEF', '--from', '2019-01-01', '--to', '2019-12-31', '--out', pdf);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).to.equal('%PDF-');
  });

  it('stops with one line and exit 2 for a missing folder, a file as the folder, an unknown call or distribution, an investor not in the fund', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['notices', 'call', String(callId), '--out', path.join(out, 'nope')], /^phoenix: --out .*nope: the folder does not exist$/],
      [['notices', 'call', String(callId), '--out', path.join(dir, 'a-file')], /is a file; give a folder$/],
      [['notices', 'call', '99999', '--out', out], /^phoenix: capital call 99999 does not exist$/],
      [['notices', 'distribution', '99999', '--out', out], /^phoenix: distribution 99999 does not exist$/],
      [['statement', 'DEMO-INS', '--fund', 'PHX-RELIEF', '--from', '2019-01-01', '--to', '2019-06-30', '--out', path.join(out, 's.pdf')], /has no commitment in fund PHX-RELIEF$/],
    ];
    for (const [args, message] of cases) {
      errors.length = 0;
      process.exitCode = undefined;
      await main(['node', 'phoenix', ...args]);
      expect(process.exitCode, args.join(' ')).to.equal(2);
      expect(errors, args.join(' ')).to.have.length(1);
      expect(errors[0]).to.match(message);
    }
    expect(fs.readdirSync(out)).to.deep.equal([]);
  });
});
