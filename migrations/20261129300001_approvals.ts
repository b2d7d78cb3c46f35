import type { Knex } from 'knex';

// Investment-committee approvals (docs/approvals.md). A fund's policy is stored once an admin
// sets it; until then the fund follows PHOENIX_APPROVALS, so no row is written here for existing
// funds. A proposal holds a write as it was sent (JSON body, target, proposer, idempotency key)
// until enough other people approve it; each person decides once (unique index), which also
// keeps a retried approval from counting twice.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_policies', (t) => {
    t.string('fund', 40).primary().references('code').inTable('funds');
    t.text('actions').notNullable();
    t.integer('required_approvals').notNullable();
    t.string('updated_at', 32).notNullable();
    t.string('updated_by', 100).notNullable();
  });
  await knex.schema.createTable('proposals', (t) => {
    t.increments('id').primary();
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.string('action', 40).notNullable();
    t.string('target', 40).notNullable();
    t.text('body').notNullable();
    t.text('documents').notNullable();
    t.integer('proposer_token_id').notNullable();
    t.string('proposer', 100).notNullable();
    t.string('proposer_person', 100).notNullable();
    t.string('proposer_role', 20).notNullable();
    t.string('idempotency_key', 200).nullable();
    t.string('fingerprint', 64).nullable();
    t.integer('required_approvals').notNullable();
    t.string('status', 10).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('expires_at', 32).notNullable();
    t.string('decided_at', 32).nullable();
    t.text('result').nullable();
    t.bigInteger('entry_id').nullable().unique().references('id').inTable('journal_entries');
    t.index(['status', 'id']);
  });
  await knex.schema.createTable('proposal_decisions', (t) => {
    t.increments('id').primary();
    t.integer('proposal_id').notNullable().references('id').inTable('proposals');
    t.string('person', 100).notNullable();
    t.string('role', 20).notNullable();
    t.string('decision', 10).notNullable();
    t.text('comment').nullable();
    t.string('at', 32).notNullable();
    t.unique(['proposal_id', 'person']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('proposal_decisions');
  await knex.schema.dropTable('proposals');
  await knex.schema.dropTable('approval_policies');
}
