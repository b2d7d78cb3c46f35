import type { Knex } from 'knex';

// API tokens (only a sha256 of each token is kept) and the audit log of every mutation.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable();
    t.string('role', 20).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('token_prefix', 16).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('created_by', 100).notNullable();
    t.string('expires_at', 32).nullable();
    t.string('revoked_at', 32).nullable();
  });
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.string('at', 32).notNullable();
    t.string('actor', 100).notNullable();
    t.string('role', 20).notNullable();
    t.string('action', 80).notNullable();
    t.string('target', 200).notNullable();
    t.string('request_id', 64).notNullable();
    t.text('detail').notNullable();
    t.index(['at']);
    t.index(['actor', 'at']);
    t.index(['action', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
  await knex.schema.dropTable('api_tokens');
}
