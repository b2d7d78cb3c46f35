import type { Knex } from 'knex';

// Who last set each user's password (issue 22 item 2): the user themselves (a change proving the
// current one), or the admin who created the account or reset it. A committee decision needs a
// password its holder set; rows from before this migration are unknown (null) and count as not
// self-set, so each approver changes their password once before deciding again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('password_set_by', 100).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('password_set_by');
  });
}
