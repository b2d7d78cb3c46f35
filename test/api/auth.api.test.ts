import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';

describe(`API access (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(() => api.dispose());

  it('answers health without a token', async () => {
    const res = await request(api.app).get('/api/v1/health');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'ok' });
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('keeps a sane incoming request id and replaces a hostile one', async () => {
    expect((await request(api.app).get('/api/v1/health').set('X-Request-Id', 'abc-123')).headers['x-request-id']).to.equal('abc-123');
    expect((await request(api.app).get('/api/v1/health').set('X-Request-Id', '<script>')).headers['x-request-id']).to.not.equal('<script>');
  });

  const protectedReads = ['/journal', '/journal/1', '/ledger/trial-balance', '/ledger/verify'];
  for (const path of protectedReads) {
    it(`refuses GET ${path} without a token (401) and with an unknown token (401)`, async () => {
      const missing = await request(api.app).get(`/api/v1${path}`);
      expect(expectProblem(missing, 401, 'UNAUTHENTICATED').detail).to.match(/Bearer/);
      expect(missing.headers['www-authenticate']).to.match(/^Bearer/);
      expectProblem(await request(api.app).get(`/api/v1${path}`).set('Authorization', 'Bearer phx_nope'), 401, 'UNAUTHENTICATED');
      expectProblem(await request(api.app).get(`/api/v1${path}`).set('Authorization', 'Basic abc'), 401, 'UNAUTHENTICATED');
    });
  }

  it('lets every role read the journal', async () => {
    for (const role of ['admin', 'fund_manager', 'risk_officer', 'viewer'] as const) {
      expect((await api.as(role).get('/journal')).status).to.equal(200);
    }
  });

  it('refuses a reversal by a viewer or risk officer (403) and names the role', async () => {
    for (const role of ['viewer', 'risk_officer'] as const) {
      const body = expectProblem(await api.as(role).post('/journal/1/reversal', { reason: 'x' }), 403, 'FORBIDDEN');
      expect(body.detail).to.contain(role);
    }
  });

  it('refuses revoked and expired tokens', async () => {
    await api.db.writer('api_tokens').where({ role: 'viewer' }).update({ revoked_at: new Date().toISOString() });
    expectProblem(await api.as('viewer').get('/journal'), 401, 'UNAUTHENTICATED');
    await api.db.writer('api_tokens').where({ role: 'admin' }).update({ expires_at: '2000-01-01T00:00:00.000Z' });
    expectProblem(await api.as('admin').get('/journal'), 401, 'UNAUTHENTICATED');
    expect((await api.as('fund_manager').get('/journal')).status).to.equal(200);
  });

  it('stores tokens only as sha256 digests', async () => {
    const rows = await api.db.writer('api_tokens').select('token_hash');
    for (const row of rows) expect(row.token_hash).to.match(/^[0-9a-f]{64}$/);
    expect(rows.map((r) => r.token_hash)).to.not.include(api.tokens.admin);
  });
});
