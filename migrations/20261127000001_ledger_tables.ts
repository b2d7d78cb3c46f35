import type { Knex } from 'knex';

// Journal entries, their lines, per-account balances and the chain head. Amounts are BIGINT fen.
// Entry ids are assigned by the writer holding the chain-head lock, so they follow the hash chain.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('journal_entries', (t) => {
    t.bigInteger('id').primary();
    t.string('value_date', 10).notNullable();
    t.string('type', 40).notNullable();
    t.text('memo').notNullable();
    t.string('actor', 100).notNullable();
    t.string('idempotency_key', 200).nullable().unique();
    t.bigInteger('reverses').nullable().unique().references('id').inTable('journal_entries');
    t.text('metadata').notNullable();
    t.string('recorded_at', 32).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['value_date']);
    t.index(['type']);
  });
  await knex.schema.createTable('journal_lines', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('entry_id').notNullable().references('id').inTable('journal_entries');
    t.integer('line_no').notNullable();
    t.string('account', 200).notNullable();
    t.string('fund', 40).notNullable();
    t.bigInteger('debit').notNullable();
    t.bigInteger('credit').notNullable();
    t.unique(['entry_id', 'line_no']);
    t.index(['account', 'entry_id']);
    t.index(['fund', 'entry_id']);
    t.check('?? >= 0 and ?? >= 0', ['debit', 'credit'], 'journal_lines_non_negative');
  });
  await knex.schema.createTable('account_balances', (t) => {
    t.string('account', 200).primary();
    t.string('fund', 40).notNullable();
    t.bigInteger('debit').notNullable().defaultTo(0);
    t.bigInteger('credit').notNullable().defaultTo(0);
    t.index(['fund']);
  });
  await knex.schema.createTable('ledger_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_entry_id').notNullable();
    t.string('last_hash', 64).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('ledger_head');
  await knex.schema.dropTable('account_balances');
  await knex.schema.dropTable('journal_lines');
  await knex.schema.dropTable('journal_entries');
}
