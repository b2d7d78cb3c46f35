import { expect } from 'chai';
import { createToken } from '../../src/application/token-service';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { personToken } from '../helpers/people';

/** A clock the test moves by hand, for proposal expiry. */
function movableClock(start = new Date()) {
  let now = start;
  return { now: () => now, advanceHours: (h: number) => (now = new Date(now.getTime() + h * 3_600_000)) };
}

describe(`investment-committee approvals (${TEST_DIALECT})`, function () {
  let api: TestApi;
  let clock: ReturnType<typeof movableClock>;
  beforeEach(async () => {
    clock = movableClock();
    api = await testApi({ clock, env: { PHOENIX_APPROVALS: 'on', PHOENIX_PROPOSAL_TTL_HOURS: '48' } });
    await fundedScenario(api);
  });
  afterEach(() => api.dispose());

  const entryCount = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }).first())?.n);
  const distribution = { amount: '1000000.00', date: '2019-02-01' };
  const tokenFor = async (role: 'approver' | 'fund_manager', name: string) =>
    role === 'approver' ? personToken(api.db, name, role) : (await createToken(api.db, { role, name, createdBy: 'test' })).token;
  const asToken = (token: string) => ({
    post: (path: string, body: object = {}) =>
      import('supertest').then(({ default: request }) => request(api.app).post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body)),
  });

  it('a new fund follows PHOENIX_APPROVALS=on: the usual five actions need one approval', async () => {
    const res = await api.as('viewer').get('/funds/PHX/approval-policy');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ fund: 'PHX', requiredApprovals: 1, source: 'default' });
    expect(res.body.actions).to.have.members(['investment', 'exit', 'distribution', 'management_fee', 'reversal', 'policy']);
  });

  it('a distribution the policy lists answers 202 with a pending proposal and books nothing', async () => {
    const before = await entryCount();
    const res = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    expect(res.status, res.text).to.equal(202);
    expect(res.body.proposal).to.include({ status: 'pending', action: 'distribution', fund: 'PHX', requiredApprovals: 1, approvals: 0, proposer: 'test-fund_manager' });
    expect(res.body.proposal.body).to.deep.equal(distribution);
    expect(await entryCount()).to.equal(before);
    expect((await api.as('viewer').get('/funds/PHX/distributions')).body.distributions).to.deep.equal([]);
    const listed = await api.as('approver').get('/proposals?status=pending');
    expect(listed.body.proposals.map((p: { id: number }) => p.id)).to.deep.equal([res.body.proposal.id]);
  });

  it('an approval by another person books exactly what a direct post books, as the proposer, under the same idempotency key', async () => {
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-2019-02' });
    expect(proposed.status).to.equal(202);
    const approved = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`, { comment: '投委会 2019-01 决议' });
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body).to.include({ status: 'executed', approvals: 1 });
    const entryId = approved.body.result.entryId;
    expect(entryId).to.be.a('number');
    expect(approved.body.result).to.include({ fund: 'PHX', amount: '1000000.00' });
    const entry = (await api.as('viewer').get(`/journal/${entryId}`)).body;
    expect(entry).to.include({ type: 'distribution', actor: 'test-fund_manager', idempotencyKey: 'dist-2019-02', date: '2019-02-01' });

    // The same write posted directly (policy emptied) books the same lines.
    expect((await api.as('admin').put('/funds/PHX/approval-policy', { actions: [], requiredApprovals: 1 })).status).to.equal(200);
    const direct = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    expect(direct.status, direct.text).to.equal(201);
    const directEntry = (await api.as('viewer').get(`/journal/${direct.body.entryId}`)).body;
    expect(directEntry.lines).to.deep.equal(entry.lines);
    expect(directEntry.memo).to.equal(entry.memo);
    expect(direct.body.allocations).to.deep.equal(approved.body.result.allocations);

    // A retry of the proposed request now gets the booking.
    const retry = await api.as('fund_manager').post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-2019-02' });
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.body.entryId).to.equal(entryId);
    const audit = (await api.as('admin').get('/audit?action=distribution.create&limit=100')).body.records as Array<{ actor: string; detail: Record<string, unknown> }>;
    expect(audit.some((r) => r.actor === 'test-fund_manager' && r.detail.entryId === entryId && r.detail.proposal === proposed.body.proposal.id)).to.equal(true);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('the proposer may not approve, even after becoming an approver: 403, and the proposal stays pending', async () => {
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    // The fund manager joins the committee (a role change made in the database: no route changes
    // roles) and is given an approver token: the same person still may not check their own work.
    await api.db.writer('users').where({ username: 'test-fund_manager' }).update({ role: 'approver' });
    const samePerson = (await createToken(api.db, { role: 'approver', name: 'committee seat', user: 'test-fund_manager', createdBy: 'test-fund_manager' })).token;
    const res = await asToken(samePerson).post(`/proposals/${proposed.body.proposal.id}/approve`);
    expectProblem(res, 403, 'FORBIDDEN');
    expect((await api.as('approver').get(`/proposals/${proposed.body.proposal.id}`)).body).to.include({ status: 'pending', approvals: 0 });
  });

  it('a rejection books nothing and closes the proposal; deciding again is 409 PROPOSAL_NOT_PENDING', async () => {
    const before = await entryCount();
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    const id = proposed.body.proposal.id;
    const rejected = await api.as('approver').post(`/proposals/${id}/reject`, { comment: '现金需留作投资' });
    expect(rejected.status).to.equal(200);
    expect(rejected.body).to.include({ status: 'rejected', approvals: 0 });
    expect(rejected.body.decisions[0]).to.include({ person: 'test-approver', decision: 'reject', comment: '现金需留作投资' });
    const other = await tokenFor('approver', 'second-approver');
    expectProblem(await asToken(other).post(`/proposals/${id}/approve`), 409, 'PROPOSAL_NOT_PENDING');
    expect(await entryCount()).to.equal(before);
  });

  it('an expired proposal books nothing and can no longer be decided', async () => {
    const before = await entryCount();
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    clock.advanceHours(49);
    const res = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`);
    expectProblem(res, 409, 'PROPOSAL_NOT_PENDING');
    expect((await api.as('approver').get('/proposals?status=expired')).body.proposals.map((p: { id: number }) => p.id)).to.deep.equal([proposed.body.proposal.id]);
    expect((await api.as('approver').get('/proposals?status=pending')).body.proposals).to.deep.equal([]);
    expect(await entryCount()).to.equal(before);
  });

  it('a retry of a proposed write answers the proposal as it stands now: rejected, or expired, not the pending it was', async () => {
    const m = api.as('fund_manager');
    const first = await m.post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-rejected' });
    expect(first.status).to.equal(202);
    expect((await api.as('approver').post(`/proposals/${first.body.proposal.id}/reject`, { comment: '不分配' })).status).to.equal(200);
    const retried = await m.post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-rejected' });
    expect(retried.status).to.equal(202);
    expect(retried.headers['idempotent-replayed']).to.equal('true');
    expect(retried.body.proposal).to.include({ id: first.body.proposal.id, status: 'rejected' });
    expect(retried.body.proposal.decisions[0]).to.include({ decision: 'reject', comment: '不分配' });

    const second = await m.post('/funds/PHX/distributions', { ...distribution, amount: '2000000.00' }, { 'Idempotency-Key': 'dist-expired' });
    expect(second.body.proposal.status).to.equal('pending');
    clock.advanceHours(49);
    const late = await m.post('/funds/PHX/distributions', { ...distribution, amount: '2000000.00' }, { 'Idempotency-Key': 'dist-expired' });
    expect(late.status).to.equal(202);
    expect(late.body.proposal).to.include({ id: second.body.proposal.id, status: 'expired' });
  });

  it('a rule that fails at approval is refused with its code, writes nothing, and leaves the proposal pending', async () => {
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', { amount: '300000000.00', date: '2019-02-01' });
    expect(proposed.status).to.equal(202);
    // Expenses are not in the policy: this one books at once and leaves too little cash.
    expect((await api.as('fund_manager').post('/funds/PHX/expenses', { amount: '1000.00', date: '2019-01-20', kind: 'audit_fee' })).status).to.equal(201);
    const before = await entryCount();
    expectProblem(await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`), 422, 'INSUFFICIENT_CASH');
    expect(await entryCount()).to.equal(before);
    expect((await api.as('approver').get(`/proposals/${proposed.body.proposal.id}`)).body).to.include({ status: 'pending', approvals: 0 });
  });

  it('with two approvals required, one person counts once and the second person executes', async () => {
    expect((await api.as('admin').put('/funds/PHX/approval-policy', { actions: ['distribution'], requiredApprovals: 2 })).body).to.include({ requiredApprovals: 2, source: 'stored' });
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    expect(proposed.body.proposal.requiredApprovals).to.equal(2);
    const id = proposed.body.proposal.id;
    expect((await api.as('approver').post(`/proposals/${id}/approve`)).body).to.include({ status: 'pending', approvals: 1 });
    expectProblem(await api.as('approver').post(`/proposals/${id}/approve`), 409, 'CONFLICT');
    const second = await asToken(await tokenFor('approver', 'second-approver')).post(`/proposals/${id}/approve`);
    expect(second.body).to.include({ status: 'executed', approvals: 2 });
    expect(second.body.result.entryId).to.be.a('number');
  });

  it('a reversal is proposed too, and the approval writes the reversing entry', async () => {
    const expense = await api.as('fund_manager').post('/funds/PHX/expenses', { amount: '1000.00', date: '2019-01-20', kind: 'audit_fee' });
    const proposed = await api.as('fund_manager').post(`/journal/${expense.body.entryId}/reversal`, { reason: 'entered twice' });
    expect(proposed.status, proposed.text).to.equal(202);
    expect(proposed.body.proposal).to.include({ action: 'reversal', target: String(expense.body.entryId) });
    const approved = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(approved.body.result).to.include({ reverses: expense.body.entryId });
    expect((await api.as('viewer').get(`/journal/${expense.body.entryId}`)).body.reversedBy).to.equal(approved.body.result.entryId);
  });

  it('a policy names only known actions, and only an admin sets it', async () => {
    expectProblem(await api.as('admin').put('/funds/PHX/approval-policy', { actions: ['launch'], requiredApprovals: 1 }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('admin').put('/funds/NOPE/approval-policy', { actions: [], requiredApprovals: 1 }), 404, 'NOT_FOUND');
    expectProblem(await api.as('fund_manager').put('/funds/PHX/approval-policy', { actions: [], requiredApprovals: 1 }), 403, 'FORBIDDEN');
  });
});
