import { expect } from 'chai';
import request from 'supertest';
import { ROLES, type Role } from '../../src/domain/access/roles';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { createPerson, PASSWORD, signIn, type Browser } from '../helpers/sessions';
import { PERSON_PASSWORD } from '../helpers/people';

type Caller = { kind: 'token'; role: Role } | { kind: 'session'; role: Role } | { kind: 'none' };

interface Row {
  route: string;
  send(caller: Caller): Promise<request.Response>;
  /** The status a caller of this role gets; callers without credentials always get 401. */
  expected(role: Role, kind: 'token' | 'session'): number;
}

const adminOnly = (ok: number) => (role: Role) => (role === 'admin' ? ok : 403);

/**
 * Every route of users and sessions, called by every role with a token and with a session, and
 * with no credentials: the 401/403/2xx matrix (docs/security.md, Users and sessions).
 */
describe(`users and sessions: every role × every new route (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let api: TestApi;
  const browsers = {} as Record<Role, Browser>;
  let victim: number;
  let serial = 0;

  before(async () => {
    api = await testApi();
    for (const role of ROLES) {
      await createPerson(api, `p-${role}`, role);
      browsers[role] = await signIn(api, `p-${role}`);
    }
    victim = await createPerson(api, 'victim', 'viewer');
  });
  after(() => api.dispose());

  /** Sends a request as the caller: its role's token, its role's signed-in browser (with the CSRF token), or nothing. */
  function call(caller: Caller, method: 'get' | 'post', path: string, body?: object, browser?: Browser): Promise<request.Response> {
    if (caller.kind === 'session') {
      const b = browser ?? browsers[caller.role];
      return method === 'get' ? b.get(path) : b.post(path, body);
    }
    const test = request(api.app)[method](`/api/v1${path}`);
    if (caller.kind === 'token') test.set('Authorization', `Bearer ${api.tokens[caller.role]}`);
    return body === undefined ? test : test.send(body);
  }

  const rows: Row[] = [
    {
      route: 'POST /users',
      send: (c) => call(c, 'post', '/users', { username: `new-${++serial}`, displayName: '新用户', role: 'viewer', password: PASSWORD }),
      expected: adminOnly(201),
    },
    { route: 'GET /users', send: (c) => call(c, 'get', '/users'), expected: adminOnly(200) },
    { route: 'GET /users/{id}', send: (c) => call(c, 'get', `/users/${victim}`), expected: adminOnly(200) },
    { route: 'POST /users/{id}/disable', send: (c) => call(c, 'post', `/users/${victim}/disable`), expected: adminOnly(200) },
    { route: 'POST /users/{id}/enable', send: (c) => call(c, 'post', `/users/${victim}/enable`), expected: adminOnly(200) },
    {
      route: 'POST /users/{id}/password-reset',
      send: (c) => call(c, 'post', `/users/${victim}/password-reset`, { password: PASSWORD }),
      expected: adminOnly(200),
    },
    { route: 'GET /auth/me', send: (c) => call(c, 'get', '/auth/me'), expected: () => 200 },
    {
      route: 'POST /auth/password',
      send: (c) => {
        // The approver's token is a person's (a service token never decides); the others' are service users'.
        const password = c.kind === 'token' && c.role === 'approver' ? PERSON_PASSWORD : PASSWORD;
        return call(c, 'post', '/auth/password', { currentPassword: password, newPassword: password });
      },
      // A service user has no password to change.
      expected: (role, kind) => (kind === 'session' || role === 'approver' ? 200 : 409),
    },
    {
      route: 'POST /auth/tokens',
      send: (c) => call(c, 'post', '/auth/tokens', { name: `own-${++serial}` }),
      // Issued only by a person signed in with their password, never by a token.
      expected: (_role, kind) => (kind === 'session' ? 201 : 403),
    },
    { route: 'GET /auth/tokens', send: (c) => call(c, 'get', '/auth/tokens'), expected: () => 200 },
    {
      route: 'POST /auth/logout',
      send: async (c) => call(c, 'post', '/auth/logout', undefined, c.kind === 'session' ? await signIn(api, `p-${c.role}`) : undefined),
      expected: () => 204,
    },
  ];

  for (const role of ROLES) {
    for (const kind of ['token', 'session'] as const) {
      it(`${role} with a ${kind}: 2xx where the role may, 403 where it may not`, async () => {
        const got: string[] = [];
        const want: string[] = [];
        for (const row of rows) {
          const res = await row.send({ kind, role });
          got.push(`${row.route} ${res.status}`);
          want.push(`${row.route} ${row.expected(role, kind)}`);
          if (res.status === 403) expect(res.body.code).to.equal('FORBIDDEN');
        }
        expect(got).to.deep.equal(want);
      });
    }
  }

  it('without credentials every route but sign-in is 401, and sign-in works for every role', async () => {
    for (const row of rows) {
      const res = await row.send({ kind: 'none' });
      expect(`${row.route} ${res.status} ${res.body.code}`).to.equal(`${row.route} 401 UNAUTHENTICATED`);
    }
    for (const role of ROLES) {
      const res = await request(api.app).post('/api/v1/auth/login').send({ username: `p-${role}`, password: PASSWORD });
      expect(res.status).to.equal(200);
      expect(res.body.user).to.include({ username: `p-${role}`, role, kind: 'person', disabled: false });
    }
  });

  it('the approver reads like a viewer and books nothing', async () => {
    for (const kind of ['token', 'session'] as const) {
      expect((await call({ kind, role: 'approver' }, 'get', '/journal')).status).to.equal(200);
      expect((await call({ kind, role: 'approver' }, 'get', '/funds/PHX')).status).to.be.oneOf([200, 404]);
      const booked = await call({ kind, role: 'approver' }, 'post', '/journal/1/reversal', { reason: 'x' });
      expect(booked.status).to.equal(403);
      const screened = await call({ kind, role: 'approver' }, 'post', '/screenings', {});
      expect(screened.status).to.equal(403);
    }
  });
});
