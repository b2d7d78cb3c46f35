import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { TEST_DIALECT } from '../helpers/database';
import { call, openFile, prepareDatabase, startServer, tempDir, type ChildServer } from '../helpers/child-server';

/**
 * The real server, killed with SIGKILL at a random moment while it books commitments from many
 * concurrent clients, then restarted on the same file. Every acknowledged commitment must still
 * be there (its Idempotency-Key replays the same answer), nothing unacknowledged may be half
 * there (an entry exists iff its commitment row and key do), and the ledger must verify.
 * SQLite only: it is the database whose file the process itself writes.
 */
const ROUNDS = Number(process.env.PHOENIX_CRASH_ROUNDS ?? 5);
const WORKERS = 12;
const MAX_REQUESTS_PER_WORKER = 3000;

interface Sent {
  key: string;
  body: { investor: string; amount: string; date: string };
  answer?: { status: number; body: Record<string, unknown> };
}

if (TEST_DIALECT === 'sqlite') {
  describe('crash: SIGKILL mid-write, restart on the same file (sqlite)', function () {
    this.timeout(240_000);
    const dir = tempDir('crash');
    const file = path.join(dir, 'crash.sqlite');
    let server: ChildServer | null = null;
    after(async () => {
      if (server && server.process.exitCode === null && server.process.signalCode === null) {
        server.process.kill('SIGKILL');
        await server.exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it(`keeps every acknowledged entry and no half-written one, over ${ROUNDS} kills at random moments`, async () => {
      const token = await prepareDatabase(file);
      server = await startServer(file);
      for (const code of ['CRASH-A', 'CRASH-B']) {
        const res = await call(server.url, 'POST', '/investors', { token, body: { code, name: `崩溃测试${code}`, category: 'private', capitalClass: 'social' } });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
      }
      const sent: Sent[] = [];
      const summary = { rounds: 0, acknowledged: 0, unanswered: 0, lost: 0, halfWritten: 0 };

      for (let round = 0; round < ROUNDS; round += 1) {
        let stop = false;
        const worker = async (w: number) => {
          for (let n = 0; n < MAX_REQUESTS_PER_WORKER && !stop; n += 1) {
            const fen = 100 + Math.floor(Math.random() * 99_900);
            const item: Sent = {
              key: `crash-${round}-${w}-${n}`,
              body: { investor: n % 2 ? 'CRASH-A' : 'CRASH-B', amount: (fen / 100).toFixed(2), date: '2019-02-01' },
            };
            sent.push(item);
            try {
              const res = await call(server!.url, 'POST', '/funds/PHX/commitments', { token, body: item.body, headers: { 'Idempotency-Key': item.key }, timeoutMs: 10_000 });
              item.answer = { status: res.status, body: res.body };
            } catch {
              return; // the server died under this request: it stays unanswered
            }
          }
        };
        const running = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
        await new Promise((r) => setTimeout(r, 200 + Math.floor(Math.random() * 1300)));
        server.process.kill('SIGKILL');
        const exit = await server.exited;
        stop = true;
        await running;
        expect(exit.signal).to.equal('SIGKILL');

        server = await startServer(file);
        const verify = await call(server.url, 'GET', '/ledger/verify', { token });
        expect(verify.body.ok, JSON.stringify(verify.body.problems)).to.equal(true);

        // Every acknowledged commitment replays its first answer; an unanswered one is either
        // there in full (it replays) or not at all (it is booked now, once).
        const thisRound = sent.filter((s) => s.key.startsWith(`crash-${round}-`));
        for (const item of thisRound) {
          const replay = await call(server.url, 'POST', '/funds/PHX/commitments', { token, body: item.body, headers: { 'Idempotency-Key': item.key } });
          if (item.answer?.status === 201) {
            summary.acknowledged += 1;
            const same = replay.status === 201 && replay.headers['idempotent-replayed'] === 'true' && JSON.stringify(replay.body) === JSON.stringify(item.answer.body);
            if (!same) summary.lost += 1;
          } else {
            expect(item.answer?.status ?? 0, JSON.stringify(item.answer)).to.be.oneOf([0]);
            summary.unanswered += 1;
            expect(replay.status, JSON.stringify(replay.body)).to.equal(201);
          }
        }
        summary.rounds += 1;
      }

      server.process.kill('SIGTERM');
      expect((await server.exited).code).to.equal(0);
      server = null;

      const knex = openFile(file);
      try {
        const count = async (sql: string) => Number(((await knex.raw(sql)) as Array<{ n: number }>)[0].n);
        summary.halfWritten =
          (await count('SELECT count(*) AS n FROM commitments c LEFT JOIN journal_entries e ON e.id = c.entry_id WHERE e.id IS NULL')) +
          (await count("SELECT count(*) AS n FROM journal_entries e WHERE e.type = 'commitment' AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.entry_id = e.id)")) +
          (await count('SELECT count(*) AS n FROM idempotency_keys WHERE status = 0'));
        const keys = await count("SELECT count(*) AS n FROM idempotency_keys WHERE key LIKE '% crash-%'");
        const crashCommitments = await count("SELECT count(*) AS n FROM commitments WHERE investor IN ('CRASH-A', 'CRASH-B')");
        const audited = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'commitment.create'");
        const commitments = await count('SELECT count(*) AS n FROM commitments');
        // Every key sent was booked exactly once, by the original request or its replay.
        expect(keys).to.equal(sent.length);
        expect(crashCommitments).to.equal(sent.length);
        expect(audited).to.equal(commitments);
      } finally {
        await knex.destroy();
      }
      console.log(
        `      crash: ${summary.rounds} SIGKILL rounds survived, ${summary.acknowledged} acknowledged commitments, ${summary.unanswered} unanswered at the kill, ${summary.lost} lost, ${summary.halfWritten} half-written`,
      );
      expect(summary.acknowledged).to.be.greaterThan(0);
      expect(summary.lost).to.equal(0);
      expect(summary.halfWritten).to.equal(0);
    });
  });
}
