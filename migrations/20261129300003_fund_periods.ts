import type { Knex } from 'knex';

// How far each fund's books are closed (docs/approvals.md, Periods): postings dated on or before
// `closed_through` are refused. A fund without a row has no closed period.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fund_periods', (t) => {
    t.string('fund', 40).primary().references('code').inTable('funds');
    t.string('closed_through', 10).nullable();
    t.string('updated_at', 32).notNullable();
    t.string('updated_by', 100).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fund_periods');
}
