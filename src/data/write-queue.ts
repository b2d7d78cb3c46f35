import type { Knex } from 'knex';
import { DomainError } from '../domain/errors';
import { BatchState } from './batch-state';
import { PendingWrites } from './pending-writes';
import { rowIdsFor, type RowIds } from './row-ids';
import { isDatabaseBusy } from './db-errors';
import type { Dialect } from './connection';

export type Work<T> = (trx: Knex.Transaction, state: BatchState) => Promise<T>;

/**
 * What a write tells the writer ahead of running: the Idempotency-Keys it will look up, or a
 * guess at them made when its group starts (a key it then looks up that was not read is read
 * on its own, so a wrong guess costs a statement, never an answer).
 */
export interface WriteHints {
  idempotencyKeys?: readonly string[] | (() => readonly string[]);
}

function keysOf(hints: WriteHints | undefined): readonly string[] {
  const keys = hints?.idempotencyKeys;
  return typeof keys === 'function' ? keys() : (keys ?? []);
}

export interface WriteStrategy {
  run<T>(work: Work<T>, hints?: WriteHints): Promise<T>;
  /** Calls `listener` after each transaction that committed (never for one rolled back). */
  afterCommit(listener: () => void): void;
}

interface Job {
  work: Work<unknown>;
  hints?: WriteHints;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit. Requests that arrive while a transaction is open wait in a queue; the next
 * transaction takes all of them and runs them one after another. Every caller is answered only
 * after the commit that holds its writes has succeeded; if the commit fails, every caller in the
 * group gets the error.
 *
 * A refusal normally happens before its job writes anything (rules are checked first), so it
 * needs no undo and the group goes on. A job that fails after writing, or meets a database error
 * (which on PostgreSQL aborts the transaction), takes the group down with it: the transaction is
 * rolled back, that job gets its error, and the others (whose callers have heard nothing yet) run
 * again in the next group, ahead of newer requests. This saves a savepoint per request.
 *
 * Inside a group, repositories buffer the rows nothing reads back at once (journal lines, balance
 * increments, the chain head, audit rows, stored answers: `PendingWrites`), and the group writes
 * them at its end with a few multi-row statements; a job's buffered rows are dropped when it is
 * refused. Should that flush fail (another process stored the same Idempotency-Key first, say),
 * the group is rolled back and run again writing every row at once, which tells whose row failed.
 *
 * SQLite has one writer anyway. On PostgreSQL every posting serialises on the chain head, so one
 * writing connection loses nothing and saves a commit (a WAL flush) per request; the row locks
 * each rule takes still order writers in other processes.
 *
 * The queue is bounded (`maxQueued`): when the writer falls behind, a new write is refused at once
 * with WRITE_QUEUE_FULL (503, Retry-After) instead of holding its socket and memory while waiting
 * minutes for a commit. Jobs put back after a failed group are never refused: their callers are
 * already waiting and nothing of theirs was committed.
 */
export class GroupCommitQueue implements WriteStrategy {
  private readonly queue: Job[] = [];
  private draining = false;
  /** Statements that write, and statement errors, seen on the writer (read between jobs). */
  private writes = 0;
  private errors = 0;
  private readonly committed: Array<() => void> = [];

  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly rowIds: () => RowIds;

  constructor(
    private readonly knex: Knex,
    private readonly dialect: Dialect,
    limits: { maxBatch: number; maxQueued: number },
  ) {
    this.maxBatch = limits.maxBatch;
    this.maxQueued = limits.maxQueued;
    this.rowIds = rowIdsFor(dialect);
    knex.on('query', (query: { sql?: string }) => {
      if (!/^\s*select\b/i.test(query.sql ?? '')) this.writes += 1;
    });
    knex.on('query-error', () => {
      this.errors += 1;
    });
  }

  afterCommit(listener: () => void): void {
    this.committed.push(listener);
  }

  /** @throws DomainError WRITE_QUEUE_FULL when `maxQueued` writes are already waiting */
  run<T>(work: Work<T>, hints?: WriteHints): Promise<T> {
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(new DomainError('WRITE_QUEUE_FULL', `${this.queue.length} writes are already waiting for the writer; retry shortly`));
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, hints, resolve: resolve as (v: unknown) => void, reject });
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

  private async commitGroup(group: Job[], buffered = true): Promise<void> {
    const outcomes: Array<() => void> = [];
    const state = new BatchState();
    state.exclusive = this.dialect === 'sqlite';
    let fatal: { job: Job; error: unknown } | null = null;
    try {
      await this.knex.transaction(async (trx) => {
        if (this.dialect === 'sqlite') await takeWriteLock(trx);
        const pending = buffered ? new PendingWrites(trx, this.dialect, this.rowIds()) : null;
        state.pending = pending;
        if (pending) await pending.prefetchAnswers(group.flatMap((job) => keysOf(job.hints)));
        for (const job of group) {
          const [writes, errors, settled] = [this.writes, this.errors, pending?.settledRowStatements ?? 0];
          try {
            const value = await job.work(trx, state);
            pending?.settleJob();
            outcomes.push(() => job.resolve(value));
          } catch (error) {
            pending?.discardJob();
            const ownWrites = this.writes - writes - ((pending?.settledRowStatements ?? 0) - settled);
            if (ownWrites !== 0 || this.errors !== errors) {
              fatal = { job, error };
              throw error;
            }
            // The next job reads afresh, so the rows the group holds go out before it reads.
            await pending?.flush();
            state.forget();
            outcomes.push(() => job.reject(error));
          }
        }
        await pending?.flush();
      });
    } catch (error) {
      if (state.pending?.failed) {
        await this.commitGroup(group, false);
        return;
      }
      const failed = fatal as { job: Job; error: unknown } | null;
      if (!failed) {
        for (const job of group) job.reject(error);
        return;
      }
      failed.job.reject(failed.error);
      this.queue.unshift(...group.filter((job) => job !== failed.job));
      return;
    }
    for (const settle of outcomes) settle();
    for (const listener of this.committed) listener();
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
