import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { browser, createPerson, PASSWORD, signIn } from '../helpers/sessions';

const INVESTOR = { code: 'LP-S', name: '会话测试出资人', category: 'private', capitalClass: 'social' };

describe(`sessions: cookie, CSRF, expiry, sign-out (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  afterEach(() => api?.dispose());

  describe('with the default settings', () => {
    beforeEach(async () => {
      api = await testApi();
      await createPerson(api, 'li.wei', 'fund_manager');
    });

    it('sign-in sets an HttpOnly, SameSite=Strict cookie for the API only, not Secure over plain http, and answers the user and a CSRF token', async () => {
      const res = await request(api.app).post('/api/v1/auth/login').send({ username: 'li.wei', password: PASSWORD });
      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
      const cookie = String((res.headers['set-cookie'] as unknown as string[])[0]);
      expect(cookie).to.match(/^phoenix_session=[A-Za-z0-9_-]{43}; /);
      const flags = cookie.split('; ').slice(1);
      expect(flags).to.include.members(['Path=/api/v1', 'HttpOnly', 'SameSite=Strict', `Max-Age=${12 * 3600}`]);
      expect(flags).to.not.include('Secure');
      expect(res.body.user).to.include({ username: 'li.wei', role: 'fund_manager', kind: 'person', disabled: false });
      expect(res.body.csrfToken).to.match(/^[A-Za-z0-9_-]{43}$/);
      // Only a hash of the session secret is stored.
      const secret = cookie.split(';')[0].split('=')[1];
      const rows = await api.db.writer('sessions').select('session_hash');
      expect(rows).to.have.length(1);
      expect(rows[0].session_hash).to.match(/^[0-9a-f]{64}$/).and.not.equal(secret);
    });

    it('GET /auth/me answers the user by cookie (with the CSRF token again) and by bearer token (without one)', async () => {
      const b = await signIn(api, 'li.wei');
      const me = await b.get('/auth/me');
      expect(me.status).to.equal(200);
      expect(me.body).to.include({ role: 'fund_manager', via: 'session', csrfToken: b.csrfToken });
      expect(me.body.user).to.include({ username: 'li.wei' });
      const byToken = await api.as('viewer').get('/auth/me');
      expect(byToken.status).to.equal(200);
      expect(byToken.body).to.include({ role: 'viewer', via: 'token' });
      expect(byToken.body.user).to.include({ username: 'test-viewer', kind: 'service' });
      expect(byToken.body).to.not.have.property('csrfToken');
    });

    it('refuses a cookie write without the CSRF token, with a wrong one, or with another session\'s, and writes nothing; reads need none', async () => {
      const b = await signIn(api, 'li.wei');
      const other = await signIn(api, 'li.wei');
      expect(other.csrfToken).to.not.equal(b.csrfToken);
      const oneCharOff = `${b.csrfToken.slice(0, 42)}${b.csrfToken.endsWith('A') ? 'B' : 'A'}`;
      for (const csrf of [false, '', 'x'.repeat(43), oneCharOff, other.csrfToken]) {
        expectProblem(await b.post('/investors', INVESTOR, { csrf }), 403, 'CSRF_TOKEN_INVALID');
      }
      expect(await api.db.writer('investors').where({ code: 'LP-S' })).to.deep.equal([]);
      expect((await b.get('/investors')).status).to.equal(200);
      const ok = await b.post('/investors', INVESTOR);
      expect(ok.status).to.equal(201);
    });

    it('needs no CSRF token for a bearer-token write', async () => {
      expect((await api.as('fund_manager').post('/investors', INVESTOR)).status).to.equal(201);
    });

    it('the audit log names the user, for a session and for a token', async () => {
      const b = await signIn(api, 'li.wei');
      expect((await b.post('/investors', INVESTOR)).status).to.equal(201);
      expect((await api.as('fund_manager').post('/investors', { ...INVESTOR, code: 'LP-T' })).status).to.equal(201);
      const audit = await api.db.writer('audit_log').where({ action: 'investor.create' }).orderBy('id').select('actor', 'role');
      expect(audit).to.deep.equal([
        { actor: 'li.wei', role: 'fund_manager' },
        { actor: 'test-fund_manager', role: 'fund_manager' },
      ]);
      const signIns = await api.db.writer('audit_log').where({ action: 'session.create' }).select('actor');
      expect(signIns.map((r) => r.actor)).to.deep.equal(['li.wei']);
    });

    it('an Authorization header decides alone: a wrong token beside a good cookie is 401', async () => {
      const b = await signIn(api, 'li.wei');
      const res = await request(api.app).get('/api/v1/auth/me').set('Cookie', b.cookie).set('Authorization', 'Bearer phx_wrong');
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });

    it('sign-out ends the session and clears the cookie; the cookie is refused afterwards', async () => {
      const b = await signIn(api, 'li.wei');
      const res = await b.post('/auth/logout');
      expect(res.status).to.equal(204);
      expect(String((res.headers['set-cookie'] as unknown as string[])[0])).to.match(/^phoenix_session=; .*Max-Age=0/);
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
      expect(await api.db.writer('sessions')).to.deep.equal([]);
    });

    it('sign-out by cookie needs the CSRF token too, so another site cannot sign a user out', async () => {
      const b = await signIn(api, 'li.wei');
      expectProblem(await b.post('/auth/logout', undefined, { csrf: false }), 403, 'CSRF_TOKEN_INVALID');
      expect((await b.get('/auth/me')).status).to.equal(200);
    });

    it('refuses a wrong password, an unknown user, a disabled user and a service user alike (401, same words)', async () => {
      const id = await createPerson(api, 'zhang.min', 'viewer');
      expect((await api.as('admin').post(`/users/${id}/disable`)).status).to.equal(200);
      const details = new Set<unknown>();
      for (const [username, password] of [
        ['li.wei', 'not the password at all'],
        ['nobody', PASSWORD],
        ['zhang.min', PASSWORD],
        ['test-admin', PASSWORD],
      ]) {
        const res = await request(api.app).post('/api/v1/auth/login').send({ username, password });
        details.add(expectProblem(res, 401, 'UNAUTHENTICATED').detail);
        expect(res.headers['set-cookie']).to.equal(undefined);
      }
      expect([...details]).to.deep.equal(['Wrong username or password']);
      expect(await api.db.writer('sessions')).to.deep.equal([]);
    });

    it('signs in with the username in any case, as the one user', async () => {
      const b = await signIn(api, 'LI.WEI');
      expect((await b.get('/auth/me')).body.user.username).to.equal('li.wei');
    });

    it('a session cookie of the wrong shape or unknown is 401, never a 5xx', async () => {
      for (const cookie of ['phoenix_session=abc', `phoenix_session=${'A'.repeat(43)}`, 'phoenix_session=', 'other=1; phoenix_session=%zz', '=;;;']) {
        expectProblem(await request(api.app).get('/api/v1/auth/me').set('Cookie', cookie), 401, 'UNAUTHENTICATED');
      }
    });

    it('disabling a user ends its sessions and stops its tokens at once; enabling lets its tokens work again', async () => {
      const id = await createPerson(api, 'wang.fang', 'viewer');
      const b = await signIn(api, 'wang.fang');
      const token = (await b.post('/auth/tokens', { name: 'wang-script' })).body.token as string;
      const viaToken = () => request(api.app).get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
      expect((await viaToken()).body.user.username).to.equal('wang.fang');
      expect((await api.as('admin').post(`/users/${id}/disable`)).body).to.include({ disabled: true });
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await viaToken(), 401, 'UNAUTHENTICATED');
      expect((await api.as('admin').post(`/users/${id}/enable`)).body).to.include({ disabled: false });
      expect((await viaToken()).status).to.equal(200);
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
    });

    it('an admin cannot disable themselves', async () => {
      const id = await createPerson(api, 'admin.chen', 'admin');
      const b = await signIn(api, 'admin.chen');
      expectProblem(await b.post(`/users/${id}/disable`), 409, 'CONFLICT');
    });
  });

  describe('expiry', () => {
    let now: Date;
    beforeEach(async () => {
      now = new Date('2026-11-29T01:00:00Z');
      api = await testApi({ clock: { now: () => now }, env: { PHOENIX_SESSION_IDLE_MINUTES: '30', PHOENIX_SESSION_MAX_HOURS: '1' } });
      await createPerson(api, 'li.wei', 'fund_manager');
    });
    const later = (minutes: number) => {
      now = new Date(now.getTime() + minutes * 60_000);
    };

    it('ends a session left idle past the idle limit', async () => {
      const b = await signIn(api, 'li.wei');
      later(29);
      expect((await b.get('/auth/me')).status).to.equal(200);
      later(29);
      expect((await b.get('/auth/me')).status).to.equal(200);
      later(31);
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
    });

    it('ends a busy session at its absolute limit', async () => {
      const b = await signIn(api, 'li.wei');
      for (let i = 0; i < 2; i++) {
        later(25);
        expect((await b.get('/auth/me')).status).to.equal(200);
      }
      later(11);
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
    });
  });

  it('marks the cookie Secure when configured for a TLS proxy', async () => {
    api = await testApi({ env: { PHOENIX_SESSION_COOKIE_SECURE: 'always' } });
    await createPerson(api, 'li.wei', 'viewer');
    const b = await signIn(api, 'li.wei');
    expect(b.setCookie.split('; ')).to.include('Secure');
    const out = await browser(api, b.cookie, b.csrfToken).post('/auth/logout');
    expect(String((out.headers['set-cookie'] as unknown as string[])[0]).split('; ')).to.include('Secure');
  });
});

describe(`the OpenAPI document describes sign-in (${TEST_DIALECT})`, () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
  });
  after(() => api.dispose());

  it('lists the user and session routes, sign-in as public, and the cookie as a way in beside the token', async () => {
    const doc = (await request(api.app).get('/api/v1/openapi.json')).body;
    expect(doc.paths['/auth/login'].post.security).to.deep.equal([]);
    expect(doc.paths['/users'].post.security).to.deep.equal([{ bearerAuth: [] }, { sessionCookie: [] }]);
    expect(doc.components.securitySchemes.sessionCookie).to.include({ type: 'apiKey', in: 'cookie', name: 'phoenix_session' });
    for (const path of ['/users', '/users/{id}', '/users/{id}/disable', '/users/{id}/enable', '/users/{id}/password-reset', '/auth/logout', '/auth/me', '/auth/password']) {
      expect(doc.paths).to.have.property(path);
    }
  });
});
