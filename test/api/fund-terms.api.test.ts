import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference, STANDARD_TERMS, TEST_INVESTORS } from '../helpers/fund-scenario';
import type { Role } from '../../src/domain/access/roles';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Body = Record<string, any>;

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
}

const TERMS = { ...STANDARD_TERMS, governmentProfitShare: { cededFraction: '0.50' }, lateInterestRate: '0.0005' };

describe(`fund terms (${TEST_DIALECT})`, () => {
  let api: TestApi;
  const put = (role: Role, path: string, body: unknown) =>
    request(api.app).put(`/api/v1${path}`).set('Authorization', `Bearer ${api.tokens[role]}`).send(body as object);
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };
  const termsRows = async () => Number((await api.db.reader('fund_terms').count({ n: '*' }).first())!.n);

  beforeEach(async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    for (const investor of TEST_INVESTORS) await ok(m.post('/investors', investor));
    await ok(m.post('/investors', { code: 'MGR-A', name: '凤凰基金管理人（测试）', category: 'manager', capitalClass: 'social' }));
    await ok(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
  });
  afterEach(() => api.dispose());

  it('stores versions append-only and reads the one in force at a date', async () => {
    const first = await ok(put('fund_manager', '/funds/PHX-RELIEF/terms', TERMS));
    expect(first).to.deep.include({ ...TERMS, fund: 'PHX-RELIEF', version: 1, actor: 'test-fund_manager' });
    const second = await ok(put('admin', '/funds/PHX-RELIEF/terms', { ...TERMS, effectiveFrom: '2021-01-01', carry: '0.15' }));
    expect(second).to.include({ version: 2, carry: '0.15' });

    const viewer = api.as('viewer');
    expect((await ok(viewer.get('/funds/PHX-RELIEF/terms?asOf=2020-06-30'), 200))).to.include({ version: 1, carry: '0.20' });
    expect((await ok(viewer.get('/funds/PHX-RELIEF/terms?asOf=2021-01-01'), 200))).to.include({ version: 2, carry: '0.15' });
    expect((await ok(viewer.get('/funds/PHX-RELIEF/terms'), 200))).to.include({ version: 2 });
    expectProblem(await viewer.get('/funds/PHX-RELIEF/terms?asOf=2018-12-31'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/funds/PHX-MA/terms'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/funds/NOPE/terms'), 404, 'NOT_FOUND');

    // The history lists every version, oldest first, and names the one in force.
    const history = await ok(viewer.get('/funds/PHX-RELIEF/terms/versions?asOf=2020-06-30'), 200);
    expect(history).to.include({ fund: 'PHX-RELIEF', asOf: '2020-06-30', inForce: 1 });
    expect(history.versions.map((v: Body) => [v.version, v.effectiveFrom, v.carry])).to.deep.equal([
      [1, '2019-01-01', '0.20'],
      [2, '2021-01-01', '0.15'],
    ]);
    expect((await ok(viewer.get('/funds/PHX-RELIEF/terms/versions'), 200)).inForce).to.equal(2);
    expect((await ok(viewer.get('/funds/PHX-RELIEF/terms/versions?asOf=2018-12-31'), 200)).inForce).to.equal(null);
    expect(await ok(viewer.get('/funds/PHX-MA/terms/versions'), 200)).to.deep.include({ inForce: null, versions: [] });
    expectProblem(await viewer.get('/funds/NOPE/terms/versions'), 404, 'NOT_FOUND');
    expectProblem(await viewer.get('/funds/PHX-RELIEF/terms/versions?asOf=2020-02-30'), 400, 'VALIDATION_FAILED');
  });

  it('keeps stored versions from being edited or deleted, in the database itself', async () => {
    await ok(put('fund_manager', '/funds/PHX-RELIEF/terms', TERMS));
    let refused = 0;
    for (const attempt of [() => api.db.writer('fund_terms').update({ actor: 'x' }), () => api.db.writer('fund_terms').delete()]) {
      try {
        await attempt();
      } catch {
        refused += 1;
      }
    }
    expect(refused).to.equal(2);
    expect((await ok(api.as('viewer').get('/funds/PHX-RELIEF/terms'), 200)).actor).to.equal('test-fund_manager');
  });

  it('refuses a manager that is not of category manager, bad shapes and impossible terms, writing nothing', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ ...TERMS, manager: 'BANK-A' }, 422, 'NOT_A_MANAGER'],
      [{ ...TERMS, manager: 'NOBODY' }, 404, 'NOT_FOUND'],
      [{ ...TERMS, managementFee: { ...TERMS.managementFee, exempt: ['NOBODY'] } }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, carry: 0.2 }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, hurdleRate: '1.5' }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, hurdleRate: '0.0800000' }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, effectiveFrom: '2019-02-30' }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, catchUp: '0.10' }, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, carry: '1' , catchUp: '0'}, 400, 'VALIDATION_FAILED'],
      [{ ...TERMS, surprise: true }, 400, 'VALIDATION_FAILED'],
      [withoutKey(TERMS, 'equalisationRate'), 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, status, code] of cases) expectProblem(await put('fund_manager', '/funds/PHX-RELIEF/terms', body), status, code);
    expectProblem(await put('fund_manager', '/funds/NOPE/terms', TERMS), 404, 'NOT_FOUND');
    expectProblem(await put('viewer', '/funds/PHX-RELIEF/terms', TERMS), 403, 'FORBIDDEN');
    expectProblem(await put('risk_officer', '/funds/PHX-RELIEF/terms', TERMS), 403, 'FORBIDDEN');
    expect(await termsRows()).to.equal(0);
  });

  it('takes a later closing’s equalisation interest from the terms in force on the commitment date', async () => {
    const m = api.as('fund_manager');
    await ok(put('fund_manager', '/funds/PHX-RELIEF/terms', TERMS));
    await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '400000000.00', date: '2019-01-15' }));
    await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '40000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    // 30,000,000 catch-up × 6% × 28 days (02-01 → 03-01) / 365 = 138,082.19, all to BANK-A.
    const b = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SEC-A', amount: '300000000.00', date: '2019-03-01' }));
    expect(b.equalisation).to.deep.include({ catchUp: '30000000.00', interest: '138082.19' });
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = (await api.as('viewer').get('/openapi.json')).body as Body;
    expect(Object.keys(doc.paths['/funds/{code}/terms'])).to.have.members(['put', 'get']);
    expect(Object.keys(doc.paths['/funds/{code}/terms/versions'])).to.have.members(['get']);
  });
});
