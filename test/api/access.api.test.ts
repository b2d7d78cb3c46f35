import { Writable } from 'node:stream';
import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import { apiRoutes } from '../../src/app';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT, tamper } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

describe(`access: tokens, audit, limits, CORS and leaks (${TEST_DIALECT})`, () => {
  let api: TestApi;
  afterEach(() => api.dispose());

  describe('tokens and the audit log', () => {
    beforeEach(async () => {
      api = await testApi();
    });

    it('lists tokens to admins only, never showing a token or its hash', async () => {
      const res = await api.as('admin').get('/tokens');
      expect(res.status).to.equal(200);
      expect(res.body.tokens.map((t: { role: string }) => t.role)).to.deep.equal(['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver']);
      expect(Object.keys(res.body.tokens[0]).sort()).to.deep.equal(['createdAt', 'createdBy', 'expiresAt', 'id', 'name', 'prefix', 'revokedAt', 'role', 'userId']);
      const hashes = (await api.db.writer('api_tokens').select('token_hash')).map((r) => String(r.token_hash));
      for (const secret of [...Object.values(api.tokens), ...hashes]) expect(res.text).to.not.contain(secret);
      for (const role of ['fund_manager', 'risk_officer', 'viewer', 'approver'] as const) expectProblem(await api.as(role).get('/tokens'), 403, 'FORBIDDEN');
    });

    it('issues a token once, which works for its role, and audits the issue without the token', async () => {
      const created = await api.as('admin').post('/tokens', { role: 'viewer', name: 'auditor' });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ role: 'viewer', name: 'auditor', revokedAt: null });
      expect(created.body.token).to.match(/^phx_/);
      expect(created.body.token.startsWith(created.body.prefix)).to.equal(true);
      const auth = { Authorization: `Bearer ${created.body.token}` };
      expect((await request(api.app).get('/api/v1/journal').set(auth)).status).to.equal(200);
      expectProblem(await request(api.app).post('/api/v1/funds/PHX/expenses').set(auth).send({}), 403, 'FORBIDDEN');
      const listed = await api.as('admin').get('/tokens');
      expect(listed.text).to.not.contain(created.body.token);
      const audit = await api.as('admin').get('/audit?action=token.create');
      expect(audit.body.records).to.have.length(1);
      expect(audit.body.records[0]).to.include({ actor: 'test-admin', target: `tokens/${created.body.id}` });
      expect(audit.text).to.not.contain(created.body.token);
      expectProblem(await api.as('admin').post('/tokens', { role: 'root', name: 'x' }), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('admin').post('/tokens', { role: 'viewer', name: 'x', expiresAt: '2001-01-01T00:00:00Z' }), 400, 'VALIDATION_FAILED');
    });

    it('revokes a token at once, even one just used (and cached), and audits it', async () => {
      expect((await api.as('viewer').get('/journal')).status).to.equal(200);
      const viewer = (await api.as('admin').get('/tokens')).body.tokens.find((t: { role: string }) => t.role === 'viewer');
      const revoked = await api.as('admin').delete(`/tokens/${viewer.id}`);
      expect(revoked.status).to.equal(200);
      expect(revoked.body.revokedAt).to.be.a('string');
      expectProblem(await api.as('viewer').get('/journal'), 401, 'UNAUTHENTICATED');
      expect((await api.as('admin').get('/audit?action=token.revoke')).body.records[0]).to.include({ target: `tokens/${viewer.id}` });
      expectProblem(await api.as('admin').delete('/tokens/999'), 404, 'NOT_FOUND');
      const admin = (await api.as('admin').get('/tokens')).body.tokens.find((t: { role: string }) => t.role === 'admin');
      expectProblem(await api.as('admin').delete(`/tokens/${admin.id}`), 409, 'CONFLICT');
      expectProblem(await api.as('fund_manager').delete(`/tokens/${admin.id}`), 403, 'FORBIDDEN');
    });

    it('refuses a token once its expiry passes, although it was cached while valid', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      const created = await api.as('admin').post('/tokens', { role: 'viewer', name: 'short-lived', expiresAt: soon });
      const auth = { Authorization: `Bearer ${created.body.token}` };
      expect((await request(api.app).get('/api/v1/journal').set(auth)).status).to.equal(200);
      await new Promise((r) => setTimeout(r, 1600));
      expectProblem(await request(api.app).get('/api/v1/journal').set(auth), 401, 'UNAUTHENTICATED');
    });

    it('filters the audit log by actor, action and time, page by page, for admins only', async () => {
      await fundedScenario(api);
      const all = await api.as('admin').get('/audit?limit=1000');
      expect(all.status).to.equal(200);
      const commitments = await api.as('admin').get('/audit?action=commitment.create');
      expect(commitments.body.records).to.have.length(6);
      expect(commitments.body.records.every((r: { action: string; actor: string }) => r.action === 'commitment.create' && r.actor === 'test-fund_manager')).to.equal(true);
      expect((await api.as('admin').get('/audit?actor=test-viewer')).body.records).to.deep.equal([]);
      const first = await api.as('admin').get('/audit?limit=5');
      expect(first.body.records).to.have.length(5);
      const second = await api.as('admin').get(`/audit?limit=5&cursor=${first.body.nextCursor}`);
      expect(second.body.records[0].id).to.be.greaterThan(first.body.records[4].id);
      const today = new Date().toISOString().slice(0, 10);
      expect((await api.as('admin').get(`/audit?from=${today}&to=${today}&limit=1000`)).body.records).to.have.length(all.body.records.length);
      expect((await api.as('admin').get('/audit?to=2000-01-01')).body.records).to.deep.equal([]);
      const last = all.body.records[all.body.records.length - 1].at;
      const recent = (await api.as('admin').get(`/audit?from=${last}&limit=1000`)).body.records;
      expect(recent.length).to.be.within(1, all.body.records.length - 1);
      expect(recent.every((r: { at: string }) => r.at >= last)).to.equal(true);
      expectProblem(await api.as('admin').get('/audit?from=yesterday'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('admin').get('/audit?from=2019-13-45'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('fund_manager').get('/audit'), 403, 'FORBIDDEN');
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After after too many failed authentications from one address', async () => {
      api = await testApi({ env: { PHOENIX_AUTH_FAILURE_LIMIT: '5' } });
      for (let i = 0; i < 5; i += 1) {
        expectProblem(await request(api.app).get('/api/v1/journal').set('Authorization', `Bearer phx_guess${i}`), 401, 'UNAUTHENTICATED');
      }
      const limited = await request(api.app).get('/api/v1/journal').set('Authorization', 'Bearer phx_guess5');
      expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expectProblem(await request(api.app).get('/api/v1/journal').set('Authorization', 'Bearer phx_guess6'), 429, 'TOO_MANY_REQUESTS');
      expectProblem(await request(api.app).get('/api/v1/journal'), 429, 'TOO_MANY_REQUESTS');
    });

    it('never refuses a valid token for failures of others behind the same address (issue 12 item 5)', async () => {
      api = await testApi({ env: { PHOENIX_AUTH_FAILURE_LIMIT: '5' } });
      for (let i = 0; i < 8; i += 1) await request(api.app).get('/api/v1/journal').set('Authorization', `Bearer phx_guess${i}`);
      expectProblem(await request(api.app).get('/api/v1/journal').set('Authorization', 'Bearer phx_guess9'), 429, 'TOO_MANY_REQUESTS');
      expect((await api.as('viewer').get('/journal')).status).to.equal(200);
      expect((await api.as('fund_manager').get('/funds')).status).to.equal(200);
    });

    it('limits requests per token when configured, leaving other tokens alone', async () => {
      api = await testApi({ env: { PHOENIX_TOKEN_RATE_LIMIT: '10' } });
      for (let i = 0; i < 10; i += 1) expect((await api.as('viewer').get('/journal')).status).to.equal(200);
      const limited = await api.as('viewer').get('/journal');
      expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
      expect(Number(limited.headers['retry-after'])).to.be.within(1, 60);
      expect((await api.as('admin').get('/journal')).status).to.equal(200);
    });

    it('by default does not throttle one busy token', async () => {
      api = await testApi();
      expect(loadConfig({}).tokenRequestsPerMinute).to.be.at.least(600_000);
      const results = await Promise.all(Array.from({ length: 300 }, () => api.as('fund_manager').get('/funds')));
      expect(results.filter((r) => r.status !== 200)).to.have.length(0);
    });
  });

  describe('CORS', () => {
    it('is closed by default: no CORS headers, even on a preflight', async () => {
      api = await testApi();
      const res = await request(api.app).get('/api/v1/health').set('Origin', 'https://evil.example');
      expect(res.headers).to.not.have.property('access-control-allow-origin');
      const preflight = await request(api.app).options('/api/v1/journal').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers).to.not.have.property('access-control-allow-origin');
    });

    it('when configured, allows just the listed origins and answers their preflight', async () => {
      api = await testApi({ env: { PHOENIX_CORS_ORIGINS: 'https://ledger.yuhang.example, http://localhost:8080' } });
      const ok = await request(api.app).get('/api/v1/health').set('Origin', 'http://localhost:8080');
      expect(ok.headers['access-control-allow-origin']).to.equal('http://localhost:8080');
      const preflight = await request(api.app)
        .options('/api/v1/funds/PHX/expenses')
        .set('Origin', 'https://ledger.yuhang.example')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key');
      expect(preflight.status).to.equal(204);
      expect(preflight.headers['access-control-allow-origin']).to.equal('https://ledger.yuhang.example');
      expect(preflight.headers['access-control-allow-headers']).to.match(/Idempotency-Key/);
      expect(preflight.headers['access-control-allow-methods']).to.match(/POST/);
      const other = await request(api.app).options('/api/v1/journal').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(other.headers).to.not.have.property('access-control-allow-origin');
      expect((await request(api.app).get('/api/v1/health').set('Origin', 'https://evil.example')).headers).to.not.have.property('access-control-allow-origin');
    });
  });

  describe('what a response never reveals', () => {
    it('an internal error is a bare 500 problem with a request id: no stack, no SQL; the log has the detail', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      });
      api = await testApi({ logger: pino({ level: 'error' }, sink) });
      await fundedScenario(api);
      await tamper(api.db, TEST_DIALECT === 'pg' ? 'DROP TABLE expenses CASCADE' : 'DROP TABLE expenses');
      const res = await api.as('fund_manager').post('/funds/PHX/expenses', { amount: '1.00', date: '2019-02-01', kind: 'other' });
      const body = expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(Object.keys(body).sort()).to.deep.equal(['code', 'detail', 'requestId', 'status', 'title', 'type']);
      expect(body.requestId).to.equal(res.headers['x-request-id']);
      for (const leak of [/expenses/i, /insert|select|relation|no such table|sqlite|postgres/i, /\bat .*\.(ts|js)/, /node_modules/]) {
        expect(res.text).to.not.match(leak);
      }
      const logged = lines.join('\n');
      expect(logged).to.contain(String(body.requestId));
      expect(logged).to.match(/expenses/);
    });

    it('sends helmet’s headers and no X-Powered-By', async () => {
      api = await testApi();
      const res = await api.as('viewer').get('/journal');
      expect(res.headers['x-content-type-options']).to.equal('nosniff');
      expect(res.headers['content-security-policy']).to.be.a('string');
      expect(res.headers['strict-transport-security']).to.be.a('string');
      expect(res.headers).to.not.have.property('x-powered-by');
    });

    it('keeps single events to 64kb and lets only batch, import and document routes take more', async () => {
      api = await testApi();
      const config = loadConfig({ PHOENIX_DB: ':memory:' });
      const routes = apiRoutes({ db: api.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: async () => null, version: 't', pdf: api.pdf });
      const withBody = routes.filter((r) => r.body);
      expect(withBody.length).to.be.greaterThan(15);
      const large = withBody.filter((r) => r.bodyLimit && r.bodyLimit !== '64kb').map((r) => `${r.method} ${r.path}`);
      for (const route of large) expect(route).to.match(/batch|import|market-prices|documents/);
      const big = { reason: 'x'.repeat(70_000) };
      for (const route of withBody.filter((r) => !r.bodyLimit || r.bodyLimit === '64kb')) {
        const path = route.path.replace('{code}', 'PHX').replace(/\{[a-z]+\}/g, '1');
        // Deciding a proposal is the approver's alone; every other route lets an admin in.
        const role = route.access !== 'public' && !route.access.includes('admin') ? route.access[0] : 'admin';
        const res = await request(api.app)[route.method](`/api/v1${path}`).set('Authorization', `Bearer ${api.tokens[role]}`).send(big);
        expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      }
    });
  });
});

describe('hardening configuration', () => {
  it('refuses a wildcard or malformed origin list, and bad limits, at start-up', () => {
    expect(() => loadConfig({ PHOENIX_CORS_ORIGINS: '*' })).to.throw(/PHOENIX_CORS_ORIGINS/);
    expect(() => loadConfig({ PHOENIX_TOKEN_RATE_LIMIT: 'lots' })).to.throw(/PHOENIX_TOKEN_RATE_LIMIT/);
    expect(() => loadConfig({ PHOENIX_SQLITE_BUSY_MS: '-1' })).to.throw(/PHOENIX_SQLITE_BUSY_MS/);
    const config = loadConfig({ PHOENIX_CORS_ORIGINS: 'https://a.example,http://localhost:3000', PHOENIX_SQLITE_BUSY_MS: '200' });
    expect(config.corsOrigins).to.deep.equal(['https://a.example', 'http://localhost:3000']);
    expect(config.database).to.include({ client: 'sqlite', busyTimeoutMs: 200 });
    expect(Object.isFrozen(config.corsOrigins)).to.equal(true);
  });
});
