import type { Knex } from 'knex';

// Per account and value-date month (YYYY-MM), the debits and credits of every line of the account
// dated up to that month's end: a balance at a past date takes, per account, the latest row at or
// before its last whole month (one index seek), plus the day totals of its part month, so the
// read costs the same whatever the journal's length. A row exists for each month in which the
// account has lines; a back-dated line adds to its month's row and to every later one.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('account_closing_totals', (t) => {
    t.string('account', 200).notNullable();
    t.string('month', 7).notNullable();
    t.string('fund', 40).notNullable();
    t.bigInteger('debit').notNullable();
    t.bigInteger('credit').notNullable();
    t.primary(['account', 'month']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('account_closing_totals');
}
