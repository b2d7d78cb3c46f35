import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundLife } from '../helpers/report-scenario';

describe(`period close and reopen (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await fundLife(api);
  });
  afterEach(() => api.dispose());

  const m = () => api.as('fund_manager');
  const fund = async (code: string, asOf?: string) => (await api.as('viewer').get(`/funds/${code}${asOf ? `?asOf=${asOf}` : ''}`)).body;

  it('closing books the fund interest at its look-through value, so the books agree with the look-through figures', async () => {
    const before = await fund('PHX', '2019-06-30');
    const closed = await m().post('/funds/PHX/periods/close', { through: '2019-06-30' });
    expect(closed.status, closed.text).to.equal(200);
    expect(closed.body).to.include({ fund: 'PHX', closedThrough: '2019-06-30' });
    expect(closed.body.entryIds).to.have.length(1);
    const entry = (await api.as('viewer').get(`/journal/${closed.body.entryIds[0]}`)).body;
    expect(entry).to.include({ type: 'fund_revaluation', date: '2019-06-30' });
    expect(entry.lines.map((l: { account: string }) => l.account).sort()).to.deep.equal(['assets:PHX:fund-interests:PHX-RELIEF:look-through', 'income:PHX:fund-gains:PHX-RELIEF']);
    // The look-through NAV was already shown before; now the booked assets say the same.
    const after = await fund('PHX', '2019-06-30');
    expect(after.nav).to.equal(before.nav);
    expect(after.fundInterests).to.equal(before.fundInterests);
    const tb = (await api.as('viewer').get('/ledger/trial-balance?fund=PHX&asOf=2019-06-30')).body.accounts as Array<{ account: string; balance: string }>;
    const carried = tb.filter((a) => a.account.startsWith('assets:PHX:fund-interests:PHX-RELIEF:'));
    const sum = carried.reduce((s, a) => s + BigInt(a.balance.replace('.', '')), 0n);
    expect(sum.toString()).to.equal(before.fundInterests.replace('.', ''));
    expect((await api.as('viewer').get('/funds/PHX/periods')).body).to.deep.equal({ fund: 'PHX', closedThrough: '2019-06-30' });
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('a posting dated in a closed period is 422 PERIOD_CLOSED, also a posting of a sub-fund whose parent closed it', async () => {
    await m().post('/funds/PHX/periods/close', { through: '2019-06-30' });
    const count = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }).first())?.n);
    const before = await count();
    expectProblem(await m().post('/funds/PHX/expenses', { amount: '10.00', date: '2019-06-30', kind: 'audit_fee' }), 422, 'PERIOD_CLOSED');
    expectProblem(await m().post('/funds/PHX/capital-calls', { amount: '10.00', date: '2019-01-31', dueDate: '2019-02-28' }), 422, 'PERIOD_CLOSED');
    // PHX-RELIEF's own books are open, but PHX's close values its interest in them on 2019-06-30:
    // a sub-fund posting dated by then would move PHX's closed NAV (issue 22), so it is refused too.
    const inClosed = await m().post('/funds/PHX-RELIEF/capital-calls', { amount: '1000000.00', date: '2019-06-01', dueDate: '2019-07-31' });
    expect(expectProblem(inClosed, 422, 'PERIOD_CLOSED').detail).to.match(/fund PHX is closed through 2019-06-30/);
    const call = (await m().post('/funds/PHX-RELIEF/capital-calls', { amount: '1000000.00', date: '2019-07-02', dueDate: '2019-07-31' })).body;
    expect(call.entryId).to.be.a('number');
    expect(await count()).to.equal(before + 1);
    expect((await m().post('/funds/PHX/expenses', { amount: '10.00', date: '2019-07-01', kind: 'audit_fee' })).status).to.equal(201);
  });

  it('a reversal of a closed-period entry is dated on the first open day', async () => {
    const expense = (await m().post('/funds/PHX/expenses', { amount: '10.00', date: '2019-05-01', kind: 'audit_fee' })).body;
    await m().post('/funds/PHX/periods/close', { through: '2019-06-30' });
    const res = await m().post(`/journal/${expense.entryId}/reversal`, { reason: 'paid twice', date: '2019-05-02' });
    expect(res.status, res.text).to.equal(201);
    expect((await api.as('viewer').get(`/journal/${res.body.entryId}`)).body.date).to.equal('2019-07-01');
  });

  it('reopening needs an admin and a reason, and opens the months from the given first day', async () => {
    await m().post('/funds/PHX/periods/close', { through: '2019-06-30' });
    expectProblem(await m().post('/funds/PHX/periods/reopen', { from: '2019-06-01', reason: 'audit adjustment' }), 403, 'FORBIDDEN');
    expectProblem(await api.as('admin').post('/funds/PHX/periods/reopen', { from: '2019-06-01' }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('admin').post('/funds/PHX/periods/reopen', { from: '2019-06-15', reason: 'x' }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('admin').post('/funds/PHX/periods/reopen', { from: '2019-08-01', reason: 'x' }), 409, 'CONFLICT');
    const reopened = await api.as('admin').post('/funds/PHX/periods/reopen', { from: '2019-06-01', reason: 'audit adjustment' });
    expect(reopened.body).to.deep.equal({ fund: 'PHX', closedThrough: '2019-05-31' });
    expect((await m().post('/funds/PHX/expenses', { amount: '10.00', date: '2019-06-01', kind: 'audit_fee' })).status).to.equal(201);
    expectProblem(await m().post('/funds/PHX/expenses', { amount: '10.00', date: '2019-05-31', kind: 'audit_fee' }), 422, 'PERIOD_CLOSED');
    const audit = (await api.as('admin').get('/audit?action=period.reopen')).body.records;
    expect(audit[0].detail).to.include({ reason: 'audit adjustment', previous: '2019-06-30' });
  });

  it('a close is through a month end, not in the future, and moves only forward', async () => {
    expectProblem(await m().post('/funds/PHX/periods/close', { through: '2019-06-29' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m().post('/funds/PHX/periods/close', { through: '2999-12-31' }), 422, 'FUTURE_VALUE_DATE');
    expectProblem(await m().post('/funds/NOPE/periods/close', { through: '2019-06-30' }), 404, 'NOT_FOUND');
    expect((await m().post('/funds/PHX/periods/close', { through: '2019-06-30' })).status).to.equal(200);
    expectProblem(await m().post('/funds/PHX/periods/close', { through: '2019-05-31' }), 409, 'CONFLICT');
    // A second close with nothing changed in the sub-fund books no revaluation.
    const again = await m().post('/funds/PHX-RELIEF/periods/close', { through: '2019-01-31' });
    expect(again.body.entryIds).to.deep.equal([]);
  });
});
