import type { Knex } from 'knex';

// The first response to each Idempotency-Key, written in the same transaction as the event.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('key', 200).primary();
    t.string('fingerprint', 64).notNullable();
    t.string('actor', 100).notNullable();
    t.integer('status').notNullable();
    t.text('response').notNullable();
    t.string('created_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('idempotency_keys');
}
