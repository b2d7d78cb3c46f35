import { expect } from 'chai';
import request from 'supertest';
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
    // The quarter after the close meets its own rules when proposed (issue 24): PHX has no fee terms.
    expectProblem(await api.as('fund_manager').post('/funds/PHX/management-fees', { period: '2019Q3' }), 422, 'NO_FUND_TERMS');
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

  it('a user disabled by another process is refused on their token\'s next request, not seconds later', async () => {
    const token = (await api.as('admin').post('/tokens', { role: 'fund_manager', name: 'nightly-import' })).body.token as string;
    const write = () => request(api.app).post('/api/v1/funds/PHX/expenses').set('Authorization', `Bearer ${token}`).send({ amount: '1.00', date: '2019-02-01', kind: 'audit_fee' });
    expect((await write()).status).to.equal(201);
    // As `phoenix user disable` would, from another process: this server's memory is not told.
    await api.db.writer('users').where({ username: 'nightly-import' }).update({ disabled_at: new Date().toISOString() });
    expectProblem(await write(), 401, 'UNAUTHENTICATED');
    await api.db.writer('users').where({ username: 'nightly-import' }).update({ disabled_at: null });
    await api.db.writer('api_tokens').where({ name: 'nightly-import' }).update({ revoked_at: new Date().toISOString() });
    expectProblem(await write(), 401, 'UNAUTHENTICATED');
  });

  it('a body naming a key twice, or not valid UTF-8, is refused and books nothing', async () => {
    const before = await entryCount();
    // Raw bytes as sent: superagent would otherwise serialise a Buffer as JSON.
    const post = (body: string | Buffer) =>
      request(api.app).post('/api/v1/funds/PHX/expenses').set('Authorization', `Bearer ${api.tokens.fund_manager}`).set('Content-Type', 'application/json').serialize((b: unknown) => b as string).send(body as string);
    const twice = await post('{"amount":"0.01","date":"2019-02-01","kind":"audit_fee","amount":"5000.00"}');
    expect(expectProblem(twice, 400, 'VALIDATION_FAILED').detail).to.match(/names the key "amount" twice/);
    const mangled = await post(Buffer.concat([Buffer.from('{"amount":"1.00","date":"2019-02-01","kind":"audit_fee","memo":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]));
    expect(expectProblem(mangled, 400, 'VALIDATION_FAILED').detail).to.match(/not valid UTF-8/);
    expect(await entryCount()).to.equal(before);
    // The same body, once, books.
    expect((await post('{"amount":"0.01","date":"2019-02-01","kind":"audit_fee","memo":"审计费"}')).status).to.equal(201);
  });

  it('every list of events pages: limit, cursor and nextCursor, the pages together the whole list', async () => {
    for (let i = 1; i <= 5; i += 1) {
      expect((await api.as('fund_manager').post('/funds/PHX/expenses', { amount: `${i}.00`, date: '2019-02-01', kind: 'audit_fee' })).status).to.equal(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: request.Response = await api.as('viewer').get(`/funds/PHX/expenses?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).to.equal(200);
      expect(page.body.expenses.length).to.be.at.most(2);
      seen.push(...page.body.expenses.map((e: { amount: string }) => e.amount));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(['1.00', '2.00', '3.00', '4.00', '5.00']);
    for (const list of ['commitments', 'capital-calls', 'investments', 'distributions']) {
      const page = await api.as('viewer').get(`/funds/PHX/${list}?limit=1`);
      expect(page.status, `${list}: ${page.text}`).to.equal(200);
      expect(page.body).to.have.property('nextCursor');
    }
    expectProblem(await api.as('viewer').get('/funds/PHX/expenses?limit=1001'), 400, 'VALIDATION_FAILED');
    const investors = await api.as('viewer').get('/investors?limit=2');
    expect(investors.body.investors).to.have.length(2);
    expect(investors.body.nextCursor).to.equal(investors.body.investors[1].code);
  });
});
