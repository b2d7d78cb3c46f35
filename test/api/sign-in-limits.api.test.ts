import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { createPerson, PASSWORD, signIn } from '../helpers/sessions';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * Issue 22 item 4: the sign-in limits were a denial of service. Five wrong passwords from another
 * address made the victim's right password answer 429 for 448 s; 21 failures from one address
 * blocked everyone behind it. Now each (account, address) pair backs off on its own, a pair that
 * signed in before is exempt from the global limits, and the global limits still stop brute force.
 * Addresses are real: requests leave from different loopback addresses (127.0.0.x).
 */
describe(`sign-in limits without lockout (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: http.Server;
  let port: number;

  async function start(env: Record<string, string>): Promise<void> {
    api = await testApi({ env: { PHOENIX_SIGNIN_WINDOW_MINUTES: '15', ...env } });
    await createPerson(api, 'li.wei', 'fund_manager');
    await createPerson(api, 'zhao.lei', 'viewer');
    server = http.createServer(api.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await api.dispose();
  });

  /** POST /auth/login from `from` (a loopback address), as a browser there would send it. */
  const loginFrom = (from: string, username: string, password: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify({ username, password });
      const req = http.request(
        { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/v1/auth/login', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const expectStatus = (answer: Answer, status: number, code?: string) => {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(status);
    if (code) expect(answer.body.code).to.equal(code);
  };

  describe('another address cannot lock a user out', () => {
    beforeEach(() => start({ PHOENIX_SIGNIN_ACCOUNT_LIMIT: '3', PHOENIX_SIGNIN_ADDRESS_LIMIT: '1000' }));

    it('five wrong passwords from elsewhere leave the right one from a known address working', async () => {
      // Li has signed in from 127.0.0.2 before.
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', PASSWORD), 200);
      for (let i = 0; i < 3; i++) expectStatus(await loginFrom('127.0.0.9', 'li.wei', `guess ${i}!!!!!!`), 401, 'UNAUTHENTICATED');
      // The attacker is held back: the account's global limit applies to an address it never signed in from.
      const held = await loginFrom('127.0.0.9', 'Li.Wei', 'guess 4!!!!!!');
      expectStatus(held, 429, 'TOO_MANY_REQUESTS');
      expect(Number(held.headers['retry-after'])).to.be.greaterThan(0);
      expectStatus(await loginFrom('127.0.0.9', 'li.wei', 'guess 5!!!!!!'), 429);
      // The victim, from the address they signed in from, is not.
      const victim = await loginFrom('127.0.0.2', 'li.wei', PASSWORD);
      expectStatus(victim, 200);
      expect(String(victim.headers['set-cookie'])).to.match(/phoenix_session=/);
      // A first sign-in from a new address waits out the global limit, as brute force from there would.
      expectStatus(await loginFrom('127.0.0.3', 'li.wei', PASSWORD), 429, 'TOO_MANY_REQUESTS');
    });

    it('a live session and a token keep working whatever is tried against the account', async () => {
      const session = await signIn(api, 'li.wei');
      const token = (await session.post('/auth/tokens', { name: 'li-script' })).body.token as string;
      for (let i = 0; i < 20; i++) await loginFrom('127.0.0.9', 'li.wei', 'still guessing....');
      expect((await session.get('/auth/me')).status).to.equal(200);
      expect((await session.post('/investors', { code: 'LP-L', name: '出资人', category: 'private', capitalClass: 'social' })).status).to.equal(201);
      expect((await request(api.app).get('/api/v1/journal').set('Authorization', `Bearer ${token}`)).status).to.equal(200);
      // Another account from the attacker's address signs in as usual.
      expectStatus(await loginFrom('127.0.0.9', 'zhao.lei', PASSWORD), 200);
    });
  });

  describe('one (account, address) pair backs off on its own', () => {
    beforeEach(() => start({ PHOENIX_SIGNIN_PAIR_LIMIT: '3', PHOENIX_SIGNIN_ACCOUNT_LIMIT: '1000', PHOENIX_SIGNIN_ADDRESS_LIMIT: '1000' }));

    it('after the pair limit each attempt waits twice as long, and the right password after the wait signs in', async () => {
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', PASSWORD), 200);
      for (let i = 0; i < 3; i++) expectStatus(await loginFrom('127.0.0.2', 'li.wei', `typo ${i}!!!!!!!`), 401);
      const first = await loginFrom('127.0.0.2', 'li.wei', PASSWORD);
      expectStatus(first, 429, 'TOO_MANY_REQUESTS');
      expect(first.headers['retry-after']).to.equal('1');
      expect(String(first.body.detail)).to.match(/for this account from this address/);
      // The same account from another address, and another account from this one, are untouched.
      expectStatus(await loginFrom('127.0.0.3', 'li.wei', PASSWORD), 200);
      expectStatus(await loginFrom('127.0.0.2', 'zhao.lei', PASSWORD), 200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', 'typo 3!!!!!!!'), 401);
      const second = await loginFrom('127.0.0.2', 'li.wei', PASSWORD);
      expect(second.headers['retry-after']).to.equal('2');
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', PASSWORD), 200);
      // A success clears the back-off.
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', 'typo 5!!!!!!!'), 401);
      expectStatus(await loginFrom('127.0.0.2', 'li.wei', PASSWORD), 200);
    });

    it('counts wrong current passwords of a password change against the pair', async () => {
      const session = await signIn(api, 'li.wei');
      for (let i = 0; i < 3; i++) {
        expectProblem(await session.post('/auth/password', { currentPassword: `wrong guess ${i}!!`, newPassword: 'a new long passphrase' }), 403, 'CURRENT_PASSWORD_WRONG');
      }
      expectProblem(await session.post('/auth/password', { currentPassword: PASSWORD, newPassword: 'a new long passphrase' }), 429, 'TOO_MANY_REQUESTS');
      expect((await session.get('/auth/me')).status).to.equal(200);
    });
  });

  describe('one address cannot lock out everyone behind it', () => {
    beforeEach(() => start({ PHOENIX_SIGNIN_ACCOUNT_LIMIT: '1000', PHOENIX_SIGNIN_ADDRESS_LIMIT: '4' }));

    it('an address guessing many accounts is slowed for accounts new to it; those who signed in from it before are not', async () => {
      expectStatus(await loginFrom('127.0.0.5', 'li.wei', PASSWORD), 200);
      for (let i = 0; i < 4; i++) expectStatus(await loginFrom('127.0.0.5', `user${i}`, 'a guessed password'), 401, 'UNAUTHENTICATED');
      const stranger = await loginFrom('127.0.0.5', 'zhao.lei', PASSWORD);
      expectStatus(stranger, 429, 'TOO_MANY_REQUESTS');
      expect(String(stranger.body.detail)).to.match(/from this address/);
      expectStatus(await loginFrom('127.0.0.5', 'li.wei', PASSWORD), 200);
      // Elsewhere nothing changed.
      expectStatus(await loginFrom('127.0.0.6', 'zhao.lei', PASSWORD), 200);
      expect((await api.as('viewer').get('/journal')).status).to.equal(200);
    });
  });
});
