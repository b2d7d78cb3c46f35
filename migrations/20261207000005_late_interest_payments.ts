import type { Knex } from 'knex';

// Late interest (违约金) collected from the investor it was charged to (issue 23): cash in against
// what its charges on a call left owed. The charge is a deduction from the defaulter's capital
// account until paid; the payment settles it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('late_interest_payments', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('capital_call_id').notNullable().references('id').inTable('capital_calls');
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.index(['capital_call_id', 'investor']);
    t.index(['fund', 'date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('late_interest_payments');
}
