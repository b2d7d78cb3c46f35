import type { Knex } from 'knex';

// Event ids grow with the journal (a payment per investor per call, a valuation per holding per
// price day), so on PostgreSQL they become BIGINT like the journal's own ids (issue 22: int4 ids
// answered 500 past 2^31). The columns that name them follow, and each id's sequence is widened,
// or it would still stop at 2^31 - 1. SQLite's integers are 64-bit already: nothing to do there.
const EVENT_TABLES = [
  'commitments',
  'capital_calls',
  'capital_call_allocations',
  'payments',
  'investments',
  'exits',
  'valuations',
  'distributions',
  'distribution_allocations',
  'expenses',
  'management_fees',
  'management_fee_allocations',
  'late_interest_charges',
  'fee_payments',
  'equalisation_interest_payments',
];

const REFERENCES: Array<[table: string, column: string]> = [
  ['capital_call_allocations', 'capital_call_id'],
  ['payments', 'capital_call_id'],
  ['late_interest_charges', 'capital_call_id'],
  ['exits', 'investment_id'],
  ['valuations', 'investment_id'],
  ['distribution_allocations', 'distribution_id'],
  ['management_fee_allocations', 'management_fee_id'],
  ['commitments', 'equalisation_of'],
  ['investments', 'screening_id'],
];

/** The column's type ('integer', 'bigint', …), or null when the table has no such column. */
async function columnType(knex: Knex, table: string, column: string): Promise<string | null> {
  const rows = (await knex.raw('SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?', [table, column])).rows as Array<{ data_type: string }>;
  return rows.length === 1 ? rows[0].data_type : null;
}

async function widen(knex: Knex, to: 'bigint' | 'integer'): Promise<void> {
  const columns: Array<[string, string]> = [...EVENT_TABLES.map((t): [string, string] => [t, 'id']), ...REFERENCES];
  for (const [table, column] of columns) {
    // Only what needs it: an allocation table keyed without an id has no such column.
    if ((await columnType(knex, table, column)) !== (to === 'bigint' ? 'integer' : 'bigint')) continue;
    await knex.raw(`ALTER TABLE ?? ALTER COLUMN ?? TYPE ${to}`, [table, column]);
    if (column !== 'id') continue;
    const sequence = (await knex.raw('SELECT pg_get_serial_sequence(?, ?) AS name', [table, column])).rows[0]?.name as string | null;
    if (sequence) await knex.raw(`ALTER SEQUENCE ${sequence} AS ${to}`);
  }
}

export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await widen(knex, 'bigint');
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await widen(knex, 'integer');
}
