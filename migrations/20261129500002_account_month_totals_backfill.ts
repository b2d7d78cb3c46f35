import type { Knex } from 'knex';

// Fills the month totals from the journal lines booked before they were kept.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `INSERT INTO account_month_totals (month, account, fund, debit, credit)
     SELECT substr(e.value_date, 1, 7), l.account, l.fund, sum(l.debit), sum(l.credit)
     FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
     GROUP BY substr(e.value_date, 1, 7), l.account, l.fund`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('account_month_totals').delete();
}
