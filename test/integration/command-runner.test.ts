import { expect } from 'chai';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { transfer } from '../helpers/ledger-builders';
import { runCommand, type CommandContext } from '../../src/application/command-runner';
import { postEntry } from '../../src/domain/ledger/ledger-service';
import { DomainError } from '../../src/domain/errors';

describe(`command runner: idempotency and audit (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  const context = (key?: string, fingerprint = 'f1'): CommandContext => ({
    actor: { tokenId: 1, name: 'manager', role: 'fund_manager' },
    requestId: 'req-1',
    now: new Date('2019-01-01T00:00:00Z'),
    idempotency: key ? { key, fingerprint } : undefined,
    answer: (result) => ({ status: 201, body: result }),
  });

  const book = (amount: string) => ({
    action: 'test.book',
    async execute(repos: Parameters<Parameters<typeof t.db.write>[0]>[0]) {
      const entry = await postEntry(repos.ledger, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', amount));
      return { result: { entryId: entry.id }, target: `journal/${entry.id}` };
    },
  });

  const count = async (table: string) => Number((await t.db.writer(table).count({ n: '*' }).first())?.n);

  it('a retry with the same key and body returns the first result and writes nothing', async () => {
    const first = await runCommand(t.db, context('k-1'), book('10.00'));
    const retry = await runCommand(t.db, context('k-1'), book('10.00'));
    expect(first).to.deep.equal({ result: { entryId: 1 }, replayed: false });
    expect(retry).to.deep.equal({ answer: { status: 201, body: { entryId: 1 } }, replayed: true });
    expect(await count('journal_entries')).to.equal(1);
    expect(await count('audit_log')).to.equal(1);
  });

  it('the same key with a different body is an IDEMPOTENCY_CONFLICT and writes nothing', async () => {
    await runCommand(t.db, context('k-2', 'body-a'), book('10.00'));
    let code = '';
    try {
      await runCommand(t.db, context('k-2', 'body-b'), book('99.00'));
    } catch (error) {
      code = (error as DomainError).code;
    }
    expect(code).to.equal('IDEMPOTENCY_CONFLICT');
    expect(await count('journal_entries')).to.equal(1);
  });

  it('concurrent requests with one key write one entry, and every caller gets the same answer', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => runCommand(t.db, context('k-3'), book('7.00'))));
    expect(await count('journal_entries')).to.equal(1);
    expect(new Set(results.map((r) => JSON.stringify(r.replayed ? r.answer.body : r.result))).size).to.equal(1);
    expect(results.filter((r) => !r.replayed)).to.have.length(1);
  });

  it('a refused command does not use up its key or leave an audit record', async () => {
    const refusing = {
      action: 'test.refuse',
      async execute(): Promise<never> {
        throw new DomainError('INSUFFICIENT_CASH', 'no cash');
      },
    };
    let code = '';
    try {
      await runCommand(t.db, context('k-4'), refusing);
    } catch (error) {
      code = (error as DomainError).code;
    }
    expect(code).to.equal('INSUFFICIENT_CASH');
    expect(await count('idempotency_keys')).to.equal(0);
    expect(await count('audit_log')).to.equal(0);
    const retried = await runCommand(t.db, context('k-4'), book('1.00'));
    expect(retried.replayed).to.equal(false);
  });

  it('writes an audit record with actor, action, target and request id', async () => {
    await runCommand(t.db, context(), book('3.00'));
    const row = await t.db.writer('audit_log').first();
    expect(row).to.include({ actor: 'manager', role: 'fund_manager', action: 'test.book', target: 'journal/1', request_id: 'req-1' });
    // The status is the caller's answer: the command itself hands back only its result.
    expect(typeof row.detail === 'string' ? JSON.parse(row.detail) : row.detail).to.deep.equal({ status: 201, entryId: 1 });
  });
});
