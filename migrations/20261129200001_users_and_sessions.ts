import type { Knex } from 'knex';

// Named users (docs/security.md, Users and sessions) and their server-side sessions. Only a scrypt hash of a
// password and a sha256 of a session secret are kept. `username_folded` (lower case) is unique so
// that "Admin" cannot pose as "admin" in the audit log. A user without a password hash is a service
// user: it holds API tokens and cannot sign in. API tokens gain the user they belong to (filled for
// existing tokens by the next migration, kept apart because it changes data).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.increments('id').primary();
    t.string('username', 100).notNullable().unique();
    t.string('username_folded', 100).notNullable().unique();
    t.string('display_name', 100).notNullable();
    t.string('role', 20).notNullable();
    t.string('kind', 10).notNullable();
    t.text('password_hash').nullable();
    t.string('disabled_at', 32).nullable();
    t.string('created_at', 32).notNullable();
    t.string('created_by', 100).notNullable();
    t.string('updated_at', 32).notNullable();
  });
  await knex.schema.createTable('sessions', (t) => {
    t.increments('id').primary();
    t.string('session_hash', 64).notNullable().unique();
    t.integer('user_id').notNullable().references('id').inTable('users');
    t.string('created_at', 32).notNullable();
    t.string('last_seen_at', 32).notNullable();
    t.string('expires_at', 32).notNullable();
    t.index(['user_id']);
    t.index(['expires_at']);
  });
  await knex.schema.alterTable('api_tokens', (t) => {
    t.integer('user_id').nullable().references('id').inTable('users');
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('api_tokens', (t) => {
    t.dropIndex(['user_id']);
    t.dropForeign(['user_id']);
    t.dropColumn('user_id');
  });
  await knex.schema.dropTable('sessions');
  await knex.schema.dropTable('users');
}
