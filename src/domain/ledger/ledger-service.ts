import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { assertPostable, assertTotalsInRange } from './entry-rules';
import { entryHash } from './hash-chain';
import { reversalDraft } from './reversal';
import type { AccountBalance, Entry, EntryDraft } from './entry';
import type { AccountRef, LedgerStore } from './ledger-store';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Writes one balanced entry, its lines, the balance increments and the new chain head, all
 * through `store`, which is bound to the caller's transaction: either everything is written or nothing.
 * Every event type comes through here, so this is where no stored total may leave the exact range.
 * @throws DomainError UNBALANCED_ENTRY, INVALID_ACCOUNT, VALIDATION_FAILED, AMOUNT_OUT_OF_RANGE
 */
export async function postEntry(store: LedgerStore, draft: EntryDraft, clock: Clock = systemClock): Promise<Entry> {
  assertPostable(draft);
  const deltas = balanceDeltas(draft.lines);
  assertTotalsInRange(await store.lockAccounts(accountsOf(draft)), deltas);
  const head = await store.lockHead();
  const unhashed = {
    id: head.lastEntryId + 1,
    date: draft.date,
    type: draft.type,
    memo: draft.memo,
    actor: draft.actor,
    idempotencyKey: draft.idempotencyKey ?? null,
    reverses: draft.reverses ?? null,
    metadata: draft.metadata ?? {},
    lines: draft.lines.map((l) => ({ ...l })),
    recordedAt: clock.now().toISOString(),
    prevHash: head.lastHash,
  };
  const entry: Entry = { ...unhashed, hash: entryHash(unhashed) };
  // One statement at a time: a transaction is one connection, and PostgreSQL's client must not be
  // handed a query while another is running on it.
  await store.insertEntry(entry);
  await store.addToBalances(deltas);
  await store.advanceHead({ lastEntryId: entry.id, lastHash: entry.hash });
  return entry;
}

export interface ReversalRequest {
  date: IsoDate;
  actor: string;
  reason: string;
  idempotencyKey?: string | null;
  /** Documents (committee minutes) the reversal records, with their sha256. */
  documents?: ReadonlyArray<{ id: number; sha256: string }>;
}

/**
 * Reverses an entry exactly once with a new entry of swapped lines that points at the original.
 * `guard` lets the caller refuse a reversal that would break a business rule (for example
 * reversing a payment whose cash was already spent); it sees the draft before anything is written.
 * @throws DomainError NOT_FOUND, ALREADY_REVERSED, REVERSAL_NOT_ALLOWED, VALIDATION_FAILED
 */
export async function reverseEntry(
  store: LedgerStore,
  entryId: number,
  request: ReversalRequest,
  options: { clock?: Clock; guard?: (original: Entry, draft: EntryDraft) => Promise<void> } = {},
): Promise<Entry> {
  const original = await store.getEntry(entryId);
  if (!original) throw DomainError.notFound('journal entry', entryId);
  if (original.reverses !== null) {
    throw new DomainError('REVERSAL_NOT_ALLOWED', `entry ${entryId} is itself a reversal; record the event again instead`, { entryId });
  }
  const existing = await store.findReversal(entryId);
  if (existing !== null) {
    throw new DomainError('ALREADY_REVERSED', `entry ${entryId} was already reversed by entry ${existing}`, {
      entryId,
      reversedBy: existing,
    });
  }
  if (request.date < original.date) {
    throw DomainError.validation([{ field: 'date', message: `must not be before the original entry's date ${original.date}` }]);
  }
  const draft = reversalDraft(original, request);
  await options.guard?.(original, draft);
  return postEntry(store, draft, options.clock);
}

export function accountsOf(draft: Pick<EntryDraft, 'lines'>): AccountRef[] {
  const byName = new Map<string, AccountRef>();
  for (const line of draft.lines) byName.set(line.account, { account: line.account, fund: line.fund });
  return [...byName.values()];
}

function balanceDeltas(lines: EntryDraft['lines']): AccountBalance[] {
  const deltas = new Map<string, AccountBalance>();
  for (const line of lines) {
    const delta = deltas.get(line.account) ?? { account: line.account, fund: line.fund, debit: 0n, credit: 0n };
    delta.debit += line.debit;
    delta.credit += line.credit;
    deltas.set(line.account, delta);
  }
  return [...deltas.values()];
}
