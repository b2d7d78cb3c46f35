import type { Knex } from 'knex';

// A fund's quarterly management fee (DESIGN.md section 11) and each fee-paying investor's part.
// One fee stands per fund and quarter: `generation` counts the earlier fees of the quarter (all
// reversed, else the booking is refused), so the unique index refuses a second fee booked by a
// racing request while a reversed fee can be booked again under the next generation.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('management_fees', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('period', 6).notNullable();
    t.integer('generation').notNullable();
    t.string('manager', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.string('date', 10).notNullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.unique(['fund', 'period', 'generation']);
  });
  await knex.schema.createTable('management_fee_allocations', (t) => {
    t.integer('management_fee_id').notNullable().references('id').inTable('management_fees');
    t.string('investor', 40).notNullable().references('code').inTable('investors');
    t.bigInteger('amount').notNullable();
    t.primary(['management_fee_id', 'investor']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('management_fee_allocations');
  await knex.schema.dropTable('management_fees');
}
