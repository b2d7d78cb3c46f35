import { DomainError } from '../domain/errors';
import { addDays, assertNotFuture, type IsoDate } from '../domain/dates';
import { latestClose } from '../domain/periods/period';
import type { AccountBalance, Entry } from '../domain/ledger/entry';
import { reverseEntry, type Clock } from '../domain/ledger/ledger-service';
import type { ChainDigest } from '../domain/ledger/digest';
import { LedgerVerifier, type VerifyReport } from '../domain/ledger/verifier';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { keysetPage } from './keyset-page';
import type { CommandContext } from './command-runner';
import { closesGoverning } from './period-closes';

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

/** What a reversal asks for: the entry, the reason, and a value date (else today). */
export interface ReversalInput {
  entryId: number;
  reason: string;
  date?: IsoDate;
  today: IsoDate;
}

export const REVERSAL_AUDIT_ACTION = 'journal.reverse';

/**
 * Writes the reversal inside the caller's transaction. Without a date it is dated today; a given
 * date may be neither after today nor before the original's date. A date inside a closed period
 * of a fund the entry touches moves to the first open day after the latest such close
 * (docs/approvals.md, Periods): the closed months stay as they were and the correction lands in
 * the first month still open.
 * @throws DomainError NOT_FOUND, ALREADY_REVERSED, REVERSAL_NOT_ALLOWED, FUTURE_VALUE_DATE,
 *   PERIOD_CLOSED (when the first open day is after today), VALIDATION_FAILED,
 *   AMOUNT_OUT_OF_RANGE, and whatever a guard for the original's event type raises
 */
export async function bookReversal(
  repos: Repositories,
  context: CommandContext,
  request: ReversalInput,
  options: { clock?: Clock; guards?: ReadonlyMap<string, ReversalGuard> } = {},
): Promise<{ result: { entryId: number; reverses: number }; target: string; detail: Record<string, unknown> }> {
  const asked = request.date ?? request.today;
  assertNotFuture(asked, request.today);
  const original = await repos.ledger.getEntry(request.entryId);
  const funds = original ? [...new Set(original.lines.map((l) => l.fund))] : [];
  await repos.funds.lockFunds(funds);
  const closedThrough = latestClose(await closesGoverning(repos, funds));
  const date = closedThrough !== null && asked <= closedThrough ? addDays(closedThrough, 1) : asked;
  if (date > request.today) {
    throw new DomainError('PERIOD_CLOSED', `the books are closed through ${closedThrough}: the first open day ${date} is after today`, { closedThrough, date });
  }
  const entry = await reverseEntry(
    repos.ledger,
    request.entryId,
    { date, actor: context.actor.name, reason: request.reason, idempotencyKey: context.idempotency?.key, documents: context.documents },
    {
      clock: options.clock,
      guard: async (original, draft) => options.guards?.get(original.type)?.(repos, original, draft.lines),
    },
  );
  return {
    result: { entryId: entry.id, reverses: request.entryId },
    target: `journal/${request.entryId}`,
    detail: { reason: request.reason, reversalEntryId: entry.id, ...(date !== asked ? { movedFrom: asked } : {}) },
  };
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
