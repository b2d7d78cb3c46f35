import type { Knex } from 'knex';

// A fund's terms (DESIGN.md section 11), one row per version. Versions are append-only: a new
// version is a new row with the next number, and the database refuses UPDATE and DELETE, as it
// does for the journal. `terms` is the JSON object as validated; `effective_from` is copied out of
// it so the version in force at a date is one indexed query.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('fund_terms', (t) => {
    t.string('fund', 40).notNullable().references('code').inTable('funds');
    t.integer('version').notNullable();
    t.string('effective_from', 10).notNullable();
    t.text('terms').notNullable();
    t.string('recorded_at', 32).notNullable();
    t.string('actor', 200).notNullable();
    t.primary(['fund', 'version']);
    t.index(['fund', 'effective_from']);
  });
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION fund_terms_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'fund terms are append-only: % refused', TG_OP;
      END $$`);
    await knex.raw(`CREATE TRIGGER fund_terms_append_only BEFORE UPDATE OR DELETE ON fund_terms
      FOR EACH ROW EXECUTE FUNCTION fund_terms_append_only()`);
    return;
  }
  for (const op of ['UPDATE', 'DELETE']) {
    await knex.raw(`CREATE TRIGGER fund_terms_no_${op.toLowerCase()} BEFORE ${op} ON fund_terms
      BEGIN SELECT RAISE(ABORT, 'fund terms are append-only: ${op} refused'); END`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fund_terms');
  if (knex.client.config.client === 'pg') await knex.raw('DROP FUNCTION fund_terms_append_only()');
}
