import type { Knex } from 'knex';

// Fills the day totals from the journal lines booked before they were kept.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO account_day_totals (day, account, fund, debit, credit)
     SELECT e.value_date, l.account, l.fund, sum(l.debit), sum(l.credit)
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
     GROUP BY e.value_date, l.account, l.fund`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('account_day_totals').delete();
}
