import { expect } from 'chai';
import { freshDatabase, tamper, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { post, transfer } from '../helpers/ledger-builders';
import { postEntry, reverseEntry } from '../../src/domain/ledger/ledger-service';
import { verifyLedger, trialBalance } from '../../src/application/journal-service';
import { DomainError } from '../../src/domain/errors';
import type { EntryDraft } from '../../src/domain/ledger/entry';

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

async function counts(t: TestDatabase) {
  const [entries, lines] = await Promise.all([
    t.db.writer('journal_entries').count({ n: '*' }).first(),
    t.db.writer('journal_lines').count({ n: '*' }).first(),
  ]);
  return { entries: Number(entries?.n), lines: Number(lines?.n) };
}

describe(`ledger repository and service (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  it('posts an entry, keeps balances with it, and chains it to the previous entry', async () => {
    const first = await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1500.25'));
    const second = await post(t.db, transfer('PHX', 'expenses:management_fee', 'assets:cash', '0.25'));
    expect(second.id).to.equal(first.id + 1);
    expect(second.prevHash).to.equal(first.hash);
    const tb = await trialBalance(t.db, {});
    const cash = tb.accounts.find((a) => a.account === 'assets:PHX:cash');
    expect(cash).to.deep.include({ debit: 150025n, credit: 25n });
    expect(tb.totals.debit).to.equal(tb.totals.credit);
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  it('when an entry does not balance, it is refused and nothing is written', async () => {
    const bad: EntryDraft = transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00');
    bad.lines[1] = { ...bad.lines[1], credit: 999n };
    expect(await codeOf(post(t.db, bad))).to.equal('UNBALANCED_ENTRY');
    expect(await counts(t)).to.deep.equal({ entries: 0, lines: 0 });
    expect((await trialBalance(t.db, {})).accounts).to.deep.equal([]);
  });

  it('when the total balances but one fund does not, it is refused and nothing is written', async () => {
    const draft: EntryDraft = {
      date: '2019-01-02',
      type: 'test',
      memo: 'cross-fund without the other side',
      actor: 'test',
      lines: [
        { account: 'assets:PHX:cash', fund: 'PHX', debit: 100n, credit: 0n },
        { account: 'equity:PHX-RELIEF:contributed:PHX', fund: 'PHX-RELIEF', debit: 0n, credit: 100n },
      ],
    };
    expect(await codeOf(post(t.db, draft))).to.equal('UNBALANCED_ENTRY');
    expect(await counts(t)).to.deep.equal({ entries: 0, lines: 0 });
  });

  it('reverses an entry exactly once, with swapped lines pointing at the original', async () => {
    const original = await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '42.00'));
    const reversal = await t.db.write((repos) => reverseEntry(repos.ledger, original.id, { date: '2019-02-01', actor: 'test', reason: 'typo' }));
    expect(reversal.reverses).to.equal(original.id);
    expect(reversal.lines.map((l) => [l.account, l.debit, l.credit])).to.deep.equal(original.lines.map((l) => [l.account, l.credit, l.debit]));
    const again = t.db.write((repos) => reverseEntry(repos.ledger, original.id, { date: '2019-02-01', actor: 'test', reason: 'twice' }));
    expect(await codeOf(again)).to.equal('ALREADY_REVERSED');
    const ofReversal = t.db.write((repos) => reverseEntry(repos.ledger, reversal.id, { date: '2019-02-01', actor: 'test', reason: 'x' }));
    expect(await codeOf(ofReversal)).to.equal('REVERSAL_NOT_ALLOWED');
    const tb = await trialBalance(t.db, {});
    expect(tb.accounts.map((a) => a.debit - a.credit)).to.deep.equal(tb.accounts.map(() => 0n));
    expect(await counts(t)).to.deep.equal({ entries: 2, lines: 4 });
  });

  it('refuses a reversal dated before the original, and of an entry that does not exist', async () => {
    const original = await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00'));
    expect(await codeOf(t.db.write((r) => reverseEntry(r.ledger, original.id, { date: '2018-01-01', actor: 'a', reason: 'r' })))).to.equal('VALIDATION_FAILED');
    expect(await codeOf(t.db.write((r) => reverseEntry(r.ledger, 999, { date: '2019-02-01', actor: 'a', reason: 'r' })))).to.equal('NOT_FOUND');
  });

  it('answers trial balances as of a date from the lines', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '100.00', { date: '2019-01-01' }));
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '50.00', { date: '2019-03-01' }));
    const before = await trialBalance(t.db, { asOf: '2019-02-01' });
    const after = await trialBalance(t.db, { asOf: '2019-03-01' });
    expect(before.accounts.find((a) => a.account === 'assets:PHX:cash')?.debit).to.equal(10000n);
    expect(after.accounts.find((a) => a.account === 'assets:PHX:cash')?.debit).to.equal(15000n);
    expect((await trialBalance(t.db, { asOf: '2018-12-31' })).accounts).to.deep.equal([]);
  });

  it('never loses a balance update when many posts run concurrently', async () => {
    const posts = Array.from({ length: 60 }, (_, i) =>
      post(t.db, transfer(i % 2 ? 'PHX' : 'PHX-MA', 'assets:cash', 'equity:contributed:YH-IF', `${i + 1}.01`)),
    );
    const entries = await Promise.all(posts);
    expect(new Set(entries.map((e) => e.id)).size).to.equal(60);
    const tb = await trialBalance(t.db, {});
    const cash = (fund: string) => tb.accounts.find((a) => a.account === `assets:${fund}:cash`)?.debit;
    const expected = (odd: boolean) =>
      Array.from({ length: 60 }, (_, i) => i).filter((i) => (i % 2 === 1) === odd).reduce((s, i) => s + BigInt((i + 1) * 100 + 1), 0n);
    expect(cash('PHX')).to.equal(expected(true));
    expect(cash('PHX-MA')).to.equal(expected(false));
    const report = await verifyLedger(t.db);
    expect(report.problems).to.deep.equal([]);
    expect(report.entries).to.equal(60);
  });

  it('in a group of concurrent writes, a refused one leaves the others committed', async () => {
    const good = post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00'));
    const badDraft = transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '1.00');
    badDraft.lines[0] = { ...badDraft.lines[0], account: 'assets:PHX-MA:cash' };
    const bad = post(t.db, badDraft);
    const alsoGood = post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '2.00'));
    const results = await Promise.allSettled([good, bad, alsoGood]);
    expect(results.map((r) => r.status)).to.deep.equal(['fulfilled', 'rejected', 'fulfilled']);
    expect(await counts(t)).to.deep.equal({ entries: 2, lines: 4 });
    expect((await verifyLedger(t.db)).ok).to.equal(true);
  });

  describe('verify, after someone edits the database behind the service', () => {
    beforeEach(async () => {
      for (let i = 1; i <= 3; i += 1) await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', `${i}00.00`));
    });

    async function dropAppendOnlyGuards() {
      if (TEST_DIALECT === 'pg') {
        await tamper(t.db, 'ALTER TABLE journal_lines DISABLE TRIGGER USER');
        await tamper(t.db, 'ALTER TABLE journal_entries DISABLE TRIGGER USER');
      } else {
        for (const name of ['journal_lines_no_update', 'journal_lines_no_delete', 'journal_entries_no_update', 'journal_entries_no_delete']) {
          await tamper(t.db, `DROP TRIGGER ${name}`);
        }
      }
    }

    it('names the entry whose line amount was changed', async () => {
      await dropAppendOnlyGuards();
      await tamper(t.db, 'UPDATE journal_lines SET debit = debit + 1 WHERE entry_id = 2 AND line_no = 0');
      const report = await verifyLedger(t.db);
      expect(report.ok).to.equal(false);
      expect(report.problems.filter((p) => p.entryId === 2).length).to.be.greaterThan(0);
      expect(report.problems.some((p) => p.account === 'assets:PHX:cash')).to.equal(true);
    });

    it('names the account whose stored balance was changed', async () => {
      await tamper(t.db, "UPDATE account_balances SET credit = credit + 100 WHERE account = 'equity:PHX:contributed:YH-IF'");
      const report = await verifyLedger(t.db);
      expect(report.problems).to.have.length(1);
      expect(report.problems[0]).to.include({ entryId: null, account: 'equity:PHX:contributed:YH-IF' });
    });

    it('names the entry whose memo was rewritten, and a chain broken by a deleted entry', async () => {
      await dropAppendOnlyGuards();
      await tamper(t.db, "UPDATE journal_entries SET memo = 'nothing to see' WHERE id = 1");
      await tamper(t.db, 'DELETE FROM journal_lines WHERE entry_id = 2');
      await tamper(t.db, 'DELETE FROM journal_entries WHERE id = 2');
      const report = await verifyLedger(t.db);
      const byEntry = (id: number) => report.problems.filter((p) => p.entryId === id).map((p) => p.problem).join(' | ');
      expect(byEntry(1)).to.match(/hash mismatch/);
      expect(byEntry(3)).to.match(/missing/).and.match(/chain broken/);
    });
  });

  it('refuses to post through a store without first locking its accounts in order (pg row locks)', async () => {
    // Two writers touching the same two accounts in opposite line order must both succeed without deadlock.
    const a = transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '5.00');
    const b = transfer('PHX', 'equity:contributed:YH-IF', 'assets:cash', '1.00');
    const runs = Array.from({ length: 20 }, (_, i) => t.db.write((repos) => postEntry(repos.ledger, i % 2 ? a : b)));
    await Promise.all(runs);
    const tb = await trialBalance(t.db, {});
    expect(tb.accounts.find((x) => x.account === 'assets:PHX:cash')).to.deep.include({ debit: 5000n, credit: 1000n });
  });
});

describe(`group commit with a job that fails after writing (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
  });
  afterEach(() => t.dispose());

  it('rolls back only that job, and the jobs after it see the rolled-back head and balances', async () => {
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '100.00'));
    const writeThenFail = t.db.write(async (repos) => {
      await repos.ledger.lockAccounts([{ account: 'assets:PHX:cash', fund: 'PHX' }]);
      await postEntry(repos.ledger, transfer('PHX', 'expenses:fee', 'assets:cash', '60.00'));
      throw new DomainError('INSUFFICIENT_CASH', 'refused after writing');
    });
    const spendRest = Array.from({ length: 5 }, () =>
      t.db.write(async (repos) => {
        const cash = (await repos.ledger.lockAccounts([{ account: 'assets:PHX:cash', fund: 'PHX' }])).get('assets:PHX:cash')!;
        if (cash.debit - cash.credit < 2000n) throw new DomainError('INSUFFICIENT_CASH', 'no cash');
        return postEntry(repos.ledger, transfer('PHX', 'expenses:fee', 'assets:cash', '20.00'));
      }),
    );
    const results = await Promise.allSettled([writeThenFail, ...spendRest]);
    expect(results[0].status).to.equal('rejected');
    expect(results.slice(1).filter((r) => r.status === 'fulfilled')).to.have.length(5);
    const tb = await trialBalance(t.db, {});
    expect(tb.accounts.find((a) => a.account === 'assets:PHX:cash')).to.deep.include({ debit: 10000n, credit: 10000n });
    const report = await verifyLedger(t.db);
    expect(report.problems).to.deep.equal([]);
    expect(report.entries).to.equal(6);
  });
});

describe(`balances under name prefixes (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase();
    await post(t.db, transfer('PHX', 'memo:commitments:uncalled:A', 'memo:commitments:committed:A', '10.00', { date: '2019-01-01' }));
    await post(t.db, transfer('PHX-MA', 'memo:commitments:uncalled:A', 'memo:commitments:committed:A', '20.00', { date: '2019-01-01' }));
    await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:A', '30.00', { date: '2019-02-01' }));
    await post(t.db, transfer('PHX', 'memo:commitments:uncalled:B', 'memo:commitments:committed:B', '40.00', { date: '2019-03-01' }));
  });
  afterEach(() => t.dispose());

  const names = (balances: Array<{ account: string }>) => balances.map((b) => b.account);

  it('reads exactly the accounts under each prefix, not a neighbouring fund’s', async () => {
    expect(names(await t.db.read((r) => r.journal.balancesUnder(['memo:PHX:commitments:'])))).to.deep.equal([
      'memo:PHX:commitments:committed:A',
      'memo:PHX:commitments:committed:B',
      'memo:PHX:commitments:uncalled:A',
      'memo:PHX:commitments:uncalled:B',
    ]);
  });

  it('as of a date, sums only the lines dated by then; on or after the last date it equals the maintained balances', async () => {
    const early = await t.db.read((r) => r.journal.balancesUnder(['memo:PHX:commitments:'], '2019-02-15'));
    expect(names(early)).to.deep.equal(['memo:PHX:commitments:committed:A', 'memo:PHX:commitments:uncalled:A']);
    const late = await t.db.read((r) => r.journal.balancesUnder(['memo:PHX:commitments:', 'assets:PHX:'], '2019-12-31'));
    const current = await t.db.read((r) => r.journal.balancesUnder(['memo:PHX:commitments:', 'assets:PHX:']));
    expect(late).to.deep.equal(current);
    expect(current.find((b) => b.account === 'assets:PHX:cash')?.debit).to.equal(3000n);
  });
});
