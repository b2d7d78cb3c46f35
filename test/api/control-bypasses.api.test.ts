import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

/** Issue 22 item 5: the smaller ways around the committee and the ledger's controls, each closed. */
describe(`control bypasses found by an attack (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_APPROVALS: 'on' } });
    await fundedScenario(api);
  });
  afterEach(() => api.dispose());

  const entryCount = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }).first())?.n);
  const distribution = { amount: '1000000.00', date: '2019-02-01' };

  it('a management fee for a closed quarter is refused at once (422 PERIOD_CLOSED), not proposed', async () => {
    expect((await api.as('fund_manager').post('/funds/PHX/periods/close', { through: '2019-06-30' })).status).to.equal(200);
    const proposals = Number((await api.db.writer('proposals').count({ n: '*' }).first())?.n);
    expectProblem(await api.as('fund_manager').post('/funds/PHX/management-fees', { period: '2019Q2' }), 422, 'PERIOD_CLOSED');
    expectProblem(await api.as('fund_manager').post('/funds/PHX/management-fees', { period: '2019Q3', date: '2019-06-28' }), 422, 'PERIOD_CLOSED');
    expect(Number((await api.db.writer('proposals').count({ n: '*' }).first())?.n)).to.equal(proposals);
    // The quarter after the close is still proposed as usual.
    expect((await api.as('fund_manager').post('/funds/PHX/management-fees', { period: '2019Q3' })).status).to.equal(202);
  });

  it('an Idempotency-Key is the sender\'s own: another user reusing it gets their own proposal, not the first one replayed', async () => {
    const first = await api.as('fund_manager').post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-K' });
    expect(first.status).to.equal(202);
    const other = await api.as('admin').post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-K' });
    expect(other.status).to.equal(202);
    expect(other.headers['idempotent-replayed']).to.equal(undefined);
    expect(other.body.proposal.id).to.not.equal(first.body.proposal.id);
    expect(other.body.proposal.proposer).to.equal('test-admin');
    // A different body under the same key is the admin's own conflict, not the fund manager's.
    const changed = await api.as('admin').post('/funds/PHX/distributions', { ...distribution, amount: '2.00' }, { 'Idempotency-Key': 'dist-K' });
    expect(expectProblem(changed, 409, 'IDEMPOTENCY_CONFLICT').detail).to.equal('Idempotency-Key dist-K was already used for a different request');
    // Each one's retry replays their own.
    const retry = await api.as('fund_manager').post('/funds/PHX/distributions', distribution, { 'Idempotency-Key': 'dist-K' });
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.body.proposal.id).to.equal(first.body.proposal.id);
    // The entry shows the key as its sender sent it.
    const approved = await api.as('approver').post(`/proposals/${first.body.proposal.id}/approve`);
    const entry = (await api.as('viewer').get(`/journal/${approved.body.result.entryId}`)).body;
    expect(entry.idempotencyKey).to.equal('dist-K');
  });

  it('a proposal whose proposer was disabled since is not executed in their name (409 PROPOSER_DISABLED)', async () => {
    const proposed = await api.as('fund_manager').post('/funds/PHX/distributions', distribution);
    const user = await api.db.writer('users').where({ username: 'test-fund_manager' }).first();
    expect((await api.as('admin').post(`/users/${user.id}/disable`)).status).to.equal(200);
    const before = await entryCount();
    const res = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(expectProblem(res, 409, 'PROPOSER_DISABLED').detail).to.match(/test-fund_manager/);
    expect(await entryCount()).to.equal(before);
    expect((await api.as('approver').get(`/proposals/${proposed.body.proposal.id}`)).body).to.include({ status: 'pending', approvals: 0 });
    // Rejecting it stays possible.
    expect((await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/reject`, { comment: '提议人已离职' })).status).to.equal(200);
  });

  it('a closed parent\'s figures stay put: a sub-fund posting dated in the parent\'s closed period is refused (422 PERIOD_CLOSED)', async () => {
    const m = api.as('fund_manager');
    // PHX pays its relief commitment, so PHX holds an interest the close values look-through.
    const call = (await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' })).body;
    for (const a of call.allocations as Array<{ investor: string; amount: string }>) {
      expect((await m.post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' })).status).to.equal(201);
    }
    expect((await m.post('/funds/PHX/periods/close', { through: '2019-06-30' })).status).to.equal(200);
    const nav = async () => (await api.as('viewer').get('/funds/PHX?asOf=2019-06-30')).body.nav;
    const before = await nav();
    const late = await m.post('/funds/PHX-RELIEF/expenses', { amount: '5000000.00', date: '2019-06-10', kind: 'audit_fee' });
    expect(expectProblem(late, 422, 'PERIOD_CLOSED').detail).to.match(/fund PHX is closed through 2019-06-30/);
    expect(await nav()).to.equal(before);
    // After the close the sub-fund books as usual.
    const open = await m.post('/funds/PHX-RELIEF/expenses', { amount: '5000.00', date: '2019-07-05', kind: 'audit_fee' });
    expect(open.status, open.text).to.equal(201);
    expect(await nav()).to.equal(before);
  });
});
