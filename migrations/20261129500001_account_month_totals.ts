import type { Knex } from 'knex';

// Per account and value-date month (YYYY-MM), the debits and credits of its lines: what a balance
// at a past date starts from, so such a read sums whole months here plus the lines of the last
// part month, and does not grow with the journal. Kept by the writer with the lines, in fen.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_month_totals', (t) => {
    t.string('month', 7).notNullable();
    t.string('account', 200).notNullable();
    t.string('fund', 40).notNullable();
    t.bigInteger('debit').notNullable();
    t.bigInteger('credit').notNullable();
    t.primary(['month', 'account']);
    t.index(['fund', 'month']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_month_totals');
}
