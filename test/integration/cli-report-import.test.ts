import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildCli } from '../../src/cli';
import { TEST_DIALECT } from '../helpers/database';

/**
 * The `phoenix` commands in process, on a SQLite file of their own (the CLI reads its database
 * from the environment like the server does).
 */
describe(`phoenix report and phoenix import (CLI on SQLite, suite on ${TEST_DIALECT})`, () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let output: string[];
  let log: typeof console.log;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-cli-'));
    saved = { ...process.env };
    process.env.DATABASE_URL = '';
    process.env.PHOENIX_DB = path.join(dir, 'ledger.sqlite');
    process.env.PHOENIX_SQLITE_SYNC = 'NORMAL';
    output = [];
    log = console.log;
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    await phoenix('seed');
    output.length = 0;
  });
  afterEach(() => {
    console.log = log;
    process.env = saved;
    process.exitCode = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const phoenix = (...args: string[]) => buildCli().exitOverride().parseAsync(['node', 'phoenix', ...args]);

  it('imports events, reports refused rows by line, exits 1, and a re-run books nothing twice', async () => {
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(
      file,
      [
        'type,date,fund,investor,amount',
        'commitment,2018-12-10,PHX,YH-IF,1000.00',
        'commitment,2018-12-10,PHX,NOBODY,1000.00',
        'commitment,2018-12-10,PHX,YH-TUF,abc',
      ].join('\n'),
    );
    await phoenix('import', 'events', file);
    expect(process.exitCode).to.equal(1);
    expect(output).to.include('3 rows: 1 booked, 0 already booked, 2 refused');
    expect(output).to.include('line 3: refused: NOT_FOUND: investor NOBODY does not exist');
    expect(output.some((l) => l.startsWith('line 4: refused: VALIDATION_FAILED: amount'))).to.equal(true);
    output.length = 0;
    await phoenix('import', 'events', file);
    expect(output).to.include('3 rows: 0 booked, 1 already booked, 2 refused');

    const out = path.join(dir, 'tb.csv');
    await phoenix('report', 'trial-balance', '--format', 'csv', '--as-of', '2018-12-31', '--out', out);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    expect(csv).to.contain('memo:PHX:commitments:uncalled:YH-IF,PHX,1000.00,0.00,1000.00');
    expect(fs.existsSync(`${out}.partial`)).to.equal(false);
  });

  it('renders the changes in net assets of one fund over a period given by --from and --to', async () => {
    const file = path.join(dir, 'events.csv');
    fs.writeFileSync(file, ['type,date,fund,investor,amount', 'commitment,2018-12-10,PHX,YH-IF,1000.00'].join('\n'));
    await phoenix('import', 'events', file);
    output.length = 0;
    const out = path.join(dir, 'cna.json');
    await phoenix('report', 'changes-in-net-assets', '--fund', 'PHX', '--from', '2018-12-01', '--to', '2018-12-31', '--out', out);
    const body = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(body.rows).to.have.length(1);
    expect(body.rows[0]).to.include({ fund: 'PHX', openingNav: '0.00', closingNav: '0.00' });
  });

  it('refuses a bad report request without leaving a file', async () => {
    const out = path.join(dir, 'x.csv');
    const error = await phoenix('report', 'journal', '--format', 'pdf', '--out', out).catch((e: Error) => e);
    expect(String(error)).to.match(/format/);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('imports screenings from the screening CSV', async () => {
    const file = path.join(dir, 'applicants.csv');
    fs.writeFileSync(file, ['stockCode,name,exchange,listingStatus', '600000.SH,甲公司,SSE,listed', '600001.SH,乙公司,SSE,nonsense'].join('\n'));
    await phoenix('import', 'screenings', file, '--screened-on', '2019-02-20');
    expect(output[0]).to.match(/^2 rows: 0 eligible, 1 needs_review, 0 ineligible, 1 failed$/);
    expect(output[1]).to.match(/^line 3: VALIDATION_FAILED/);
    expect(process.exitCode).to.equal(1);
  });
});
