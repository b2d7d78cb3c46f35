import { DomainError } from '../domain/errors';
import { assertNotFuture, type IsoDate } from '../domain/dates';
import type { AccountBalance, Entry } from '../domain/ledger/entry';
import { reverseEntry, type Clock } from '../domain/ledger/ledger-service';
import type { ChainDigest } from '../domain/ledger/digest';
import { LedgerVerifier, type VerifyReport } from '../domain/ledger/verifier';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { keysetPage } from './keyset-page';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

export interface JournalPage {
  entries: Array<Entry & { reversedBy: number | null }>;
  nextCursor: string | null;
}

export async function listJournal(
  db: Database,
  query: { fund?: string; from?: IsoDate; to?: IsoDate; cursor?: string; limit: number },
): Promise<JournalPage> {
  return db.read(async (repos) => {
    const page = await keysetPage(query.cursor, query.limit, (afterId, limit) =>
      repos.journal.page({ fund: query.fund, from: query.from, to: query.to, afterId, limit }),
    );
    const reversedBy = await repos.journal.reversedBy(page.items.map((e) => e.id));
    return {
      entries: page.items.map((e) => ({ ...e, reversedBy: reversedBy.get(e.id) ?? null })),
      nextCursor: page.nextCursor,
    };
  });
}

/** @throws DomainError NOT_FOUND */
export async function getJournalEntry(db: Database, id: number): Promise<Entry & { reversedBy: number | null }> {
  return db.read(async (repos) => {
    const entry = await repos.ledger.getEntry(id);
    if (!entry) throw DomainError.notFound('journal entry', id);
    return { ...entry, reversedBy: await repos.ledger.findReversal(id) };
  });
}

/** Before a reversal is written, business modules may refuse it (registered per event type). */
export type ReversalGuard = (repos: Repositories, original: Entry, reversal: Entry['lines']) => Promise<void>;

/**
 * Reverses a journal entry once, as a command (idempotent, audited). Without a date the reversal is
 * dated today (there is no period close yet, so today is the first open date); a given date may be
 * neither after today nor before the original's date.
 * @throws DomainError NOT_FOUND, ALREADY_REVERSED, REVERSAL_NOT_ALLOWED, IDEMPOTENCY_CONFLICT,
 *   FUTURE_VALUE_DATE, VALIDATION_FAILED, AMOUNT_OUT_OF_RANGE, and whatever a guard for the
 *   original's event type raises
 */
export async function reverseJournalEntry(
  db: Database,
  context: CommandContext,
  request: { entryId: number; reason: string; date?: IsoDate; today: IsoDate },
  options: { clock?: Clock; guards?: ReadonlyMap<string, ReversalGuard> } = {},
): Promise<CommandOutcome<{ entryId: number; reverses: number }>> {
  const date = request.date ?? request.today;
  return runCommand(db, context, {
    action: 'journal.reverse',
    async execute(repos) {
      assertNotFuture(date, request.today);
      const entry = await reverseEntry(
        repos.ledger,
        request.entryId,
        { date, actor: context.actor.name, reason: request.reason, idempotencyKey: context.idempotency?.key },
        {
          clock: options.clock,
          guard: async (original, draft) => options.guards?.get(original.type)?.(repos, original, draft.lines),
        },
      );
      return {
        result: { entryId: entry.id, reverses: request.entryId },
        target: `journal/${request.entryId}`,
        detail: { reason: request.reason, reversalEntryId: entry.id },
      };
    },
  });
}

export interface TrialBalance {
  asOf: IsoDate | null;
  fund: string | null;
  accounts: AccountBalance[];
  totals: { debit: bigint; credit: bigint };
}

/** Current balances come from the maintained table; an `asOf` balance is summed from lines by value date. */
export async function trialBalance(db: Database, query: { fund?: string; asOf?: IsoDate }): Promise<TrialBalance> {
  return db.read(async (repos) => {
    const accounts = query.asOf
      ? await repos.journal.balancesAsOf(query.asOf, query.fund)
      : await repos.journal.currentBalances(query.fund);
    const totals = accounts.reduce((t, a) => ({ debit: t.debit + a.debit, credit: t.credit + a.credit }), { debit: 0n, credit: 0n });
    return { asOf: query.asOf ?? null, fund: query.fund ?? null, accounts, totals };
  });
}

/**
 * Re-derives every balance from the lines and checks every entry, the hash chain, and every event,
 * audit and idempotency row that names an entry. With a digest (its signature already checked), the
 * journal must also still hold the entry it names, with its hash.
 */
export async function verifyLedger(db: Database, options: { digest?: ChainDigest } = {}): Promise<VerifyReport> {
  return db.snapshot(async (repos) => {
    const verifier = new LedgerVerifier(options.digest ?? null);
    verifier.unreadable(await repos.journal.unreadableAmounts());
    for await (const entry of repos.journal.scan()) verifier.add(entry);
    for await (const references of repos.entryReferences.scan()) {
      verifier.checkReferences(references, await repos.entryReferences.entryTypes(references.map((r) => r.entryId)));
    }
    verifier.checkMonthTotals(await repos.journal.allMonthTotals());
    verifier.checkDayTotals(await repos.journal.allDayTotals());
    verifier.checkClosingTotals(await repos.journal.allClosingTotals());
    return verifier.finish(await repos.journal.allStoredBalances(), await repos.journal.head());
  });
}
