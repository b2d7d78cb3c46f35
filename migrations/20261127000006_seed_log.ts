import type { Knex } from 'knex';

// Which seed steps have been loaded, so `npm start` seeds an empty database once and never again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('seed_log', (t) => {
    t.string('step', 100).primary();
    t.string('applied_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('seed_log');
}
