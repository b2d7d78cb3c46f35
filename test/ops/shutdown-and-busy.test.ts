import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { TEST_DIALECT } from '../helpers/database';
import { call, openFile, prepareDatabase, startServer, tempDir, type ChildServer } from '../helpers/child-server';

/** Operations on the real server process: SIGTERM drains in-flight requests; a locked SQLite file answers 503. */
if (TEST_DIALECT === 'sqlite') {
  describe('operations: graceful shutdown and a busy database (sqlite, child process)', function () {
    this.timeout(60_000);
    let dir: string;
    let file: string;
    let token: string;
    let server: ChildServer | null;
    let locker: Knex | null;

    beforeEach(async () => {
      dir = tempDir('ops');
      file = path.join(dir, 'ops.sqlite');
      token = await prepareDatabase(file);
      server = null;
      locker = null;
    });
    afterEach(async () => {
      await locker?.destroy();
      if (server && server.process.exitCode === null && server.process.signalCode === null) {
        server.process.kill('SIGKILL');
        await server.exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Another process's write lock, as `sqlite3 FILE` with BEGIN IMMEDIATE would hold it. */
    async function holdWriteLock(): Promise<Knex> {
      const knex = openFile(file);
      await knex.raw('BEGIN IMMEDIATE');
      return knex;
    }

    const commitment = (n: number) => ({ investor: 'YH-IF', amount: `${n}.00`, date: '2019-02-01' });

    it('on SIGTERM stops accepting, answers every request in flight, closes the database and exits 0', async () => {
      server = await startServer(file, { PHOENIX_SQLITE_BUSY_MS: '20000' });
      const url = server.url;
      expect((await call(url, 'GET', '/health')).status).to.equal(200);
      // Held writes keep requests in flight for as long as the test wants.
      locker = await holdWriteLock();
      const inFlight = Array.from({ length: 8 }, (_, i) => call(url, 'POST', '/funds/PHX/commitments', { token, body: commitment(i + 1) }));
      await new Promise((r) => setTimeout(r, 700));
      server.process.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      const refused = await call(url, 'GET', '/health', { timeoutMs: 3000 }).then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      );
      expect(refused).to.equal('ECONNREFUSED');
      expect(server.process.exitCode).to.equal(null);
      await locker.raw('ROLLBACK');
      const answers = await Promise.all(inFlight);
      expect(answers.map((a) => a.status)).to.deep.equal(Array(8).fill(201));
      const exit = await server.exited;
      expect(exit).to.deep.equal({ code: 0, signal: null });
      expect(server.logs.some((l) => l.includes('phoenix fund ledger stopped'))).to.equal(true);
      const rows = await locker('commitments').count({ n: '*' }).first();
      expect(Number(rows?.n)).to.equal(8);
    });

    it('while another process holds the write lock, a write answers 503 with Retry-After, reads go on, and nothing is corrupted', async () => {
      server = await startServer(file, { PHOENIX_SQLITE_BUSY_MS: '250' });
      locker = await holdWriteLock();
      const started = Date.now();
      const busy = await call(server.url, 'POST', '/funds/PHX/commitments', { token, body: commitment(1), headers: { 'Idempotency-Key': 'busy-1' } });
      expect(Date.now() - started).to.be.below(5000);
      expect(busy.status, JSON.stringify(busy.body)).to.equal(503);
      expect(busy.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(busy.body.code).to.equal('DATABASE_BUSY');
      expect(Number(busy.headers['retry-after'])).to.be.at.least(1);
      expect(JSON.stringify(busy.body)).to.not.match(/SQLITE|sqlite3|at .*\.ts/);
      expect((await call(server.url, 'GET', '/funds/PHX', { token })).status).to.equal(200);
      await locker.raw('ROLLBACK');
      const retried = await call(server.url, 'POST', '/funds/PHX/commitments', { token, body: commitment(1), headers: { 'Idempotency-Key': 'busy-1' } });
      expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
      expect(retried.headers['idempotent-replayed']).to.equal(undefined);
      const verify = await call(server.url, 'GET', '/ledger/verify', { token });
      expect(verify.body.ok).to.equal(true);
      expect(((await locker.raw('PRAGMA integrity_check')) as Array<Record<string, string>>)[0].integrity_check).to.equal('ok');
    });
  });
}
