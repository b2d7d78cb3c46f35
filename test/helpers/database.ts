import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { Database } from '../../src/data/database';

/** Which database the suite runs on: PHOENIX_TEST_DB=pg runs it against PostgreSQL. */
export const TEST_DIALECT: 'sqlite' | 'pg' = process.env.PHOENIX_TEST_DB === 'pg' ? 'pg' : 'sqlite';

const PG_URL = process.env.PHOENIX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let admin: Knex | null = null;
function pgAdmin(): Knex {
  admin ??= knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 2 } });
  return admin;
}

export interface TestDatabase {
  db: Database;
  /** Drops everything this test created. */
  dispose(): Promise<void>;
}

/**
 * A new, migrated, empty database owned by one test: in-memory SQLite, or a fresh schema in the
 * PostgreSQL test database (dropped afterwards).
 */
export async function freshDatabase(options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDatabase> {
  if (TEST_DIALECT === 'sqlite') {
    const db = Database.open({ client: 'sqlite', filename: ':memory:', synchronous: 'NORMAL' });
    if (options.migrate !== false) await db.migrate();
    return { db, dispose: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  await pgAdmin().raw(`CREATE SCHEMA ${schema}`);
  const db = Database.open({ client: 'pg', url: PG_URL, schema, poolSize: options.poolSize ?? 8 });
  if (options.migrate !== false) await db.migrate();
  return {
    db,
    async dispose() {
      await db.close();
      await pgAdmin().raw(`DROP SCHEMA ${schema} CASCADE`);
    },
  };
}

/** Runs `raw` SQL outside the service, as someone with direct database access would (tamper tests). */
export async function tamper(db: Database, sql: string, bindings: readonly unknown[] = []): Promise<void> {
  await db.writer.raw(sql, bindings as Knex.RawBinding[]);
}

after(async () => {
  await admin?.destroy();
});

/**
 * Two handles on one database, as two service processes would have: each with its own writer
 * (and write queue), so their transactions really overlap. SQLite: one file; PostgreSQL: one schema.
 */
export async function sharedDatabase(): Promise<{ first: TestDatabase; second: TestDatabase; dispose(): Promise<void> }> {
  if (TEST_DIALECT === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-approval-race-'));
    const filename = path.join(dir, 'ledger.sqlite');
    const a = Database.open({ client: 'sqlite', filename, synchronous: 'NORMAL' });
    await a.migrate();
    const b = Database.open({ client: 'sqlite', filename, synchronous: 'NORMAL' });
    return {
      first: { db: a, dispose: async () => undefined },
      second: { db: b, dispose: async () => undefined },
      async dispose() {
        await a.close();
        await b.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const owner = await freshDatabase({ poolSize: 6 });
  const schema = (owner.db.writer.client as { config: { searchPath?: string[] } }).config.searchPath?.[0];
  if (!schema) throw new Error('the test database has no schema of its own');
  const b = Database.open({ client: 'pg', url: PG_URL, schema, poolSize: 6 });
  return {
    first: { db: owner.db, dispose: async () => undefined },
    second: { db: b, dispose: async () => undefined },
    async dispose() {
      await b.close();
      await owner.dispose();
    },
  };
}
