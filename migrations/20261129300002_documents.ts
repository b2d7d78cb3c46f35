import type { Knex } from 'knex';

// Committee minutes and agreements, kept in the database (both dialects hold bytes: BLOB / bytea)
// and addressed by the sha256 of their bytes: the same file uploaded twice is one row.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('documents', (t) => {
    t.increments('id').primary();
    t.string('sha256', 64).notNullable().unique();
    t.bigInteger('size').notNullable();
    t.string('name', 200).notNullable();
    t.string('content_type', 100).notNullable();
    t.binary('content').notNullable();
    t.string('uploaded_at', 32).notNullable();
    t.string('uploaded_by', 100).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('documents');
}
