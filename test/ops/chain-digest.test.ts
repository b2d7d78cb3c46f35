import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { digestSignatureValid } from '../../src/domain/ledger/digest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { tamper, TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { call, openFile, prepareDatabase, runCli, startServer, tempDir } from '../helpers/child-server';
import { CLOSING_FROM_MONTH_TOTALS } from '../../migrations/20261129500006_account_closing_totals_backfill';

type Problem = { entryId: number | null; account?: string; problem: string };
type Run = (sql: string, bindings?: unknown[]) => Promise<unknown>;

const KEY = 'a-test-digest-key-of-at-least-32-characters';
const EVENT_TABLES = ['commitments', 'capital_calls', 'payments', 'investments', 'exits', 'valuations', 'distributions', 'expenses'];

/**
 * The tidy truncation an attacker with database access makes: remove every entry after
 * `keepThrough` with its lines and event rows, take their lines off the balances, set the head
 * back. With `keepAuditFrom` the audit and idempotency rows written since are removed as well.
 */
async function cutJournalBack(run: Run, dialect: 'sqlite' | 'pg', keepThrough: { entryId: number; hash: string }, keepAuditThrough?: number) {
  if (dialect === 'pg') {
    await run('ALTER TABLE journal_lines DISABLE TRIGGER USER');
    await run('ALTER TABLE journal_entries DISABLE TRIGGER USER');
  } else {
    for (const name of ['journal_lines_no_update', 'journal_lines_no_delete', 'journal_entries_no_update', 'journal_entries_no_delete']) await run(`DROP TRIGGER ${name}`);
  }
  const n = keepThrough.entryId;
  for (const side of ['debit', 'credit']) {
    await run(
      `UPDATE account_balances SET ${side} = ${side} - (SELECT COALESCE(SUM(l.${side}), 0) FROM journal_lines l WHERE l.account = account_balances.account AND l.entry_id > ?)`,
      [n],
    );
  }
  // A tidy cut takes the lines out of the month, day and closing totals too (reads at a past date start from them).
  for (const side of ['debit', 'credit']) {
    await run(
      `UPDATE account_month_totals SET ${side} = ${side} - (SELECT COALESCE(SUM(l.${side}), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id ` +
        'WHERE l.account = account_month_totals.account AND substr(e.value_date, 1, 7) = account_month_totals.month AND l.entry_id > ?)',
      [n],
    );
  }
  await run('DELETE FROM account_month_totals WHERE debit = 0 AND credit = 0');
  for (const side of ['debit', 'credit']) {
    await run(
      `UPDATE account_day_totals SET ${side} = ${side} - (SELECT COALESCE(SUM(l.${side}), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id ` +
        'WHERE l.account = account_day_totals.account AND e.value_date = account_day_totals.day AND l.entry_id > ?)',
      [n],
    );
  }
  await run('DELETE FROM account_day_totals WHERE debit = 0 AND credit = 0');
  await run('DELETE FROM account_closing_totals');
  await run(CLOSING_FROM_MONTH_TOTALS);
  for (const table of EVENT_TABLES) await run(`DELETE FROM ${table} WHERE entry_id > ?`, [n]);
  await run('DELETE FROM journal_lines WHERE entry_id > ?', [n]);
  await run('DELETE FROM journal_entries WHERE id > ?', [n]);
  await run('UPDATE ledger_head SET last_entry_id = ?, last_hash = ? WHERE id = 1', [n, keepThrough.hash]);
  if (keepAuditThrough !== undefined) {
    await run('DELETE FROM audit_log WHERE id > ?', [keepAuditThrough]);
    await run('DELETE FROM idempotency_keys');
  }
}

async function moreCommitments(api: TestApi, count: number) {
  for (let i = 1; i <= count; i += 1) {
    const res = await api.as('fund_manager').post('/funds/YH-IF/commitments', { investor: 'PRIV-A', amount: `${i}.00`, date: '2019-02-01' }, { 'Idempotency-Key': `more-${i}` });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  }
}

describe(`signed chain digests and the rows that name entries (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let run: Run;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_DIGEST_KEY: KEY } });
    await fundedScenario(api);
    run = (sql, bindings = []) => tamper(api.db, sql, bindings);
  });
  afterEach(() => api.dispose());

  const maxAuditId = async () => Number((await api.db.writer('audit_log').max({ id: 'id' }))[0].id);

  it('GET /ledger/digest signs the current head for any reader', async () => {
    const digest = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    const head = await api.db.writer('ledger_head').first();
    expect(digest.entryId).to.equal(Number(head.last_entry_id));
    expect(digest.hash).to.equal(head.last_hash);
    expect(digestSignatureValid(digest, Buffer.from(KEY))).to.equal(true);
    expect(digestSignatureValid(digest, Buffer.from(`${KEY}x`))).to.equal(false);
  });

  it('a journal cut back tidily behind a digest verifies clean alone, and fails against the digest', async () => {
    const before = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    const auditThrough = await maxAuditId();
    await moreCommitments(api, 3);
    const digest = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    expect(digest.entryId).to.equal(before.entryId + 3);
    await cutJournalBack(run, TEST_DIALECT, before, auditThrough);

    const alone = (await api.as('viewer').get('/ledger/verify').expect(200)).body;
    expect(alone.ok, JSON.stringify(alone.problems)).to.equal(true);
    expect((await api.as('viewer').post('/ledger/verify-digest', before).expect(200)).body.ok, 'the older digest still holds').to.equal(true);
    const against = (await api.as('viewer').post('/ledger/verify-digest', digest).expect(200)).body;
    expect(against.ok).to.equal(false);
    expect(against.problems).to.have.length(1);
    expect(against.problems[0].problem).to.match(/^the signed digest of .* names entry \d+, but the journal ends at entry \d+: entries were removed/);
  });

  it('a journal cut back and written again past the digest fails on the changed hash', async () => {
    const digest = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    const auditThrough = await maxAuditId();
    await moreCommitments(api, 1);
    const later = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    await cutJournalBack(run, TEST_DIALECT, digest, auditThrough);
    const res = await api.as('fund_manager').post('/funds/YH-IF/commitments', { investor: 'PRIV-A', amount: '9.99', date: '2019-02-01' });
    expect(res.status).to.equal(201);
    expect(res.body.entryId).to.equal(later.entryId);
    const against = (await api.as('viewer').post('/ledger/verify-digest', later).expect(200)).body;
    expect(against.ok).to.equal(false);
    expect(against.problems.find((p: Problem) => p.entryId === later.entryId)?.problem).to.match(/differs from the signed digest/);
  });

  it('a forged or altered digest is refused with DIGEST_INVALID', async () => {
    const digest = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    expectProblem(await api.as('viewer').post('/ledger/verify-digest', { ...digest, entryId: digest.entryId + 5 }), 422, 'DIGEST_INVALID');
    expectProblem(await api.as('viewer').post('/ledger/verify-digest', { ...digest, signature: 'f'.repeat(64) }), 422, 'DIGEST_INVALID');
    expectProblem(await api.as('viewer').post('/ledger/verify-digest', { ...digest, signature: 'nope' }), 400, 'VALIDATION_FAILED');
  });

  it('without a signing key the digest is a clear 503, not a crash', async () => {
    const bare = await testApi({ env: { PHOENIX_DIGEST_KEY: '' } });
    try {
      expectProblem(await bare.as('viewer').get('/ledger/digest'), 503, 'DIGEST_UNAVAILABLE');
    } finally {
      await bare.dispose();
    }
  });

  it('audit and idempotency rows left behind by a cut name the missing entries', async () => {
    const digest = (await api.as('viewer').get('/ledger/digest').expect(200)).body;
    await moreCommitments(api, 2);
    await cutJournalBack(run, TEST_DIALECT, digest);
    const report = (await api.as('viewer').get('/ledger/verify').expect(200)).body;
    expect(report.ok).to.equal(false);
    const about = (id: number) => report.problems.filter((p: Problem) => p.entryId === id).map((p: Problem) => p.problem).join(' | ');
    for (const missing of [digest.entryId + 1, digest.entryId + 2]) {
      expect(about(missing)).to.match(new RegExp(`audit row \\d+ names entry ${missing}, which is not in the journal`));
      // The stored key, scoped to its sender ("<person> <key>").
      expect(about(missing)).to.match(new RegExp(`idempotency key "test-fund_manager more-\\d" names entry ${missing}`));
    }
  });

  it('an audit row naming an entry past the head, or an event row naming an entry of another type, is a problem', async () => {
    const head = Number((await api.db.writer('ledger_head').first()).last_entry_id);
    await run("INSERT INTO audit_log (at, actor, role, action, target, request_id, detail) VALUES ('2019-01-01T00:00:00.000Z', 'x', 'admin', 'commitment.create', 'funds/PHX', 'r', ?)", [
      JSON.stringify({ status: 201, entryId: head + 1 }),
    ]);
    const payment = await api.db.writer('payments').first();
    const commitment = await api.db.writer('commitments').first();
    await run('UPDATE payments SET entry_id = NULL WHERE id = ?', [payment.id]);
    await run('UPDATE commitments SET entry_id = ? WHERE id = ?', [payment.entry_id, commitment.id]);
    const report = (await api.as('viewer').get('/ledger/verify').expect(200)).body;
    expect(report.ok).to.equal(false);
    expect(report.problems).to.deep.include({ entryId: head + 1, problem: `audit row ${await maxAuditId()} names entry ${head + 1}, which is not in the journal` });
    expect(report.problems.map((p: Problem) => p.problem).join(' | ')).to.match(/commitments row \d+ names entry \d+, a payment entry, where a commitment entry belongs/);
  });
});

if (TEST_DIALECT === 'sqlite') {
  describe('digests written outside the database, and `phoenix verify --digest` (sqlite, child process)', function () {
    this.timeout(90_000);
    let dir: string;
    beforeEach(() => {
      dir = tempDir('digest');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('the server appends a digest per committed group; a journal cut back behind the last one fails verify --digest with exit 1', async () => {
      const file = path.join(dir, 'phoenix.sqlite');
      const digests = path.join(dir, 'evidence', 'digests.jsonl');
      const token = await prepareDatabase(file);
      const server = await startServer(file, { PHOENIX_DIGEST_FILE: digests });
      try {
        const keyFile = path.join(dir, 'digest.key');
        expect(fs.statSync(keyFile).mode & 0o777, 'generated key file is private').to.equal(0o600);
        expect(server.logs.join('\n')).to.match(/move it elsewhere/);
        for (const investor of ['YH-IF', 'YH-TUF']) {
          const res = await call(server.url, 'POST', '/funds/PHX/commitments', { token, body: { investor, amount: '100.00', date: '2019-02-01' } });
          expect(res.status, JSON.stringify(res.body)).to.equal(201);
        }
      } finally {
        server.process.kill('SIGTERM');
        expect((await server.exited).code).to.equal(0);
      }
      const lines = fs.readFileSync(digests, 'utf8').trim().split('\n');
      const last = JSON.parse(lines[lines.length - 1]);
      expect(lines.length).to.be.at.least(2);
      expect(last.entryId).to.be.greaterThan(JSON.parse(lines[0]).entryId);

      const clean = await runCli(file, ['verify', '--digest', digests]);
      expect(clean.code, clean.stderr).to.equal(0);

      const knex = openFile(file);
      try {
        const first = JSON.parse(lines[0]);
        await cutJournalBack((sql, b = []) => knex.raw(sql, b as never[]), 'sqlite', first, 0);
      } finally {
        await knex.destroy();
      }
      expect((await runCli(file, ['verify'])).code, 'verify alone is fooled').to.equal(0);
      const cut = await runCli(file, ['verify', '--digest', digests]);
      expect(cut.code).to.equal(1);
      expect(cut.stderr).to.match(new RegExp(`names entry ${last.entryId}, but the journal ends at entry \\d+`));

      const forged = path.join(dir, 'forged.json');
      fs.writeFileSync(forged, JSON.stringify({ ...JSON.parse(lines[0]), signature: last.signature }, null, 2));
      const refused = await runCli(file, ['verify', '--digest', forged]);
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.match(/not validly signed/);
    });
  });
}
