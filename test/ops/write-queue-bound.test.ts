import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { TEST_DIALECT } from '../helpers/database';
import { call, openFile, prepareDatabase, startServer, tempDir, type ChildServer } from '../helpers/child-server';

/**
 * PHOENIX_WRITE_QUEUE_MAX bounds the writes waiting for the writer. Another process's write lock
 * stalls the writer (SQLite), so the queue fills exactly as it would under a burst.
 */
if (TEST_DIALECT === 'sqlite') {
  describe('operations: a bounded write queue (sqlite, child process)', function () {
    this.timeout(60_000);
    let dir: string;
    let file: string;
    let token: string;
    let server: ChildServer | null = null;
    let locker: Knex | null = null;

    beforeEach(async () => {
      dir = tempDir('queue');
      file = path.join(dir, 'queue.sqlite');
      token = await prepareDatabase(file);
    });
    afterEach(async () => {
      await locker?.destroy();
      locker = null;
      if (server && server.process.exitCode === null && server.process.signalCode === null) {
        server.process.kill('SIGKILL');
        await server.exited;
      }
      server = null;
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const commitment = (n: number) => ({ investor: 'YH-IF', amount: `${n}.00`, date: '2019-02-01' });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('over the bound a write answers 503 WRITE_QUEUE_FULL with Retry-After at once and writes nothing; the waiting writes are booked', async () => {
      server = await startServer(file, { PHOENIX_SQLITE_BUSY_MS: '20000', PHOENIX_WRITE_QUEUE_MAX: '1' });
      const url = server.url;
      locker = openFile(file);
      await locker.raw('BEGIN IMMEDIATE');
      // The first write is in the writer's transaction, waiting for the lock; the second waits in the queue.
      const first = call(url, 'POST', '/funds/PHX/commitments', { token, body: commitment(1) });
      await pause(400);
      const second = call(url, 'POST', '/funds/PHX/commitments', { token, body: commitment(2) });
      await pause(400);

      const started = Date.now();
      const refused = await call(url, 'POST', '/funds/PHX/commitments', { token, body: commitment(3), headers: { 'Idempotency-Key': 'queue-3' } });
      expect(Date.now() - started).to.be.below(5000);
      expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
      expect(refused.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(refused.body.code).to.equal('WRITE_QUEUE_FULL');
      expect(Number(refused.headers['retry-after'])).to.be.at.least(1);
      expect((await call(url, 'GET', '/funds/PHX', { token })).status).to.equal(200);

      await locker.raw('ROLLBACK');
      expect((await first).status).to.equal(201);
      expect((await second).status).to.equal(201);
      const amounts = (await locker('commitments').select('amount')).map((r: { amount: unknown }) => Number(r.amount)).sort((a, b) => a - b);
      expect(amounts).to.deep.equal([100, 200]);

      const retried = await call(url, 'POST', '/funds/PHX/commitments', { token, body: commitment(3), headers: { 'Idempotency-Key': 'queue-3' } });
      expect(retried.status, JSON.stringify(retried.body)).to.equal(201);
      expect(retried.headers['idempotent-replayed']).to.equal(undefined);
    });
  });
}
