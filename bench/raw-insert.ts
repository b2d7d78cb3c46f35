/**
 * The import's yardstick: the same CSV rows inserted raw through the same driver and pragmas, 500
 * to a statement, in one transaction, into one table without indexes (the driver's ceiling).
 */
import knexFactory, { type Knex } from 'knex';

/** A SQLite handle with the service's pragmas (WAL, synchronous=FULL), one connection. */
export function sqliteRaw(file: string): Knex {
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(c: { exec(sql: string, cb: (e: Error | null) => void): void }, done: (e: Error | null, c: unknown) => void) {
        c.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;', (e) => done(e, c));
      },
    },
  });
}

/** Inserts the CSV's rows into a fresh `raw_events` table and times the inserts alone. */
export async function rawInsert(knex: Knex, csv: string): Promise<{ rows: number; seconds: number }> {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = header.split(',');
  await knex.schema.createTable('raw_events', (t) => {
    t.increments('id');
    for (const c of columns) t.text(c);
  });
  const rows = lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])));
  const started = process.hrtime.bigint();
  await knex.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx('raw_events').insert(rows.slice(i, i + 500));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { rows: rows.length, seconds };
}
