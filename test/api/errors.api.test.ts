import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { post, transfer } from '../helpers/ledger-builders';
import { problemFromDomain } from '../../src/http/problem';
import { DomainError } from '../../src/domain/errors';

describe(`bad input is a clear 4xx problem that writes nothing (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await post(api.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '100.00'));
  });
  afterEach(() => api.dispose());

  const entryCount = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }).first())?.n);
  const reversal = () => request(api.app).post('/api/v1/journal/1/reversal').set('Authorization', `Bearer ${api.tokens.fund_manager}`);

  const cases: Array<[string, (r: request.Test) => request.Test, number, string, string?]> = [
    ['malformed JSON', (r) => r.set('Content-Type', 'application/json').send('{"reason": '), 400, 'MALFORMED_JSON'],
    ['a JSON array instead of an object', (r) => r.send([1, 2]), 400, 'VALIDATION_FAILED'],
    ['a wrong type', (r) => r.send({ reason: 12 }), 400, 'VALIDATION_FAILED', 'reason'],
    ['an empty reason', (r) => r.send({ reason: '' }), 400, 'VALIDATION_FAILED', 'reason'],
    ['an unknown field', (r) => r.send({ reason: 'x', amount: '1.00' }), 400, 'VALIDATION_FAILED', 'amount'],
    ['an impossible date', (r) => r.send({ reason: 'x', date: '2019-02-29' }), 400, 'VALIDATION_FAILED', 'date'],
    ['a prototype-pollution key', (r) => r.set('Content-Type', 'application/json').send('{"reason":"x","__proto__":{"admin":true}}'), 400, 'VALIDATION_FAILED', '__proto__'],
    ['a missing body', (r) => r, 400, 'VALIDATION_FAILED', 'body'],
    ['a form body', (r) => r.type('form').send('reason=x'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an oversized body', (r) => r.send({ reason: 'x'.repeat(70_000) }), 413, 'PAYLOAD_TOO_LARGE'],
    ['an Idempotency-Key with spaces', (r) => r.set('Idempotency-Key', 'my key').send({ reason: 'x' }), 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
    ['an overlong Idempotency-Key', (r) => r.set('Idempotency-Key', 'k'.repeat(201)).send({ reason: 'x' }), 400, 'VALIDATION_FAILED', 'Idempotency-Key'],
  ];
  for (const [name, build, status, code, field] of cases) {
    it(`${name} → ${status} ${code}`, async () => {
      const body = expectProblem(await build(reversal()), status, code);
      expect(body).to.include.keys('type', 'title', 'status', 'detail', 'requestId');
      if (field) expect((body.errors as Array<{ field: string }>).map((e) => e.field)).to.include(field);
      expect(await entryCount()).to.equal(1);
    });
  }

  it('an unknown query parameter is named', async () => {
    const body = expectProblem(await api.as('viewer').get('/journal?fnd=PHX'), 400, 'VALIDATION_FAILED');
    expect(body.errors).to.deep.equal([{ field: 'fnd', message: 'is not an accepted field' }]);
  });

  it('an unknown route is a 404 problem', async () => {
    expectProblem(await api.as('viewer').get('/nothing-here'), 404, 'NOT_FOUND');
  });

  it('the OpenAPI document lists every route with its schemas', async () => {
    const res = await request(api.app).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body.openapi).to.equal('3.1.0');
    expect(res.body.paths).to.include.keys('/health', '/journal', '/journal/{id}', '/journal/{id}/reversal', '/ledger/trial-balance', '/ledger/verify');
    expect(res.body.paths['/journal/{id}/reversal'].post.requestBody.content['application/json'].schema.required).to.deep.equal(['reason']);
  });
});

describe('problem details', () => {
  it('never let a refusal’s details replace the standard members', () => {
    const problem = problemFromDomain(new DomainError('FUND_NOT_ACTIVE', 'x', { status: 'planned', code: 'X', type: 'y' }), 'r');
    expect(problem).to.include({ status: 422, code: 'FUND_NOT_ACTIVE', type: '/problems/fund-not-active' });
  });
});
