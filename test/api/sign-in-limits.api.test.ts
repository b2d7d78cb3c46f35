import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { createPerson, PASSWORD, signIn } from '../helpers/sessions';

const login = (api: TestApi, username: string, password: string) => request(api.app).post('/api/v1/auth/login').send({ username, password });

describe(`sign-in limits without lockout (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  afterEach(() => api.dispose());

  describe('per account', () => {
    beforeEach(async () => {
      api = await testApi({ env: { PHOENIX_SIGNIN_ACCOUNT_LIMIT: '3', PHOENIX_SIGNIN_ADDRESS_LIMIT: '1000' } });
      await createPerson(api, 'li.wei', 'fund_manager');
      await createPerson(api, 'zhao.lei', 'viewer');
    });

    it('slows further password attempts for the account (429, Retry-After) while its live session and token keep working', async () => {
      const session = await signIn(api, 'li.wei');
      // Li issues the script's token themselves, signed in (no one issues a token in another's name).
      const token = (await session.post('/auth/tokens', { name: 'li-script' })).body.token as string;
      for (let i = 0; i < 3; i++) expectProblem(await login(api, 'li.wei', `wrong guess ${i}!!`), 401, 'UNAUTHENTICATED');
      for (const password of ['another wrong guess', PASSWORD]) {
        const limited = await login(api, 'Li.Wei', password);
        expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
        expect(Number(limited.headers['retry-after'])).to.be.greaterThan(0);
        expect(limited.headers['set-cookie']).to.equal(undefined);
      }
      // Many more failures change nothing for the live credentials.
      for (let i = 0; i < 20; i++) await login(api, 'li.wei', 'still guessing....');
      expect((await session.get('/auth/me')).status).to.equal(200);
      expect((await session.post('/investors', { code: 'LP-L', name: '出资人', category: 'private', capitalClass: 'social' })).status).to.equal(201);
      expect((await request(api.app).get('/api/v1/journal').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      // Another account from the same address signs in as usual.
      expect((await login(api, 'zhao.lei', PASSWORD)).status).to.equal(200);
    });

    it('counts wrong current passwords of a password change against the account', async () => {
      const session = await signIn(api, 'li.wei');
      for (let i = 0; i < 3; i++) {
        expectProblem(await session.post('/auth/password', { currentPassword: `wrong guess ${i}!!`, newPassword: 'a new long passphrase' }), 403, 'CURRENT_PASSWORD_WRONG');
      }
      expectProblem(await session.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'a new long passphrase' }), 429, 'TOO_MANY_REQUESTS');
      expect((await session.get('/auth/me')).status).to.equal(200);
    });
  });

  describe('per address', () => {
    beforeEach(async () => {
      api = await testApi({ env: { PHOENIX_SIGNIN_ACCOUNT_LIMIT: '1000', PHOENIX_SIGNIN_ADDRESS_LIMIT: '4' } });
      await createPerson(api, 'li.wei', 'fund_manager');
    });

    it('slows password attempts from an address trying many accounts; valid sessions and tokens from it keep working', async () => {
      const session = await signIn(api, 'li.wei');
      for (let i = 0; i < 4; i++) expectProblem(await login(api, `user${i}`, 'a guessed password'), 401, 'UNAUTHENTICATED');
      const limited = await login(api, 'li.wei', PASSWORD);
      expectProblem(limited, 429, 'TOO_MANY_REQUESTS');
      expect(limited.body.detail).to.match(/address/);
      expect((await session.get('/auth/me')).status).to.equal(200);
      expect((await api.as('viewer').get('/journal')).status).to.equal(200);
    });
  });
});
