import type { Knex } from 'knex';

// Versioned eligibility rule sets and the screenings judged against them. A screening row keeps
// the applicant and result as they were (JSON text); only current_pledge_level / current_route
// move, when a new market price re-evaluates the latest screening of a company.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rulesets', (t) => {
    t.integer('version').primary();
    t.text('rules').notNullable();
    t.string('note', 500).nullable();
    t.string('created_at', 32).notNullable();
    t.string('created_by', 100).notNullable();
  });
  await knex.schema.createTable('screenings', (t) => {
    t.bigIncrements('id').primary();
    t.string('stock_code', 12).notNullable();
    t.string('company_name', 200).notNullable();
    t.string('decision', 16).notNullable();
    t.string('route', 8).nullable();
    t.string('pledge_level', 10).notNullable();
    t.string('current_pledge_level', 10).notNullable();
    t.string('current_route', 8).nullable();
    t.string('screened_on', 10).notNullable();
    t.integer('ruleset_version').notNullable().references('version').inTable('rulesets');
    t.text('applicant').notNullable();
    t.text('result').notNullable();
    t.string('created_at', 32).notNullable();
    t.string('actor', 100).notNullable();
    t.index(['stock_code', 'screened_on', 'id']);
    t.index(['decision']);
    t.index(['current_pledge_level']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('screenings');
  await knex.schema.dropTable('rulesets');
}
