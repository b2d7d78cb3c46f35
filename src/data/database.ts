import type { Knex } from 'knex';
import type { DatabaseConfig } from '../config';
import { connect, type Dialect } from './connection';
import { migrateLatest } from './migrator';
import { BatchState } from './batch-state';
import { GroupCommitQueue, type Work, type WriteHints, type WriteStrategy } from './write-queue';
import { repositories, type Repositories } from './repositories';

/**
 * The service's handle on its database. `write` runs a unit of work in a transaction (grouped
 * with others: group commit) and gives it repositories bound to that transaction; `read` gives
 * repositories on the read pool.
 */
/** How the writer groups work: most requests per transaction, most requests waiting. */
export interface WriteOptions {
  groupCommitMaxBatch?: number;
  writeQueueMax?: number;
}

export class Database {
  private readonly strategy: WriteStrategy;

  constructor(
    readonly writer: Knex,
    readonly reader: Knex,
    readonly dialect: Dialect,
    options: WriteOptions = {},
    strategy?: WriteStrategy,
  ) {
    this.strategy = strategy ?? new GroupCommitQueue(writer, dialect, { maxBatch: options.groupCommitMaxBatch ?? 256, maxQueued: options.writeQueueMax ?? 10_000 });
  }

  static open(config: DatabaseConfig, options: WriteOptions = {}): Database {
    const { writer, reader, dialect } = connect(config);
    return new Database(writer, reader, dialect, options);
  }

  /** `hints`: what the write will look up (its Idempotency-Key), read for its whole group at once. */
  write<T>(work: (repos: Repositories) => Promise<T>, hints?: WriteHints): Promise<T> {
    return this.strategy.run((trx, state) => work(repositories(trx, this.dialect, state)), hints);
  }

  /** Runs `listener` after each committed write transaction (a group of writes). */
  afterCommit(listener: () => void): void {
    this.strategy.afterCommit(listener);
  }

  /**
   * Runs `work` against a database whose writes all land in one transaction that is rolled back
   * at the end: a dry run that meets every rule, lock and idempotency key exactly as the real run
   * would, each write seeing the ones before it, and leaves nothing behind. It is one job of the
   * write queue, so other writes wait until it ends; each of its writes runs in a savepoint, so a
   * write that fails part-way is undone alone, as a failed job is in a real group.
   */
  async rehearse<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const undo = new RehearsalUndone();
    let value: T | undefined;
    await this.strategy.run(async (trx) => {
      try {
        await trx.transaction(async (savepoint) => {
          const rehearsal = new Database(savepoint, savepoint, this.dialect, {}, new SavepointWrites(savepoint, this.dialect));
          value = await work(rehearsal);
          throw undo;
        });
      } catch (error) {
        if (error !== undo) throw error;
      }
    });
    return value as T;
  }

  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(repositories(this.reader, this.dialect));
  }

  /**
   * Runs reads in one consistent snapshot (a read-only REPEATABLE READ transaction on PostgreSQL,
   * one read transaction on SQLite), for work that must not see writes land half-way through.
   */
  snapshot<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    const options = this.dialect === 'pg' ? { isolationLevel: 'repeatable read' as const, readOnly: true } : {};
    return this.reader.transaction((trx) => work(repositories(trx, this.dialect)), options);
  }

  async migrate(): Promise<string[]> {
    return migrateLatest(this.writer);
  }

  async ping(): Promise<void> {
    await this.reader.raw('select 1');
  }

  async close(): Promise<void> {
    if (this.reader !== this.writer) await this.reader.destroy();
    await this.writer.destroy();
  }
}

class RehearsalUndone extends Error {}

/** The writes of a rehearsal: one after another, each in a savepoint of the rehearsal's transaction. */
class SavepointWrites implements WriteStrategy {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly state = new BatchState();

  constructor(
    private readonly trx: Knex.Transaction,
    dialect: Dialect,
  ) {
    // The rehearsal runs as one job of a group: on SQLite it holds the database's write lock.
    this.state.exclusive = dialect === 'sqlite';
  }

  run<T>(work: Work<T>): Promise<T> {
    const next = this.tail.then(() =>
      this.trx.transaction((savepoint) => work(savepoint, this.state)).catch((error: unknown) => {
        this.state.forget();
        throw error;
      }),
    );
    this.tail = next.catch(() => undefined);
    return next;
  }

  afterCommit(): void {
    // A rehearsal never commits.
  }
}
