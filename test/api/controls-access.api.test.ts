import { expect } from 'chai';
import request from 'supertest';
import { ROLES, type Role } from '../../src/domain/access/roles';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');
const READERS: Role[] = ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'];

/**
 * Every route of approvals, documents and periods, for no token and for every role: 401 without a
 * token, 403 for a role the route does not allow, and a 2xx for each role it does.
 */
describe(`who may use the approval, document and period routes (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let api: TestApi;
  let proposalId: number;
  let documentId: number;
  let month = 0;
  before(async () => {
    api = await testApi({ env: { PHOENIX_APPROVALS: 'on' } });
    await fundedScenario(api);
    proposalId = await newProposal();
    documentId = (await send('admin', 'post', '/documents', PDF, 'application/pdf')).body.id;
  });
  after(() => api.dispose());

  function send(role: Role | null, method: 'get' | 'post' | 'put', path: string, body?: object | Buffer, type = 'application/json') {
    let req = request(api.app)[method](`/api/v1${path}`);
    if (role) req = req.set('Authorization', `Bearer ${api.tokens[role]}`);
    return body === undefined ? req : req.set('Content-Type', type).send(body as object);
  }
  async function newProposal(): Promise<number> {
    const res = await send('fund_manager', 'post', '/funds/PHX/distributions', { amount: '100.00', date: '2019-02-01' });
    expect(res.status, res.text).to.equal(202);
    return res.body.proposal.id;
  }
  /** The next month end, so each allowed close moves the close forward. */
  const nextMonthEnd = () => ['2019-01-31', '2019-02-28', '2019-03-31', '2019-04-30', '2019-05-31', '2019-06-30'][month++];

  const routes: Array<{ route: string; allowed: Role[]; call(role: Role | null): Promise<request.Response> }> = [
    { route: 'GET /funds/{code}/approval-policy', allowed: READERS, call: (r) => send(r, 'get', '/funds/PHX/approval-policy') },
    { route: 'PUT /funds/{code}/approval-policy', allowed: ['admin'], call: (r) => send(r, 'put', '/funds/PHX/approval-policy', { actions: ['distribution', 'reversal'], requiredApprovals: 1 }) },
    { route: 'POST /funds/{code}/distributions (proposed)', allowed: ['admin', 'fund_manager'], call: (r) => send(r, 'post', '/funds/PHX/distributions', { amount: '100.00', date: '2019-02-01' }) },
    { route: 'GET /proposals', allowed: READERS, call: (r) => send(r, 'get', '/proposals?status=pending') },
    { route: 'GET /proposals/{id}', allowed: READERS, call: (r) => send(r, 'get', `/proposals/${proposalId}`) },
    { route: 'POST /proposals/{id}/approve', allowed: ['approver'], call: async (r) => send(r, 'post', `/proposals/${await newProposal()}/approve`, {}) },
    { route: 'POST /proposals/{id}/reject', allowed: ['approver'], call: async (r) => send(r, 'post', `/proposals/${await newProposal()}/reject`, { comment: 'no' }) },
    { route: 'POST /documents', allowed: ['admin', 'fund_manager', 'approver'], call: (r) => send(r, 'post', '/documents?name=minutes.pdf', PDF, 'application/pdf') },
    { route: 'GET /documents', allowed: READERS, call: (r) => send(r, 'get', '/documents') },
    { route: 'GET /documents/{id}', allowed: READERS, call: (r) => send(r, 'get', `/documents/${documentId}`) },
    { route: 'GET /funds/{code}/periods', allowed: READERS, call: (r) => send(r, 'get', '/funds/YH-IF/periods') },
    { route: 'POST /funds/{code}/periods/close', allowed: ['admin', 'fund_manager'], call: (r) => send(r, 'post', '/funds/YH-IF/periods/close', { through: nextMonthEnd() }) },
    { route: 'POST /funds/{code}/periods/reopen', allowed: ['admin'], call: (r) => send(r, 'post', '/funds/YH-IF/periods/reopen', { from: '2019-01-01', reason: 'restated' }) },
  ];

  for (const { route, allowed, call } of routes) {
    it(`${route}: 401 without a token, 2xx for ${allowed.join(', ')}, 403 for the others`, async () => {
      const anonymous = await call(null);
      expect(anonymous.status, `${route} without a token`).to.equal(401);
      for (const role of ROLES) {
        const res = await call(role);
        if (allowed.includes(role)) {
          expect(res.status, `${route} as ${role}: ${res.text}`).to.be.within(200, 299);
        } else {
          expect([res.status, res.body.code], `${route} as ${role}`).to.deep.equal([403, 'FORBIDDEN']);
        }
      }
    });
  }
});
