import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import type { DatabaseConfig } from '../config';

export type Dialect = 'sqlite' | 'pg';

/**
 * Builds the knex instances for a database. Dialect differences live here and in migrations only.
 * SQLite: one writer connection (WAL, busy timeout, foreign keys) and, for a file, a separate
 * small pool of readers that WAL lets run beside the writer.
 */
export function connect(config: DatabaseConfig): { writer: Knex; reader: Knex; dialect: Dialect } {
  if (config.client === 'pg') {
    const knex = knexFactory({
      client: 'pg',
      connection: config.url,
      searchPath: config.schema ? [config.schema] : undefined,
      pool: { min: 0, max: config.poolSize },
    });
    return { writer: knex, reader: knex, dialect: 'pg' };
  }
  const inMemory = config.filename === ':memory:';
  if (!inMemory) fs.mkdirSync(path.dirname(config.filename), { recursive: true });
  const busyMs = config.busyTimeoutMs ?? 5000;
  const writer = sqlite(config.filename, config.synchronous, busyMs, 1);
  const reader = inMemory ? writer : sqlite(config.filename, config.synchronous, busyMs, 4);
  return { writer, reader, dialect: 'sqlite' };
}

function sqlite(filename: string, synchronous: string, busyMs: number, max: number): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max,
      afterCreate(connection: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, c: unknown) => void) {
        connection.exec(
          `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = ${Math.trunc(busyMs)};`,
          (err) => done(err, connection),
        );
      },
    },
  });
}
