import type { Knex } from 'knex';

// The waterfall parts of a distribution allocation (DESIGN.md section 11), in fen. Null for an
// allocation pro rata to paid-in (a fund without terms), which is one part: the whole amount.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('distribution_allocations', (t) => {
    t.bigInteger('return_of_capital').nullable();
    t.bigInteger('preferred_return').nullable();
    t.bigInteger('profit').nullable();
    t.bigInteger('carried_interest').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('distribution_allocations', (t) => {
    t.dropColumn('carried_interest');
    t.dropColumn('profit');
    t.dropColumn('preferred_return');
    t.dropColumn('return_of_capital');
  });
}
