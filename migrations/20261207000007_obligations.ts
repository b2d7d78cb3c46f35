import type { Knex } from 'knex';

// Post-investment obligations (投后义务): a buyback, a performance commitment or a covenant of an
// investment, due on a date. Their status is never stored: it follows from the due date and from
// the exit that settles them, which names the obligation in `exits.obligation_id`.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('obligations', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('investment_id').notNullable().references('id').inTable('investments');
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('kind', 30).notNullable();
    t.string('counterparty', 200).notNullable();
    t.string('due_date', 10).notNullable();
    t.bigInteger('amount').nullable();
    t.text('terms').nullable();
    t.string('recorded_at', 32).notNullable();
    t.string('recorded_by', 200).notNullable();
    t.index(['investment_id']);
    t.index(['due_date']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.schema.alterTable('exits', (t) => {
      t.bigInteger('obligation_id').nullable().references('id').inTable('obligations');
    });
  } else {
    // SQLite adds a column with a REFERENCES clause in place; knex would copy the whole exits table to
    // add the foreign key.
    await knex.raw('ALTER TABLE exits ADD COLUMN obligation_id bigint NULL REFERENCES obligations (id)');
  }
  await knex.schema.alterTable('exits', (t) => {
    t.index(['obligation_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exits', (t) => {
    t.dropIndex(['obligation_id']);
  });
  // Dropping the column drops its foreign key on PostgreSQL; SQLite rebuilds the table without it.
  await knex.schema.alterTable('exits', (t) => {
    t.dropColumn('obligation_id');
  });
  await knex.schema.dropTable('obligations');
}
