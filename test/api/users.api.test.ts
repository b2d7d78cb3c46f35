import { expect } from 'chai';
import pino from 'pino';
import { Writable } from 'node:stream';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { createPerson, PASSWORD, signIn } from '../helpers/sessions';

describe(`users (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  afterEach(() => api.dispose());

  describe('creating and listing', () => {
    beforeEach(async () => {
      api = await testApi();
    });

    it('creates a user, answers it without the password, stores only a scrypt hash, and audits it', async () => {
      const res = await api.as('admin').post('/users', { username: 'chen.jing', displayName: '陈静', role: 'approver', password: PASSWORD });
      expect(res.status).to.equal(201);
      expect(Object.keys(res.body).sort()).to.deep.equal(['createdAt', 'createdBy', 'disabled', 'disabledAt', 'displayName', 'id', 'kind', 'role', 'updatedAt', 'username']);
      expect(res.body).to.include({ username: 'chen.jing', displayName: '陈静', role: 'approver', kind: 'person', disabled: false, createdBy: 'test-admin' });
      const [row] = await api.db.writer('users').where({ username: 'chen.jing' });
      expect(row.password_hash).to.match(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      expect(row.password_hash).to.not.contain(PASSWORD);
      const audit = await api.db.writer('audit_log').where({ action: 'user.create' });
      expect(audit).to.have.length(1);
      expect(audit[0]).to.include({ actor: 'test-admin', target: `users/${res.body.id}` });
      expect(audit[0].detail).to.not.contain(PASSWORD);
    });

    it('lists users by page, people and the service users that hold the tokens', async () => {
      await createPerson(api, 'chen.jing', 'approver');
      const first = await api.as('admin').get('/users?limit=3');
      expect(first.status).to.equal(200);
      expect(first.body.users.map((u: { username: string }) => u.username)).to.deep.equal(['test-admin', 'test-fund_manager', 'test-risk_officer']);
      const rest = await api.as('admin').get(`/users?cursor=${first.body.nextCursor}`);
      expect(rest.body.users.map((u: { username: string; kind: string }) => `${u.username}:${u.kind}`)).to.deep.equal([
        'test-viewer:service',
        'test-approver:person',
        'chen.jing:person',
      ]);
      expect(rest.body.nextCursor).to.equal(null);
      expect(JSON.stringify([first.body, rest.body])).to.not.match(/scrypt|password/i);
    });

    it('refuses a malformed user with 400 and a taken username (any case) with 409, writing nothing', async () => {
      await createPerson(api, 'chen.jing', 'approver');
      const before = await api.db.writer('users').count({ n: '*' }).first();
      const cases: Array<[object, number, string, string]> = [
        [{ username: 'CHEN.JING', displayName: 'x', role: 'viewer', password: PASSWORD }, 409, 'CONFLICT', ''],
        [{ username: 'has space', displayName: 'x', role: 'viewer', password: PASSWORD }, 400, 'VALIDATION_FAILED', 'username'],
        [{ username: '-dash', displayName: 'x', role: 'viewer', password: PASSWORD }, 400, 'VALIDATION_FAILED', 'username'],
        [{ username: 'ok', displayName: 'x', role: 'root', password: PASSWORD }, 400, 'VALIDATION_FAILED', 'role'],
        [{ username: 'ok', displayName: 'x', role: 'viewer', password: 'short' }, 400, 'VALIDATION_FAILED', 'password'],
        [{ username: 'ok', displayName: 'x', role: 'viewer', password: '十一个字中文密码不够长' }, 400, 'VALIDATION_FAILED', 'password'],
        [{ username: 'ok', displayName: '   ', role: 'viewer', password: PASSWORD }, 400, 'VALIDATION_FAILED', 'displayName'],
        [{ username: 'ok', displayName: 'x', role: 'viewer' }, 400, 'VALIDATION_FAILED', 'password'],
        [{ username: 'ok', displayName: 'x', role: 'viewer', password: PASSWORD, admin: true }, 400, 'VALIDATION_FAILED', 'admin'],
        [{ username: 'ok', displayName: 'x', role: 'viewer', password: 'x'.repeat(257) }, 400, 'VALIDATION_FAILED', 'password'],
      ];
      for (const [body, status, code, field] of cases) {
        const problem = expectProblem(await api.as('admin').post('/users', body), status, code);
        if (field) expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).to.include(field);
      }
      expect(await api.db.writer('users').count({ n: '*' }).first()).to.deep.equal(before);
    });

    it('accepts a Chinese username and a twelve-character Chinese passphrase', async () => {
      await createPerson(api, '王芳', 'viewer', '十二个字的中文密码足够长了');
      expect((await signIn(api, '王芳', '十二个字的中文密码足够长了')).csrfToken).to.be.a('string');
    });

    it('answers 404 for an unknown user id', async () => {
      expectProblem(await api.as('admin').get('/users/999'), 404, 'NOT_FOUND');
      expectProblem(await api.as('admin').post('/users/999/disable'), 404, 'NOT_FOUND');
      expectProblem(await api.as('admin').post('/users/999/password-reset', { password: PASSWORD }), 404, 'NOT_FOUND');
    });
  });

  describe('passwords', () => {
    beforeEach(async () => {
      api = await testApi();
    });

    it('an admin reset sets a new password and ends the user\'s sessions', async () => {
      const id = await createPerson(api, 'li.wei', 'fund_manager');
      const b = await signIn(api, 'li.wei');
      expect((await api.as('admin').post(`/users/${id}/password-reset`, { password: 'a brand new passphrase' })).status).to.equal(200);
      expectProblem(await b.get('/auth/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await request(api.app).post('/api/v1/auth/login').send({ username: 'li.wei', password: PASSWORD }), 401, 'UNAUTHENTICATED');
      expect((await signIn(api, 'li.wei', 'a brand new passphrase')).csrfToken).to.be.a('string');
    });

    it('a reset gives a service user a password, and it signs in as a person from then on', async () => {
      const service = (await api.as('admin').get('/users')).body.users.find((u: { username: string }) => u.username === 'test-viewer');
      const res = await api.as('admin').post(`/users/${service.id}/password-reset`, { password: PASSWORD });
      expect(res.body).to.include({ kind: 'person' });
      expect((await signIn(api, 'test-viewer')).csrfToken).to.be.a('string');
    });

    it('a user changes their own password: the wrong current one is 403, a short new one 400; success ends their other sessions only', async () => {
      await createPerson(api, 'li.wei', 'fund_manager');
      const here = await signIn(api, 'li.wei');
      const elsewhere = await signIn(api, 'li.wei');
      expectProblem(await here.post('/auth/password', { currentPassword: 'not my password', newPassword: 'a brand new passphrase' }), 403, 'CURRENT_PASSWORD_WRONG');
      expectProblem(await here.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }), 400, 'VALIDATION_FAILED');
      const changed = await here.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' });
      expect(changed.status).to.equal(200);
      expect((await here.get('/auth/me')).status).to.equal(200);
      expectProblem(await elsewhere.get('/auth/me'), 401, 'UNAUTHENTICATED');
      expect((await signIn(api, 'li.wei', 'a brand new passphrase')).csrfToken).to.be.a('string');
      const audit = await api.db.writer('audit_log').where({ action: 'user.change_password' }).select('actor');
      expect(audit).to.deep.equal([{ actor: 'li.wei' }]);
    });
  });

  describe('secrets in answers and logs', () => {
    it('never puts a password, a session secret or a CSRF token in any answer body or log line', async () => {
      const lines: string[] = [];
      const sink = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      });
      api = await testApi({ logger: pino({ level: 'trace' }, sink) });
      const secrets = [PASSWORD, 'second long passphrase', 'a wrong password guess', 'short'];
      const bodies: string[] = [];
      const keep = (res: request.Response) => {
        bodies.push(res.text);
        return res;
      };
      keep(await api.as('admin').post('/users', { username: 'li.wei', displayName: '李伟', role: 'viewer', password: PASSWORD }));
      keep(await api.as('admin').post('/users', { username: 'li.wei', displayName: '李伟', role: 'viewer', password: PASSWORD }));
      keep(await api.as('admin').post('/users', { username: 'li.na', displayName: '李娜', role: 'viewer', password: 'short' }));
      keep(await request(api.app).post('/api/v1/auth/login').send({ username: 'li.wei', password: 'a wrong password guess' }));
      const login = keep(await request(api.app).post('/api/v1/auth/login').send({ username: 'li.wei', password: PASSWORD }));
      const cookie = String((login.headers['set-cookie'] as unknown as string[])[0]).split(';')[0];
      const csrf = login.body.csrfToken as string;
      keep(await request(api.app).post('/api/v1/auth/password').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ currentPassword: PASSWORD, newPassword: 'second long passphrase' }));
      keep(await request(api.app).post('/api/v1/auth/password').set('Cookie', cookie).set('X-CSRF-Token', csrf).send({ currentPassword: 'a wrong password guess', newPassword: 'short' }));
      keep(await request(api.app).post('/api/v1/auth/logout').set('Cookie', cookie).set('X-CSRF-Token', csrf));
      expect(lines.length).to.be.greaterThan(5);
      const log = lines.join('');
      const sessionSecret = cookie.split('=')[1];
      for (const secret of [...secrets.filter((s) => s !== 'short'), sessionSecret, csrf]) expect(log).to.not.contain(secret);
      for (const secret of secrets) for (const body of bodies) expect(body).to.not.contain(secret);
      expect(bodies.join('')).to.not.match(/scrypt|passwordHash|password_hash/);
      const audit = JSON.stringify(await api.db.writer('audit_log').select());
      for (const secret of [...secrets.filter((s) => s !== 'short'), sessionSecret, csrf]) expect(audit).to.not.contain(secret);
    });
  });
});
