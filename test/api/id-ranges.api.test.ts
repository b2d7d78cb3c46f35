import { expect } from 'chai';
import request from 'supertest';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference } from '../helpers/fund-scenario';
import type { Role } from '../../src/domain/access/roles';

const INT4_PAST = '2147483648';
const SAFE_PAST = '9007199254740992';

/**
 * Issue 22 item 4: PostgreSQL answered 500 for ids of 2^31 and more on 19 routes (int4 columns),
 * SQLite 404/400. Every id and cursor is now checked against its column's range at the schema:
 * past it a 400 on both databases; inside it a 404 for a row that does not exist.
 */
describe(`ids and cursors past their column's range (${TEST_DIALECT})`, () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
    await seedReference(api);
  });
  after(() => api.dispose());

  const send = (role: Role, method: 'get' | 'post' | 'delete', path: string, body?: object) => {
    const test = request(api.app)[method](`/api/v1${path}`).set('Authorization', `Bearer ${api.tokens[role]}`);
    return body === undefined ? test : test.send(body);
  };

  /** [role, method, path with ID, body, the id's column: int4 or bigint] */
  const ROUTES: Array<[Role, 'get' | 'post' | 'delete', string, object | undefined, 'int4' | 'bigint']> = [
    ['approver', 'get', '/proposals/ID', undefined, 'int4'],
    ['approver', 'post', '/proposals/ID/approve', {}, 'int4'],
    ['approver', 'post', '/proposals/ID/reject', { comment: 'no' }, 'int4'],
    ['viewer', 'get', '/documents/ID', undefined, 'int4'],
    ['admin', 'delete', '/tokens/ID', undefined, 'int4'],
    ['admin', 'get', '/users/ID', undefined, 'int4'],
    ['admin', 'post', '/users/ID/disable', undefined, 'int4'],
    ['admin', 'post', '/users/ID/enable', undefined, 'int4'],
    ['admin', 'post', '/users/ID/password-reset', { password: 'a long enough passphrase' }, 'int4'],
    ['viewer', 'get', '/journal/ID', undefined, 'bigint'],
    ['fund_manager', 'post', '/journal/ID/reversal', { reason: 'entered twice' }, 'bigint'],
    ['viewer', 'get', '/screenings/ID', undefined, 'bigint'],
    ['viewer', 'get', '/capital-calls/ID', undefined, 'bigint'],
    ['fund_manager', 'post', '/capital-calls/ID/payments', { investor: 'PHX', amount: '1.00', date: '2019-01-01' }, 'bigint'],
    ['viewer', 'get', '/investments/ID', undefined, 'bigint'],
    ['fund_manager', 'post', '/investments/ID/exits', { kind: 'income', proceeds: '1.00', date: '2019-01-01' }, 'bigint'],
    ['fund_manager', 'post', '/investments/ID/valuations', { fairValue: '1.00', date: '2019-01-01' }, 'bigint'],
    ['viewer', 'get', '/capital-calls/ID/notices/PHX', undefined, 'bigint'],
    ['viewer', 'get', '/distributions/ID/notices/PHX', undefined, 'bigint'],
  ];

  for (const [role, method, path, body, column] of ROUTES) {
    it(`${method.toUpperCase()} ${path}: past the ${column} range a 400, inside it a 404, never a 5xx`, async () => {
      const past = column === 'int4' ? INT4_PAST : SAFE_PAST;
      const refused = await send(role, method, path.replace('ID', past), body);
      expect(refused.status, refused.text).to.equal(400);
      expect(refused.body.code).to.equal('VALIDATION_FAILED');
      // The largest id of the column: no such row.
      const largest = column === 'int4' ? '2147483647' : column === 'bigint' ? INT4_PAST : '';
      const missing = await send(role, method, path.replace('ID', largest), body);
      expect(missing.status, missing.text).to.equal(404);
    });
  }

  for (const [role, path, column] of [
    ['admin', '/users', 'int4'],
    ['viewer', '/documents', 'int4'],
    ['approver', '/proposals', 'int4'],
    ['viewer', '/journal', 'bigint'],
    ['admin', '/audit', 'bigint'],
    ['viewer', '/screenings', 'bigint'],
  ] as Array<[Role, string, 'int4' | 'bigint']>) {
    it(`GET ${path}?cursor=: past the ${column} range a 400; the largest cursor an empty page`, async () => {
      const refused = await send(role, 'get', `${path}?cursor=${column === 'int4' ? INT4_PAST : SAFE_PAST}`);
      expect(refused.status, refused.text).to.equal(400);
      const empty = await send(role, 'get', `${path}?cursor=${column === 'int4' ? '2147483647' : INT4_PAST}`);
      expect(empty.status, empty.text).to.equal(200);
      expect(empty.body.nextCursor).to.equal(null);
    });
  }
});
