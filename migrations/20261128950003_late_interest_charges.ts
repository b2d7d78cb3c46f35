import type { Knex } from 'knex';

// Late interest (违约金) charged to an investor on its part of a capital call (DESIGN.md section
// 11): each charge books what accrued to its date less what earlier charges on the same call and
// investor (not reversed) already booked, so charging again later adds only the new days.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('late_interest_charges', (t) => {
    t.increments('id').primary();
    t.integer('capital_call_id').notNullable().references('id').inTable('capital_calls');
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.bigInteger('accrued').notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.index(['capital_call_id', 'investor']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('late_interest_charges');
}
