import type { Knex } from 'knex';
import type { Dialect } from './connection';
import { idFromDb } from './db-values';

/**
 * Ids for event rows the writer buffers: the id is known (and answered, and named by later rows
 * of the same group) before the row is written.
 *
 * - SQLite: the next id after the table's largest, read once per group and counted on in memory.
 *   The group holds the database's write lock from its first statement, so no other connection
 *   adds a row meanwhile. A group rolled back takes its counters with it (a new group reads again).
 * - PostgreSQL: the table's own sequence, taken a block at a time and kept by the writer across
 *   groups. Sequence values are never handed out twice, whoever else inserts, so a block is safe
 *   to keep; ids of a rolled-back group are skipped, as PostgreSQL's serial ids always are.
 */
export interface RowIds {
  next(db: Knex.Transaction, table: string): Promise<number>;
}

/** Per group: largest id plus one, then on in memory. */
export class LargestIdPlusOne implements RowIds {
  private readonly last = new Map<string, number>();

  async next(db: Knex.Transaction, table: string): Promise<number> {
    let last = this.last.get(table);
    if (last === undefined) {
      const row = (await db(table).max({ id: 'id' }).first()) as { id: unknown } | undefined;
      last = row?.id === null || row?.id === undefined ? 0 : idFromDb(row.id);
    }
    this.last.set(table, last + 1);
    return last + 1;
  }
}

/** Blocks of a table's sequence, kept for the writer's lifetime. */
export class SequenceBlocks implements RowIds {
  private readonly free = new Map<string, number[]>();

  constructor(private readonly blockSize = 64) {}

  async next(db: Knex.Transaction, table: string): Promise<number> {
    let free = this.free.get(table);
    if (!free || free.length === 0) {
      const result = await db.raw(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?)`, [table, this.blockSize]);
      free = (result.rows as Array<{ id: unknown }>).map((r) => idFromDb(r.id)).sort((a, b) => a - b);
      this.free.set(table, free);
    }
    return free.shift() as number;
  }
}

export function rowIdsFor(dialect: Dialect): () => RowIds {
  if (dialect === 'pg') {
    const shared = new SequenceBlocks();
    return () => shared;
  }
  return () => new LargestIdPlusOne();
}
