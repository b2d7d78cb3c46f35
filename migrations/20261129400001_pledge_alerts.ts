import type { Knex } from 'knex';

// Every change of a company's pledge level (normal, elevated, warning, critical, either way), with
// the close that caused it and who sent it (a user, or an import naming its file). Append-only:
// the alert list and its history are the same rows.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pledge_alerts', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('screening_id').notNullable().references('id').inTable('screenings');
    t.string('stock_code', 12).notNullable();
    t.string('company_name', 200).notNullable();
    t.string('from_level', 10).notNullable();
    t.string('to_level', 10).notNullable();
    t.string('price_date', 10).notNullable();
    t.bigInteger('close_e4').notNullable();
    t.string('occurred_at', 32).notNullable();
    t.string('actor', 100).notNullable();
    t.string('cause', 200).notNullable();
    t.index(['occurred_at', 'id']);
    t.index(['stock_code', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pledge_alerts');
}
