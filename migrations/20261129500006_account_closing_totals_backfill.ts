import type { Knex } from 'knex';

/** The closing totals as running sums of the month totals, account by account. */
export const CLOSING_FROM_MONTH_TOTALS = `INSERT INTO account_closing_totals (account, month, fund, debit, credit)
  SELECT account, month, fund,
    sum(debit) OVER (PARTITION BY account ORDER BY month),
    sum(credit) OVER (PARTITION BY account ORDER BY month)
  FROM account_month_totals`;

// Fills the closing totals from the month totals already kept.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(CLOSING_FROM_MONTH_TOTALS);
}

export async function down(knex: Knex): Promise<void> {
  await knex('account_closing_totals').delete();
}
