import { expect } from 'chai';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { migrateLatest, migrateRollbackAll, migrationStatus } from '../../src/data/migrator';
import { migrations } from '../../migrations';
import { post, transfer } from '../helpers/ledger-builders';

describe(`migrations (${process.env.PHOENIX_TEST_DB ?? 'sqlite'})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase({ migrate: false });
  });
  afterEach(() => t.dispose());

  it('apply in order, roll all the way back, and apply again', async () => {
    const applied = await migrateLatest(t.db.writer);
    expect(applied).to.deep.equal(Object.keys(migrations).sort());
    expect((await migrationStatus(t.db.writer)).pending).to.deep.equal([]);
    const rolledBack = await migrateRollbackAll(t.db.writer);
    expect(rolledBack).to.have.length(applied.length);
    expect(await t.db.writer.schema.hasTable('journal_entries')).to.equal(false);
    expect(await migrateLatest(t.db.writer)).to.deep.equal(applied);
    expect(await t.db.writer.schema.hasTable('journal_entries')).to.equal(true);
  });

  it('store money as BIGINT fen beyond 2^31 exactly', async () => {
    await migrateLatest(t.db.writer);
    const entry = await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-GIF', '24800000000.01'));
    const [line] = await t.db.writer('journal_lines').where({ entry_id: entry.id }).orderBy('line_no');
    expect(String(line.debit)).to.equal('2480000000001');
  });

  it('make the journal append-only in the database itself', async () => {
    await migrateLatest(t.db.writer);
    const entry = await post(t.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '10.00'));
    for (const attempt of [
      () => t.db.writer('journal_lines').where({ entry_id: entry.id }).update({ debit: 1 }),
      () => t.db.writer('journal_lines').where({ entry_id: entry.id }).delete(),
      () => t.db.writer('journal_entries').where({ id: entry.id }).update({ memo: 'edited' }),
      () => t.db.writer('journal_entries').where({ id: entry.id }).delete(),
    ]) {
      let message = '';
      try {
        await attempt();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.match(/append-only/);
    }
    expect(await t.db.writer('journal_lines').count({ n: '*' }).first()).to.satisfy((r: { n: unknown }) => Number(r.n) === 2);
  });
});
