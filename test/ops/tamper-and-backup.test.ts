import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Database } from '../../src/data/database';
import { runSeeds } from '../../seeds';
import { testApi, type TestApi } from '../helpers/api';
import { tamper, TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { post, transfer } from '../helpers/ledger-builders';
import { call, openFile, prepareDatabase, runCli, startServer, tempDir } from '../helpers/child-server';

type Problem = { entryId: number | null; account?: string; problem: string };

/** What an attacker with database access does first: switch off the append-only guards. */
async function dropAppendOnlyGuards(run: (sql: string) => Promise<unknown>, dialect: 'sqlite' | 'pg') {
  if (dialect === 'pg') {
    await run('ALTER TABLE journal_lines DISABLE TRIGGER USER');
    await run('ALTER TABLE journal_entries DISABLE TRIGGER USER');
    return;
  }
  for (const name of ['journal_lines_no_update', 'journal_lines_no_delete', 'journal_entries_no_update', 'journal_entries_no_delete']) {
    await run(`DROP TRIGGER ${name}`);
  }
}

/** Edits one line (entry 2), one stored balance and one entry's memo (entry 3). */
async function editBehindTheService(run: (sql: string) => Promise<unknown>, balanceAccount: string) {
  await run('UPDATE journal_lines SET debit = debit + 100 WHERE entry_id = 2 AND debit > 0');
  await run(`UPDATE account_balances SET credit = credit + 7 WHERE account = '${balanceAccount}'`);
  await run("UPDATE journal_entries SET memo = 'nothing to see here' WHERE id = 3");
}

function expectEachNamed(problems: Problem[], balanceAccount: string) {
  const about = (id: number) => problems.filter((p) => p.entryId === id).map((p) => p.problem).join(' | ');
  expect(about(2), 'the edited line').to.match(/hash mismatch|does not balance/);
  expect(about(3), 'the edited entry').to.match(/hash mismatch/);
  expect(problems.some((p) => p.entryId === null && p.account === balanceAccount), 'the edited balance').to.equal(true);
}

describe(`tamper evidence through the API (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await fundedScenario(api);
  });
  afterEach(() => api.dispose());

  it('verify names the edited line, balance and entry', async () => {
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    const account = (await api.db.writer('account_balances').orderBy('account').first()).account as string;
    const run = (sql: string) => tamper(api.db, sql);
    await dropAppendOnlyGuards(run, TEST_DIALECT);
    await editBehindTheService(run, account);
    const report = (await api.as('viewer').get('/ledger/verify')).body;
    expect(report.ok).to.equal(false);
    expectEachNamed(report.problems, account);
  });
});

if (TEST_DIALECT === 'sqlite') {
  describe('the phoenix command on a database file (sqlite, child process)', function () {
    this.timeout(90_000);
    let dir: string;
    let file: string;
    beforeEach(async () => {
      dir = tempDir('cli');
      file = path.join(dir, 'phoenix.sqlite');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    async function populate(target: string) {
      const db = Database.open({ client: 'sqlite', filename: target, synchronous: 'FULL' });
      try {
        await db.migrate();
        await runSeeds(db, 'reference');
        for (let i = 1; i <= 4; i += 1) await post(db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', `${i}00.00`));
      } finally {
        await db.close();
      }
    }

    it('`phoenix verify` exits 0 on a clean ledger and 1 naming each edit made behind its back', async () => {
      await populate(file);
      const clean = await runCli(file, ['verify']);
      expect(clean.code, clean.stderr).to.equal(0);
      expect(JSON.parse(clean.stdout).ok).to.equal(true);
      const knex = openFile(file);
      try {
        const run = (sql: string) => knex.raw(sql);
        await dropAppendOnlyGuards(run, 'sqlite');
        await editBehindTheService(run, 'equity:PHX:contributed:YH-IF');
      } finally {
        await knex.destroy();
      }
      const tampered = await runCli(file, ['verify']);
      expect(tampered.code).to.equal(1);
      const report = JSON.parse(tampered.stdout);
      expect(report.ok).to.equal(false);
      expectEachNamed(report.problems, 'equity:PHX:contributed:YH-IF');
    });

    it('`phoenix backup` copies a live database consistently while it takes writes; `restore` checks before it replaces', async () => {
      const token = await prepareDatabase(file);
      const server = await startServer(file);
      let stop = false;
      let booked = 0;
      const writer = (async () => {
        for (let n = 0; n < 2000 && !stop; n += 1) {
          const res = await call(server.url, 'POST', '/funds/PHX/commitments', { token, body: { investor: 'YH-IF', amount: `${n + 1}.00`, date: '2019-02-01' } });
          if (res.status === 201) booked += 1;
        }
      })();
      try {
        await new Promise((r) => setTimeout(r, 400));
        const backup = path.join(dir, 'backup', 'phoenix-backup.sqlite');
        const made = await runCli(file, ['backup', backup]);
        expect(made.code, made.stderr).to.equal(0);
        expect(JSON.parse(made.stdout)).to.include({ ok: true });
        stop = true;
        await writer;
        expect(booked).to.be.greaterThan(0);
        expect((await runCli(file, ['backup', backup])).stderr).to.match(/already exists/);

        const restoredFile = path.join(dir, 'restored.sqlite');
        const restored = await runCli(restoredFile, ['restore', backup]);
        expect(restored.code, restored.stderr).to.equal(0);
        const verified = await runCli(restoredFile, ['verify']);
        expect(verified.code).to.equal(0);
        const copied = JSON.parse(verified.stdout).entries as number;
        const live = JSON.parse((await runCli(file, ['verify'])).stdout).entries as number;
        expect(copied).to.be.within(1, live);
        // The copy is a prefix of the live journal: the same entries with the same hashes.
        const [a, b] = [openFile(file), openFile(restoredFile)];
        try {
          const hashes = async (k: typeof a) => (await k('journal_entries').where('id', '<=', copied).orderBy('id').select('hash')).map((r) => r.hash);
          expect(await hashes(b)).to.deep.equal(await hashes(a));
        } finally {
          await a.destroy();
          await b.destroy();
        }

        const refused = await runCli(restoredFile, ['restore', backup]);
        expect(refused.code).to.equal(2);
        expect(refused.stderr).to.match(/--force/);
        expect((await runCli(restoredFile, ['restore', '--force', backup])).code).to.equal(0);
      } finally {
        stop = true;
        await writer;
        server.process.kill('SIGTERM');
        expect((await server.exited).code).to.equal(0);
      }
    });

    it('`phoenix restore` refuses a file that is not a Phoenix database, and PostgreSQL points to pg_dump', async () => {
      const garbage = path.join(dir, 'notes.txt');
      fs.writeFileSync(garbage, 'not a database at all');
      const other = path.join(dir, 'other.sqlite');
      const knex = openFile(other);
      await knex.raw('CREATE TABLE customers (id integer)');
      await knex.destroy();
      for (const [source, message] of [
        [garbage, /not an SQLite database/],
        [other, /not a Phoenix database/],
        [path.join(dir, 'missing.sqlite'), /does not exist/],
      ] as const) {
        const res = await runCli(path.join(dir, 'target.sqlite'), ['restore', source]);
        expect(res.code, source).to.equal(2);
        expect(res.stderr).to.match(message);
      }
      expect(fs.existsSync(path.join(dir, 'target.sqlite'))).to.equal(false);
      const pg = await runCli(file, ['backup', path.join(dir, 'x.dump')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
      expect(pg.code).to.equal(2);
      expect(pg.stderr).to.match(/pg_dump/);
    });
  });
}
