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
   */
  lockAccounts(accounts: readonly AccountRef[]): Promise<Map<string, AccountBalance>>;
  /**
   * Takes the row locks a posting needs on its accounts, in account order, before the chain head.
   * A no-op where the database has a single writer (SQLite).
   */
  lockForPosting(accounts: readonly AccountRef[]): Promise<void>;
  /** Locks and reads the chain head; taken after account locks, it orders every write. */
  lockHead(): Promise<ChainHead>;
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
