import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { buildCli } from '../../src/cli';
import { TEST_DIALECT } from '../helpers/database';

/**
 * `phoenix import prices` in process on a SQLite file of its own. The company pledges 240M of its
 * controlling shareholder's 400M shares against D = 500,000,000 (lines 1.60 / 1.40): elevated at
 * 10.00, warning at 3.20 (coverage 1.536), critical at 2.80 (1.344).
 */
describe(`phoenix import prices (CLI on SQLite, suite on ${TEST_DIALECT})`, () => {
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let output: string[];
  let errors: string[];
  let log: typeof console.log;
  let error: typeof console.error;

  const phoenix = (...args: string[]) => buildCli().exitOverride().parseAsync(['node', 'phoenix', ...args]);
  const write = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, lines.join('\n'));
    return file;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-prices-'));
    saved = { ...process.env };
    process.env.DATABASE_URL = '';
    process.env.PHOENIX_DB = path.join(dir, 'ledger.sqlite');
    process.env.PHOENIX_SQLITE_SYNC = 'NORMAL';
    [output, errors] = [[], []];
    [log, error] = [console.log, console.error];
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    await phoenix('seed');
    const pledges = JSON.stringify([{ lender: '甲证券', pledgedShares: 240000000, principal: '500000000.00' }]).replace(/"/g, '""');
    const screenings = write('screenings.csv', [
      'stockCode,name,exchange,sharePrice,totalShares,pledgedSharesTotal,controllingShareholder.sharesHeld,controllingShareholder.sharesPledged,pledges',
      `600000.SH,测试公司,SSE,10.00,1000000000,240000000,400000000,240000000,"${pledges}"`,
    ]);
    await phoenix('import', 'screenings', screenings, '--screened-on', '2019-02-20');
    output.length = 0;
  });
  afterEach(() => {
    [console.log, console.error] = [log, error];
    process.env = saved;
    process.exitCode = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports two days of closes, printing each level change; a re-run changes nothing', async () => {
    const day1 = write('2019-07-08.csv', ['\uFEFFstockCode,date,close', '600000.SH,2019-07-08,3.20']);
    await phoenix('import', 'prices', day1);
    expect(process.exitCode ?? 0).to.equal(0);
    expect(output).to.include('1 prices stored; 1 companies re-evaluated, 1 level changes, 0 unchanged');
    expect(output).to.include('600000.SH 测试公司: elevated -> warning at 3.2000 on 2019-07-08');
    output.length = 0;
    await phoenix('import', 'prices', write('2019-07-09.csv', ['date,close,stockCode', '2019-07-09,2.80,600000.SH']));
    expect(output).to.include('600000.SH 测试公司: warning -> critical at 2.8000 on 2019-07-09');
    output.length = 0;
    await phoenix('import', 'prices', day1);
    // Day 1 is no longer the latest close: nothing is re-evaluated, nothing changes.
    expect(output).to.include('1 prices stored; 0 companies re-evaluated, 0 level changes, 1 unchanged');
  });

  it('refuses the whole file when a row is bad, naming each line, and writes nothing', async () => {
    const file = write('bad.csv', ['stockCode,date,close', '600000.SH,2019-07-08,3.20', '600000.SH,2019-07-09,abc', '60000.SH,2019-02-30,2.80', '600000.SH,2019-07-08,3.30']);
    await phoenix('import', 'prices', file);
    expect(process.exitCode).to.equal(1);
    expect(errors[0]).to.equal('refused, nothing written: VALIDATION_FAILED');
    expect(errors.some((l) => l.startsWith('line 3: close:'))).to.equal(true);
    expect(errors.some((l) => l.startsWith('line 4: stockCode:'))).to.equal(true);
    expect(errors.some((l) => l.startsWith('line 4: date:'))).to.equal(true);
    expect(errors.some((l) => l.startsWith('line 5: repeats the close of 600000.SH on 2019-07-08 (line 2)'))).to.equal(true);
    process.exitCode = undefined;
    errors.length = 0;
    await phoenix('import', 'prices', write('header.csv', ['stockCode,day,close', '600000.SH,2019-07-08,3.20']));
    expect(process.exitCode).to.equal(1);
    expect(errors).to.include('header.day: is not a column of a price file (stockCode, date, close)');
    process.exitCode = undefined;
    // Nothing of the refused files was stored: the first good day still changes the level.
    await phoenix('import', 'prices', write('good.csv', ['stockCode,date,close', '600000.SH,2019-07-08,3.20']));
    expect(output).to.include('1 prices stored; 1 companies re-evaluated, 1 level changes, 0 unchanged');
  });
});
