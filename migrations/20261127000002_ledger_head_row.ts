import type { Knex } from 'knex';

// Data, kept apart from DDL: the chain head starts at the genesis hash (64 zeros), entry 0.
export async function up(knex: Knex): Promise<void> {
  await knex('ledger_head').insert({ id: 1, last_entry_id: 0, last_hash: '0'.repeat(64) });
}

export async function down(knex: Knex): Promise<void> {
  await knex('ledger_head').where({ id: 1 }).delete();
}
