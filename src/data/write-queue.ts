import type { Knex } from 'knex';
import { BatchState } from './batch-state';
import { isDatabaseBusy } from './db-errors';
import type { Dialect } from './connection';

export type Work<T> = (trx: Knex.Transaction, state: BatchState) => Promise<T>;

export interface WriteStrategy {
  run<T>(work: Work<T>): Promise<T>;
}

interface Job {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit. Requests that arrive while a transaction is open wait in a queue; the next
 * transaction takes all of them, each in its own savepoint so one refusal rolls back only its own
 * writes. Every caller is answered only after the commit that holds its writes has succeeded; if
 * the commit fails, every caller in the group gets the error.
 *
 * SQLite has one writer anyway. On PostgreSQL every posting serialises on the chain head, so one
 * writing connection loses nothing and saves a commit (a WAL flush) per request; the row locks
 * each rule takes still order writers in other processes.
 */
export class GroupCommitQueue implements WriteStrategy {
  private readonly queue: Job[] = [];
  private draining = false;

  constructor(
    private readonly knex: Knex,
    private readonly maxBatch: number,
    private readonly dialect: Dialect,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.commitGroup(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async commitGroup(group: Job[]): Promise<void> {
    const outcomes: Array<() => void> = [];
    const state = new BatchState();
    try {
      await this.knex.transaction(async (trx) => {
        if (this.dialect === 'sqlite') await takeWriteLock(trx);
        for (const job of group) {
          try {
            const value = group.length === 1 ? await job.work(trx, state) : await trx.transaction((savepoint) => job.work(savepoint, state));
            outcomes.push(() => job.resolve(value));
          } catch (error) {
            if (group.length === 1) throw error;
            state.forget();
            outcomes.push(() => job.reject(error));
          }
        }
      });
    } catch (error) {
      for (const job of group) job.reject(error);
      return;
    }
    for (const settle of outcomes) settle();
  }
}

/**
 * Takes SQLite's write lock as the transaction's first statement (an UPDATE that matches no row),
 * so that when another process holds it the busy timeout applies. A transaction that reads first
 * and then meets the lock gets SQLITE_BUSY at once: SQLite does not wait on a lock upgrade.
 * Only busy errors count; on a database not yet migrated the statement has no table and is skipped.
 */
async function takeWriteLock(trx: Knex.Transaction): Promise<void> {
  try {
    await trx.raw('UPDATE ledger_head SET last_entry_id = last_entry_id WHERE 0');
  } catch (error) {
    if (isDatabaseBusy(error)) throw error;
  }
}
