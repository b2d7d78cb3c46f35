import { expect } from 'chai';
import type { Knex } from 'knex';
import { freshDatabase, TEST_DIALECT, type TestDatabase } from '../helpers/database';
import { migrateLatest } from '../../src/data/migrator';
import { migrations } from '../../migrations';
import { tokenAuthenticator } from '../../src/application/token-service';
import { hashToken } from '../../src/domain/access/token-secret';

/** The migrations that ran before users existed. */
const BEFORE_USERS: Knex.MigratorConfig = {
  tableName: 'knex_migrations',
  migrationSource: {
    getMigrations: async () => Object.keys(migrations).filter((name) => name < '20261129200001').sort(),
    getMigrationName: (name: string) => name,
    getMigration: async (name: string) => migrations[name],
  },
};

describe(`tokens issued before users each get a service user (${TEST_DIALECT})`, () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await freshDatabase({ migrate: false });
  });
  afterEach(() => t.dispose());

  it('names each user after its token, keeps names unique ignoring case, and the tokens keep working under those names', async () => {
    await t.db.writer.migrate.latest(BEFORE_USERS);
    const old = [
      { name: 'ci', role: 'fund_manager', secret: 'phx_old-ci-token' },
      { name: 'CI', role: 'viewer', secret: 'phx_old-ci-upper' },
      { name: 'auditor', role: 'viewer', secret: 'phx_old-auditor' },
      { name: 'ci', role: 'admin', secret: 'phx_old-ci-again' },
    ];
    for (const token of old) {
      await t.db.writer('api_tokens').insert({
        name: token.name,
        role: token.role,
        token_hash: hashToken(token.secret),
        token_prefix: token.secret.slice(0, 10),
        created_at: '2026-11-01T00:00:00.000Z',
        created_by: 'cli',
      });
    }
    await migrateLatest(t.db.writer);
    const users = await t.db.writer('users').orderBy('id').select('username', 'role', 'kind', 'password_hash');
    expect(users).to.deep.equal([
      { username: 'ci', role: 'fund_manager', kind: 'service', password_hash: null },
      { username: 'CI#2', role: 'viewer', kind: 'service', password_hash: null },
      { username: 'auditor', role: 'viewer', kind: 'service', password_hash: null },
      { username: 'ci#4', role: 'admin', kind: 'service', password_hash: null },
    ]);
    expect(await t.db.writer('api_tokens').whereNull('user_id')).to.deep.equal([]);
    const authenticate = tokenAuthenticator(t.db);
    const names = [];
    for (const token of old) names.push(`${(await authenticate(token.secret))?.name} ${(await authenticate(token.secret))?.role}`);
    expect(names).to.deep.equal(['ci fund_manager', 'CI#2 viewer', 'auditor viewer', 'ci#4 admin']);
  });
});
