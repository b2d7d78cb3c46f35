import type { Knex } from 'knex';

// The deal book (issue 24). Investees (被投企业) are listed companies, controlling shareholders
// and unlisted companies, each with its 统一社会信用代码; an investment names one, and keeps the
// account segment it always had (the stock code of a listed company, the investee code otherwise).
// An investment records its instrument's own terms (coupon, maturity, pledged shares, …) as JSON,
// the holder category its lock-up depends on and any longer contractual lock-up. Exits name the
// channel they sold through; valuations the method and inputs behind the fair value; a fund's
// limits the instruments it may hold.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('investees', (t) => {
    t.increments('id').primary();
    t.string('code', 12).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('credit_code', 18).nullable().unique();
    t.string('kind', 30).notNullable();
    t.string('stock_code', 12).nullable().unique();
    t.string('listed_company', 12).nullable();
    t.string('registered_district', 6).nullable();
    t.string('industry_section', 1).nullable();
    t.string('recorded_at', 32).notNullable();
    t.string('recorded_by', 200).notNullable();
    t.index(['listed_company']);
  });
  await knex.schema.alterTable('investments', (t) => {
    t.string('investee', 12).nullable();
    t.text('instrument_terms').nullable();
    t.string('holder_category', 20).nullable();
    t.string('contractual_lockup_ends_on', 10).nullable();
    t.index(['investee']);
  });
  await knex.schema.alterTable('exits', (t) => {
    t.string('channel', 20).nullable();
  });
  await knex.schema.alterTable('valuations', (t) => {
    t.string('method', 20).nullable();
    t.text('inputs').nullable();
  });
  await knex.schema.alterTable('fund_policy_versions', (t) => {
    t.text('allowed_instruments').nullable();
  });
  // An alert on a fund's own pledgee position (a pledge financing it took over) names the investment.
  await knex.schema.alterTable('pledge_alerts', (t) => {
    t.bigInteger('investment_id').nullable();
  });
  // Every company invested in so far becomes a listed-company investee under its stock code.
  const companies: Array<{ stock_code: string; company_name: string }> = await knex('investments')
    .select('stock_code')
    .min({ company_name: 'company_name' })
    .groupBy('stock_code');
  const at = new Date().toISOString();
  for (let i = 0; i < companies.length; i += 200) {
    await knex('investees').insert(
      companies.slice(i, i + 200).map((c) => ({
        code: c.stock_code,
        name: c.company_name,
        kind: 'listed_company',
        stock_code: c.stock_code,
        recorded_at: at,
        recorded_by: 'migration',
      })),
    );
  }
  await knex('investments').update({ investee: knex.ref('stock_code') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('pledge_alerts', (t) => {
    t.dropColumn('investment_id');
  });
  await knex.schema.alterTable('fund_policy_versions', (t) => {
    t.dropColumn('allowed_instruments');
  });
  await knex.schema.alterTable('valuations', (t) => {
    t.dropColumn('inputs');
    t.dropColumn('method');
  });
  await knex.schema.alterTable('exits', (t) => {
    t.dropColumn('channel');
  });
  await knex.schema.alterTable('investments', (t) => {
    t.dropIndex(['investee']);
    t.dropColumn('contractual_lockup_ends_on');
    t.dropColumn('holder_category');
    t.dropColumn('instrument_terms');
    t.dropColumn('investee');
  });
  await knex.schema.dropTable('investees');
}
