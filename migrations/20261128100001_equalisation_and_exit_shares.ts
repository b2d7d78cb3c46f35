import type { Knex } from 'knex';

// Equalisation of a subsequent closing is booked as a capital call from the newcomer, in the same
// journal entry as its commitment: `equalisation_of` names that commitment (null for an ordinary
// call) and `interest` is the equalisation interest the allocation includes (fen).
// Exits of equity name the shares sold; shares held are derived (investment shares minus shares
// of exits not reversed), never kept as a counter.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('capital_calls', (t) => {
    t.integer('equalisation_of').nullable().references('id').inTable('commitments');
    t.bigInteger('interest').notNullable().defaultTo(0);
  });
  await knex.schema.alterTable('exits', (t) => {
    t.bigInteger('shares').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exits', (t) => {
    t.dropColumn('shares');
  });
  await knex.schema.alterTable('capital_calls', (t) => {
    t.dropColumn('interest');
    t.dropColumn('equalisation_of');
  });
}
