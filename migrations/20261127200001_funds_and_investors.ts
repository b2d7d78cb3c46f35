import type { Knex } from 'knex';

// The programme, its member funds and sub-funds, and investors. Amounts are BIGINT fen.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('programmes', (t) => {
    t.string('code', 40).primary();
    t.string('name', 200).notNullable();
    t.bigInteger('government_capital_target').notNullable();
    t.bigInteger('social_capital_target').notNullable();
    t.string('created_at', 32).notNullable();
  });
  await knex.schema.createTable('funds', (t) => {
    t.string('code', 40).primary();
    t.string('name', 200).notNullable();
    t.string('kind', 10).notNullable();
    t.string('type', 40).nullable();
    t.string('parent', 40).nullable().references('code').inTable('funds');
    t.string('programme', 40).notNullable().references('code').inTable('programmes');
    t.string('status', 10).notNullable();
    t.bigInteger('target_size').nullable();
    t.string('inception_date', 10).nullable();
    t.text('policy').notNullable();
    t.string('created_at', 32).notNullable();
    t.index(['parent']);
    t.index(['programme']);
  });
  await knex.schema.createTable('investors', (t) => {
    t.string('code', 40).primary();
    t.string('name', 200).notNullable();
    t.string('category', 30).notNullable();
    t.string('capital_class', 12).notNullable();
    t.string('fund', 40).nullable().references('code').inTable('funds');
    t.string('created_at', 32).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('investors');
  await knex.schema.dropTable('funds');
  await knex.schema.dropTable('programmes');
}
