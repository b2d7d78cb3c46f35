import type { Knex } from 'knex';

// Cash paid out of a fund against what it owes (DESIGN.md section 11): management fees booked
// payable to the manager, and equalisation interest due to the earlier investors of a subsequent
// closing. One row per payment, naming the journal entry that moved the cash.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fee_payments', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('manager', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.index(['fund']);
  });
  await knex.schema.createTable('equalisation_interest_payments', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.index(['fund']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('equalisation_interest_payments');
  await knex.schema.dropTable('fee_payments');
}
