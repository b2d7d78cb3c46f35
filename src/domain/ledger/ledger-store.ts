import type { AccountBalance, ChainHead, Entry } from './entry';

export interface AccountRef {
  account: string;
  fund: string;
}

/**
 * What the ledger service needs from storage, bound to one database transaction.
 * Implemented over knex in src/data; the domain never sees SQL.
 */
export interface LedgerStore {
  /**
   * Locks the balance rows of these accounts (creating absent ones at zero), always in ascending
   * account order so concurrent writers serialise without deadlock; returns their current totals.
   * Taken by every posting before the chain head. Where the database has a single writer (SQLite)
   * it only reads. A stored total that cannot be read exactly is refused (AMOUNT_OUT_OF_RANGE).
   */
  lockAccounts(accounts: readonly AccountRef[]): Promise<Map<string, AccountBalance>>;
  /** Locks and reads the chain head; taken after account locks, it orders every write. */
  lockHead(): Promise<ChainHead>;
  /**
   * Writes the entry and its lines. Refuses an entry that does not follow the head locked by
   * lockHead or does not balance in every fund (@throws LedgerInvariantError): a bug, not a refusal.
   */
  insertEntry(entry: Entry): Promise<void>;
  /** Adds the deltas to stored totals (atomic increments; creates absent rows). */
  addToBalances(deltas: readonly AccountBalance[]): Promise<void>;
  advanceHead(head: ChainHead): Promise<void>;
  getEntry(id: number): Promise<Entry | null>;
  /** Id of the entry reversing `id`, if any. */
  findReversal(id: number): Promise<number | null>;
  /** Entry already written under this idempotency key, if any. */
  findByIdempotencyKey(key: string): Promise<Entry | null>;
}
