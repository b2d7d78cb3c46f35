import type { Knex } from 'knex';

// A fund's investment limits, versioned (issue 22 item 3): each change is a new row effective
// from a date on or after the day it was made, never earlier, so what was booked under a limit
// stays booked under it and a back-dated write meets the limit of its own date. Rows are only
// ever inserted; the database refuses UPDATE and DELETE, as for the journal and the terms. The
// `funds.policy` column stays the fund's policy before its first version.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fund_policy_versions', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('effective_from', 10).notNullable();
    t.string('max_company_share', 12).nullable();
    t.string('max_government_share', 12).nullable();
    t.string('reason', 500).notNullable();
    t.string('recorded_at', 32).notNullable();
    t.string('actor', 200).notNullable();
    t.index(['fund', 'effective_from']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION fund_policy_versions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'fund policy versions are append-only: % refused', TG_OP;
      END $$`);
    await knex.raw(`CREATE TRIGGER fund_policy_versions_append_only BEFORE UPDATE OR DELETE ON fund_policy_versions
      FOR EACH ROW EXECUTE FUNCTION fund_policy_versions_append_only()`);
    return;
  }
  for (const op of ['UPDATE', 'DELETE']) {
    await knex.raw(`CREATE TRIGGER fund_policy_versions_no_${op.toLowerCase()} BEFORE ${op} ON fund_policy_versions
      BEGIN SELECT RAISE(ABORT, 'fund policy versions are append-only: ${op} refused'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fund_policy_versions');
  if (knex.client.config.client === 'pg') await knex.raw('DROP FUNCTION fund_policy_versions_append_only()');
}
