import type { Knex } from 'knex';

// Per account and value date, the debits and credits of its lines: a balance at a date inside a
// month sums the month totals before it plus these rows of its own month (at most 31 per
// account), instead of the part month's lines. Kept by the writer with the lines, in fen.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_day_totals', (t) => {
    t.string('day', 10).notNullable();
    t.string('account', 200).notNullable();
    t.string('fund', 40).notNullable();
    t.bigInteger('debit').notNullable();
    t.bigInteger('credit').notNullable();
    t.primary(['day', 'account']);
    t.index(['fund', 'day']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_day_totals');
}
