import type { Knex } from 'knex';

// One row per business event, each pointing at the journal entry that booked it. Figures come
// from the ledger; these rows carry what the ledger does not: allocations, instruments, due dates.
export async function up(knex: Knex): Promise<void> {
  const entryRef = (t: Knex.CreateTableBuilder) => t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
  await knex.schema.createTable('commitments', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['fund']);
  });
  await knex.schema.createTable('capital_calls', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    t.string('due_date', 10).notNullable();
    entryRef(t);
    t.index(['fund']);
  });
  await knex.schema.createTable('capital_call_allocations', (t) => {
    t.integer('capital_call_id').notNullable().references('id').inTable('capital_calls');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.primary(['capital_call_id', 'investor']);
  });
  await knex.schema.createTable('payments', (t) => {
    t.increments('id').primary();
    t.integer('capital_call_id').notNullable().references('id').inTable('capital_calls');
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['capital_call_id', 'investor']);
    t.index(['fund', 'date']);
  });
  await knex.schema.createTable('investments', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('stock_code', 12).notNullable();
    t.string('company_name', 200).notNullable();
    t.string('instrument', 20).notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('shares').nullable();
    t.string('acquisition_mode', 30).nullable();
    t.integer('screening_id').nullable();
    t.text('override_reason').nullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['fund', 'stock_code']);
  });
  await knex.schema.createTable('exits', (t) => {
    t.increments('id').primary();
    t.integer('investment_id').notNullable().references('id').inTable('investments');
    t.string('kind', 12).notNullable();
    t.bigInteger('proceeds').notNullable();
    t.bigInteger('cost').notNullable();
    t.bigInteger('realized_gain').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['investment_id']);
  });
  await knex.schema.createTable('valuations', (t) => {
    t.increments('id').primary();
    t.integer('investment_id').notNullable().references('id').inTable('investments');
    t.bigInteger('fair_value').notNullable();
    t.bigInteger('unrealized_change').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['investment_id']);
  });
  await knex.schema.createTable('distributions', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['fund']);
  });
  await knex.schema.createTable('distribution_allocations', (t) => {
    t.integer('distribution_id').notNullable().references('id').inTable('distributions');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.primary(['distribution_id', 'investor']);
  });
  await knex.schema.createTable('expenses', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('kind', 40).notNullable();
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    entryRef(t);
    t.index(['fund']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'expenses',
    'distribution_allocations',
    'distributions',
    'valuations',
    'exits',
    'investments',
    'payments',
    'capital_call_allocations',
    'capital_calls',
    'commitments',
  ]) {
    await knex.schema.dropTable(table);
  }
}
