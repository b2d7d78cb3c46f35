import type { Knex } from 'knex';

// Closing prices (integer ten-thousandths of a yuan, never a float) and the append-only history of
// pledge re-evaluations they caused; the watchlist compares each with the level before it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('market_prices', (t) => {
    t.string('stock_code', 12).notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('close_e4').notNullable();
    t.string('recorded_at', 32).notNullable();
    t.string('recorded_by', 100).notNullable();
    t.primary(['stock_code', 'date']);
    t.check('?? > 0', ['close_e4'], 'market_prices_positive');
  });
  await knex.schema.createTable('pledge_evaluations', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('screening_id').notNullable().references('id').inTable('screenings');
    t.string('stock_code', 12).notNullable();
    t.string('price_date', 10).notNullable();
    t.bigInteger('close_e4').notNullable();
    t.string('level', 10).notNullable();
    t.string('previous_level', 10).notNullable();
    t.string('route', 8).nullable();
    t.text('pledge_risk').notNullable();
    t.string('evaluated_at', 32).notNullable();
    t.index(['screening_id', 'id']);
    t.index(['stock_code']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pledge_evaluations');
  await knex.schema.dropTable('market_prices');
}
