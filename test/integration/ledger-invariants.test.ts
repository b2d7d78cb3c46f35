import { expect } from 'chai';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { post, transfer } from '../helpers/ledger-builders';
import { LedgerInvariantError } from '../../src/domain/ledger/entry-rules';
import type { Entry } from '../../src/domain/ledger/entry';
import type { Repositories } from '../../src/data/repositories';

/**
 * The last line of defence in the write path: whatever planned an entry, the repository refuses to
 * write one that does not follow the chain head or does not balance in every fund.
 */
describe(`ledger write path invariants (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  async function entryCount(): Promise<number> {
    return Number((await t.db.writer('journal_entries').count({ n: '*' }).first())?.n);
  }

  /** An entry as a planner would build it on the locked head, with `change` applied. */
  async function writeRaw(change: (entry: Entry) => Entry, lockHead = true): Promise<unknown> {
    return t.db
      .write(async (repos: Repositories) => {
        const head = lockHead ? await repos.ledger.lockHead() : { lastEntryId: 1, lastHash: 'x' };
        const draft = transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00');
        const entry: Entry = {
          ...draft,
          id: head.lastEntryId + 1,
          idempotencyKey: null,
          reverses: null,
          metadata: {},
          recordedAt: new Date().toISOString(),
          prevHash: head.lastHash,
          hash: 'f'.repeat(64),
        };
        await repos.ledger.insertEntry(change(entry));
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
  }

  it('refuses an entry that does not balance within a fund, although its grand total balances, and writes nothing', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00'));
    const error = await writeRaw((entry) => ({
      ...entry,
      lines: [
        { account: 'assets:PHX:cash', fund: 'PHX', debit: 1000n, credit: 0n },
        { account: 'equity:PHX-RELIEF:contributed:PHX', fund: 'PHX-RELIEF', debit: 0n, credit: 1000n },
      ],
    }));
    expect(error).to.be.instanceOf(LedgerInvariantError);
    expect(String((error as Error).message)).to.match(/does not balance in fund PHX/);
    expect(await entryCount()).to.equal(1);
  });

  it('refuses an entry whose id does not follow the chain head, or that skips locking the head', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00'));
    const skipped = await writeRaw((entry) => ({ ...entry, id: entry.id + 1 }));
    expect(skipped).to.be.instanceOf(LedgerInvariantError);
    expect(String((skipped as Error).message)).to.match(/does not follow the chain head/);
    const wrongHash = await writeRaw((entry) => ({ ...entry, prevHash: '0'.repeat(64) }));
    expect(wrongHash).to.be.instanceOf(LedgerInvariantError);
    const unlocked = await writeRaw((entry) => entry, false);
    expect(unlocked).to.be.instanceOf(LedgerInvariantError);
    expect(await entryCount()).to.equal(1);
  });

  it('still writes entries that follow the head, one after another in one group', async () => {
    const [a, b] = await Promise.all([
      post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00')),
      post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '2.00')),
    ]);
    expect(b.id).to.equal(a.id + 1);
    expect(await entryCount()).to.equal(2);
  });
});
