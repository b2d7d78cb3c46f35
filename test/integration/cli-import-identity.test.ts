import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { TEST_DIALECT } from '../helpers/database';
import { useCliSandbox } from '../helpers/cli-sandbox';

const HEADER = 'type,date,ref,fund,investor,amount,dueDate,callRef,kind,memo';

/**
 * Issue 11 item 1 and issue 12 items 4 and 5, as a user meets them at the `phoenix` command: a
 * corrected 台账 re-imported, a GBK file, and paths that cannot be read or written.
 */
describe(`phoenix import: row identity, encodings and path errors (CLI on SQLite, suite on ${TEST_DIALECT})`, () => {
  const cli = useCliSandbox();
  const { output, errors, phoenix, command, write, withDb } = cli;
  const expenses = () => withDb((db) => db.writer('journal_entries').where({ type: 'expense' }).select('memo', 'id'));
  const entryCount = () => withDb(async (db) => Number((await db.writer('journal_entries').count({ n: '*' }))[0].n));

  it('a corrected file, two bad lines fixed and one row deleted, books only the new rows and says so for every line', async () => {
    const first = write('taizhang.csv', [
      HEADER,
      'commitment,2018-12-10,,PHX,LP-A,1000.00,,,,', // 2
      'expense,2019-01-20,,PHX,,12.345,,,other,审计费', // 3: three decimals
      'capital_call,2018-12-20,c1,PHX,,500.00,2019-01-10,,,', // 4
      'payment,2019-01-05,,,LP-A,500.00,,c1,,', // 5
      'distribution,2019-01-25,,PHX,,1.00,,,,', // 6: deleted in the corrected file
      'expense,2019-01-31,,PHX,,10.00,,,management_fee,一月管理费', // 7: the un-keyed fee
      'distribution,2019-02-30,,PHX,,2.00,,,,', // 8: no such date
    ]);
    await phoenix('import', 'events', first);
    expect(output.slice(0, 7)).to.deep.equal([
      'line 2: booked (commitment)',
      'line 3: refused: VALIDATION_FAILED: amount: must be a decimal string in yuan with at most 2 decimals, e.g. "1000000.00"',
      'line 4: booked (capital_call)',
      'line 5: booked (payment)',
      'line 6: booked (distribution)',
      'line 7: booked (expense)',
      output[6],
    ]);
    expect(output[6]).to.match(/^line 8: refused: VALIDATION_FAILED: .*date/);
    expect(output[7]).to.equal('7 rows: 5 booked, 0 already booked, 2 refused');
    expect(process.exitCode).to.equal(1);
    const booked = await entryCount();

    const corrected = write('taizhang-v2.csv', [
      HEADER,
      'commitment,2018-12-10,,PHX,LP-A,1000.00,,,,',
      'expense,2019-01-20,,PHX,,12.34,,,other,审计费', // fixed
      'capital_call,2018-12-20,c1,PHX,,500.00,2019-01-10,,,',
      'payment,2019-01-05,,,LP-A,500.00,,c1,,',
      'expense,2019-01-31,,PHX,,10.00,,,management_fee,一月管理费', // now line 6
      'distribution,2019-02-28,,PHX,,2.00,,,,', // fixed
    ]);
    output.length = 0;
    process.exitCode = undefined;
    await phoenix('import', 'events', corrected);
    expect(output).to.deep.equal([
      'line 2: already booked (commitment)',
      'line 3: booked (expense)',
      'line 4: already booked (capital_call)',
      'line 5: already booked (payment)',
      'line 6: already booked (expense)',
      'line 7: booked (distribution)',
      '6 rows: 2 booked, 4 already booked, 0 refused',
      'by type: commitment 1, expense 2, capital_call 1, payment 1, distribution 1',
    ]);
    expect(process.exitCode).to.equal(undefined);
    expect(await entryCount()).to.equal(booked + 2);
    expect((await expenses()).map((e) => e.memo).filter((m: string) => m.includes('一月管理费'))).to.have.length(1);
  });

  it('two identical rows in one file are two events; a re-run books neither again; a third copy books once', async () => {
    const fee = 'expense,2019-01-31,,PHX,,10.00,,,other,快递费';
    const rows = [HEADER, 'commitment,2018-12-10,,PHX,LP-A,1000.00,,,,', 'capital_call,2018-12-20,c1,PHX,,500.00,2019-01-10,,,', 'payment,2019-01-05,,,LP-A,500.00,,c1,,', fee, fee];
    await phoenix('import', 'events', write('a.csv', rows));
    expect(output.slice(3, 5)).to.deep.equal(['line 5: booked (expense)', 'line 6: booked (expense)']);
    output.length = 0;
    // Another file holding the same rows, in another order and with a third copy of the fee.
    await phoenix('import', 'events', write('b.csv', [HEADER, fee, ...rows.slice(1, 4), fee, fee]));
    expect(output.slice(0, 6)).to.deep.equal([
      'line 2: already booked (expense)',
      'line 3: already booked (commitment)',
      'line 4: already booked (capital_call)',
      'line 5: already booked (payment)',
      'line 6: already booked (expense)',
      'line 7: booked (expense)',
    ]);
    expect(await expenses()).to.have.length(3);
  });

  it('--json prints one object per row and the summary', async () => {
    await phoenix('import', 'events', '--json', write('j.csv', [HEADER, 'commitment,2018-12-10,,PHX,LP-A,1000.00,,,,', 'commitment,2018-12-10,,PHX,NOBODY,1.00,,,,']));
    expect(JSON.parse(output[0])).to.deep.equal({ line: 2, outcome: 'booked', type: 'commitment' });
    expect(JSON.parse(output[1])).to.include({ line: 3, outcome: 'refused', code: 'NOT_FOUND' });
    expect(JSON.parse(output[2]).summary).to.include({ rows: 2, booked: 1, replayed: 0 });
  });

  describe('encodings', () => {
    const gbkFile = () =>
      write(
        'gbk.csv',
        Buffer.concat([
          Buffer.from(`${HEADER}\ncommitment,2018-12-10,,PHX,LP-A,1000.00,,,,\ncapital_call,2018-12-20,c1,PHX,,500.00,2019-01-10,,,\npayment,2019-01-05,,,LP-A,500.00,,c1,,\n`),
          Buffer.from('expense,2019-01-31,,PHX,,10.00,,,management_fee,', 'latin1'),
          Buffer.from('d2bbd4c2b9dcc0edb7d1', 'hex'), // 一月管理费 in GBK
          Buffer.from('\n'),
        ]),
      );

    it('a GBK file read as UTF-8 is refused naming its line, exit 2, and nothing is written', async () => {
      const before = await entryCount();
      await command('import', 'events', gbkFile());
      expect(process.exitCode).to.equal(2);
      expect(errors).to.have.length(1);
      expect(errors[0]).to.match(/^phoenix: file: line 5 is not valid UTF-8 \(it reads as GBK\/GB18030: say so with --encoding gbk/);
      expect(output).to.deep.equal([]);
      expect(await entryCount()).to.equal(before);
    });

    it('with --encoding gbk the memo arrives as the Chinese it was', async () => {
      await phoenix('import', 'events', '--encoding', 'gbk', gbkFile());
      expect(output[3]).to.equal('line 5: booked (expense)');
      expect((await expenses()).map((e) => e.memo).join()).to.contain('一月管理费');
    });

    it('a GB18030 byte-order mark is followed without asking', async () => {
      await phoenix('import', 'events', write('bom.csv', Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), fs.readFileSync(gbkFile())])));
      expect(output[4]).to.equal('4 rows: 4 booked, 0 already booked, 0 refused');
      expect((await expenses()).map((e) => e.memo).join()).to.contain('一月管理费');
    });

    it('import screenings refuses a GBK file as UTF-8 and reads it with --encoding gbk', async () => {
      const file = write('applicants.csv', Buffer.concat([Buffer.from('stockCode,name,exchange,listingStatus\n600000.SH,'), Buffer.from('bcd7b9abcbbe', 'hex'), Buffer.from(',SSE,listed\n')]));
      await command('import', 'screenings', file, '--screened-on', '2019-02-20');
      expect(process.exitCode).to.equal(2);
      expect(errors[0]).to.match(/^phoenix: file: line 2 is not valid UTF-8/);
      process.exitCode = undefined;
      await phoenix('import', 'screenings', file, '--screened-on', '2019-02-20', '--encoding', 'gbk');
      expect(output[0]).to.match(/^1 rows: /);
      const names = await withDb((db) => db.writer('screenings').pluck('applicant'));
      expect(names.join()).to.contain('甲公司');
    });
  });

  describe('paths that cannot be read or written: one line, exit 2, no stack trace', () => {
    const table: Array<[string, () => string[], RegExp]> = [
      ['report --out into a missing folder', () => ['report', 'trial-balance', '--format', 'csv', '--out', path.join(cli.dir, 'nope', 'tb.csv')], /^phoenix: --out .*tb\.csv: the folder .*nope does not exist$/],
      ['report --out naming a folder', () => ['report', 'trial-balance', '--format', 'csv', '--out', cli.dir], /^phoenix: --out .*: is a folder; give a file name$/],
      ['import events of a missing file', () => ['import', 'events', path.join(cli.dir, 'missing.csv')], /^phoenix: cannot read .*missing\.csv: no such file or folder$/],
      ['import events of a folder', () => ['import', 'events', cli.dir], /^phoenix: cannot read .*: is a folder, not a file$/],
      ['import screenings of a missing file', () => ['import', 'screenings', path.join(cli.dir, 'missing.csv')], /^phoenix: cannot read .*missing\.csv: no such file or folder$/],
    ];
    for (const [name, args, message] of table) {
      it(name, async () => {
        await command(...args());
        expect(process.exitCode).to.equal(2);
        expect(errors).to.have.length(1);
        expect(errors[0]).to.match(message);
        expect(fs.readdirSync(cli.dir).filter((f) => f.endsWith('.partial'))).to.deep.equal([]);
      });
    }
  });
});
