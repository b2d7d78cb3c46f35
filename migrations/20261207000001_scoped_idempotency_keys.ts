import type { Knex } from 'knex';

// Idempotency keys are stored scoped to the person who sent them ("<person> <key>", issue 22):
// a person (up to 100 characters), a space and a key (up to 200) need 301. SQLite does not
// enforce varchar lengths; PostgreSQL's columns are widened in place (no rewrite of the rows).
const COLUMNS: Array<[table: string, column: string]> = [
  ['idempotency_keys', 'key'],
  ['journal_entries', 'idempotency_key'],
  ['proposals', 'idempotency_key'],
];

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  for (const [table, column] of COLUMNS) await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE varchar(320)', [table, column]);
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  for (const [table, column] of COLUMNS) await knex.raw('ALTER TABLE ?? ALTER COLUMN ?? TYPE varchar(200)', [table, column]);
}
