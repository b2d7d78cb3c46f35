import { expect } from 'chai';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { transfer } from '../helpers/ledger-builders';
import { runCommand, type CommandContext } from '../../src/application/command-runner';
import { verifyLedger } from '../../src/application/journal-service';
import { postEntry } from '../../src/domain/ledger/ledger-service';
import { DomainError } from '../../src/domain/errors';
import type { Repositories } from '../../src/data/repositories';

describe(`group commit writes a group's lines, balances, head, audit and answers in bulk (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  let statements: string[];
  beforeEach(async () => {
    t = await freshDatabase();
    statements = [];
    t.db.writer.on('query', (q: { sql?: string }) => statements.push(q.sql ?? ''));
  });
  afterEach(() => t.dispose());

  const context = (n: number, key?: string): CommandContext => ({
    actor: { tokenId: 1, name: 'manager', role: 'fund_manager' },
    requestId: `req-${n}`,
    now: new Date('2019-01-01T00:00:00Z'),
    idempotency: key ? { key, fingerprint: 'f' } : undefined,
    answer: (result) => ({ status: 201, body: result }),
  });

  const book = (amount: string, refuse = false) => ({
    action: 'test.book',
    async execute(repos: Repositories) {
      if (refuse) throw new DomainError('INSUFFICIENT_CASH', 'refused before writing');
      const entry = await postEntry(repos.ledger, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', amount));
      return { result: { entryId: entry.id }, target: `journal/${entry.id}` };
    },
  });

  const count = async (table: string) => Number((await t.db.writer(table).count({ n: '*' }).first())?.n);
  const inserts = (table: string) => statements.filter((sql) => new RegExp(`^insert into [\`"]?${table}[\`"]? `, 'i').test(sql)).length;
  const cash = async () => {
    const row = await t.db.writer('account_balances').where({ account: 'assets:PHX:cash' }).first();
    return BigInt(String(row.debit)) - BigInt(String(row.credit));
  };

  it('a group of many postings writes its lines and audit rows in one statement each, whatever its size', async () => {
    // The first request opens a group alone; the other 60, queued meanwhile, form the next one.
    const outcomes = await Promise.all(Array.from({ length: 61 }, (_, n) => runCommand(t.db, context(n), book('1.00'))));
    expect(outcomes.every((o) => !o.replayed)).to.equal(true);
    expect(inserts('journal_lines')).to.equal(2);
    expect(inserts('audit_log')).to.equal(2);
    // Entries are buffered too: one statement per group.
    expect(inserts('journal_entries')).to.equal(2);
    expect(await count('journal_entries')).to.equal(61);
    expect(await count('journal_lines')).to.equal(122);
    expect(await count('audit_log')).to.equal(61);
    expect(await cash()).to.equal(6100n);
    const report = await verifyLedger(t.db);
    expect(report.problems).to.deep.equal([]);
    expect(report.ok).to.equal(true);
  });

  it('a request refused inside a group leaves none of its rows, and the others of the group are booked', async () => {
    const outcomes = await Promise.allSettled(Array.from({ length: 9 }, (_, n) => runCommand(t.db, context(n, `k-${n}`), book('2.00', n === 4))));
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(((outcomes[4] as PromiseRejectedResult).reason as DomainError).code).to.equal('INSUFFICIENT_CASH');
    expect(await count('journal_entries')).to.equal(8);
    expect(await count('audit_log')).to.equal(8);
    expect(await t.db.writer('idempotency_keys').where({ key: 'k-4' }).first()).to.equal(undefined);
    expect(await count('idempotency_keys')).to.equal(8);
    expect(await cash()).to.equal(1600n);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('a key answered earlier in the same group is replayed from the group, not booked twice', async () => {
    const outcomes = await Promise.all([
      runCommand(t.db, context(0), book('1.00')),
      runCommand(t.db, context(1, 'same'), book('5.00')),
      runCommand(t.db, context(2, 'same'), book('5.00')),
    ]);
    expect(outcomes.map((o) => o.replayed)).to.deep.equal([false, false, true]);
    expect(outcomes[2]).to.deep.equal({ replayed: true, answer: { status: 201, body: { entryId: 2 } } });
    expect(await count('journal_entries')).to.equal(2);
    expect(await cash()).to.equal(600n);
  });

  it('a read inside the group sees the rows the group has not yet written', async () => {
    const [, , seen] = await Promise.all([
      t.db.write((repos) => postEntry(repos.ledger, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00'))),
      t.db.write(async (repos) => {
        await postEntry(repos.ledger, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '3.00'));
        await repos.audit.record({ at: '2019-01-01T00:00:00Z', actor: 'a', role: 'admin', action: 'test.note', target: 't', requestId: 'r' });
      }),
      t.db.write(async (repos) => ({
        balances: await repos.journal.currentBalances('PHX'),
        audit: await repos.audit.list({ limit: 10 }),
        entry: await repos.ledger.getEntry(2),
      })),
    ]);
    expect(seen.balances.find((b) => b.account === 'assets:PHX:cash')?.debit).to.equal(400n);
    expect(seen.audit.map((a) => a.action)).to.deep.equal(['test.note']);
    expect(seen.entry?.lines.map((l) => l.debit + l.credit)).to.deep.equal([300n, 300n]);
  });

  it('a request that reads the group\'s rows and is then refused leaves the others of its group as they were, run once', async () => {
    const readThenRefuse = {
      action: 'test.refused',
      async execute(repos: Repositories): Promise<{ result: { entryId: number }; target: string }> {
        await repos.journal.currentBalances('PHX');
        throw new DomainError('INSUFFICIENT_CASH', 'refused after reading');
      },
    };
    const outcomes = await Promise.allSettled([
      runCommand(t.db, context(0), book('1.00')),
      runCommand(t.db, context(1), book('2.00')),
      runCommand(t.db, context(2), readThenRefuse),
      runCommand(t.db, context(3), book('4.00')),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // Each entry was inserted once: the refusal rolled nothing back and nothing ran again.
    expect(inserts('journal_entries')).to.equal(3);
    expect(await count('audit_log')).to.equal(3);
    expect(await cash()).to.equal(700n);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('when the bulk write fails, the group runs again row by row: only the request whose row fails is refused', async () => {
    const badAudit = {
      action: 'test.bad',
      async execute(repos: Repositories) {
        const entry = await postEntry(repos.ledger, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '9.00'));
        return { result: { entryId: entry.id }, target: null as unknown as string };
      },
    };
    const outcomes = await Promise.allSettled([
      runCommand(t.db, context(0), book('1.00')),
      runCommand(t.db, context(1), book('1.00')),
      runCommand(t.db, context(2), badAudit),
      runCommand(t.db, context(3), book('1.00')),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count('journal_entries')).to.equal(3);
    expect(await count('audit_log')).to.equal(3);
    expect(await cash()).to.equal(300n);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });
});
