import type { Knex } from 'knex';

// Journal rows are never updated or deleted: the database itself refuses it.
const TABLES = ['journal_entries', 'journal_lines'];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'journal is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
      END $$`);
    for (const table of TABLES) {
      await knex.raw(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION journal_append_only()`);
    }
    return;
  }
  for (const table of TABLES) {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(`CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
        BEGIN SELECT RAISE(ABORT, 'journal is append-only: ${op} on ${table} refused'); END`);
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client === 'pg') {
    for (const table of TABLES) await knex.raw(`DROP TRIGGER ${table}_append_only ON ${table}`);
    await knex.raw('DROP FUNCTION journal_append_only()');
    return;
  }
  for (const table of TABLES) {
    for (const op of ['update', 'delete']) await knex.raw(`DROP TRIGGER ${table}_no_${op}`);
  }
}
