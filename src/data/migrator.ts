import type { Knex } from 'knex';
import { migrations } from '../../migrations';

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};

const config: Knex.MigratorConfig = { migrationSource: source, tableName: 'knex_migrations' };

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = await knex.migrate.latest(config);
  return applied as string[];
}

/** Rolls back every migration (used by tests of reversibility, and by operators). */
export async function migrateRollbackAll(knex: Knex): Promise<string[]> {
  const [, rolledBack] = await knex.migrate.rollback(config, true);
  return rolledBack as string[];
}

export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [applied, pending] = await knex.migrate.list(config);
  return {
    applied: (applied as Array<{ name: string }>).map((m) => m.name),
    pending: (pending as Array<{ file: string } | string>).map((m) => (typeof m === 'string' ? m : m.file)),
  };
}
