import type { Knex } from 'knex';
import type { DatabaseConfig } from '../config';
import { connect, type Dialect } from './connection';
import { migrateLatest } from './migrator';
import { GroupCommitQueue, type WriteStrategy } from './write-queue';
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
  ) {
    this.strategy = new GroupCommitQueue(writer, dialect, { maxBatch: options.groupCommitMaxBatch ?? 256, maxQueued: options.writeQueueMax ?? 10_000 });
  }

  static open(config: DatabaseConfig, options: WriteOptions = {}): Database {
    const { writer, reader, dialect } = connect(config);
    return new Database(writer, reader, dialect, options);
  }

  write<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.strategy.run((trx, state) => work(repositories(trx, this.dialect, state)));
  }

  /** Runs `listener` after each committed write transaction (a group of writes). */
  afterCommit(listener: () => void): void {
    this.strategy.afterCommit(listener);
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
