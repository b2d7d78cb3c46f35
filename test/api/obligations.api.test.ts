import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { ok, reliefInvested } from '../helpers/fund-scenario';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** 10:00 in Asia/Shanghai on 2019-07-10: the business date of every status below. */
const NOW = new Date('2019-07-10T02:00:00Z');

/**
 * PHX-RELIEF bought 6,000,000 shares of 600000.SH on 2019-03-01 (reliefInvested). Today is
 * 2019-07-10; with the default 90 alert days an obligation is due soon through 2019-10-08.
 */
describe(`post-investment obligations (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let investment: number;

  const count = async (table: string, where: Record<string, unknown> = {}) => Number((await api.db.writer(table).where(where).count({ n: '*' }).first())!.n);
  const written = async () => ({ obligations: await count('obligations'), audited: await count('audit_log', { action: 'obligation.create' }) });
  const record = (body: object, id = investment) => api.as('fund_manager').post(`/investments/${id}/obligations`, body);
  const buyback = { kind: 'buyback', counterparty: '控股股东张某', dueDate: '2019-06-30', amount: '66000000.00', terms: '三年内未上市则按年化8%回购' };
  const performance = { kind: 'performance_commitment', counterparty: '测试公司', dueDate: '2019-08-31', amount: '5000000.00' };
  const covenant = { kind: 'covenant', counterparty: '测试公司', dueDate: '2020-12-31' };
  const list = async (query = '') => ok(api.as('viewer').get(`/obligations${query}`), 200);
  const statuses = (body: Body) => (body.obligations as Body[]).map((o) => [o.kind, o.status]);
  /** An exit of the investment (a dividend: no cost released), named by obligation `id` through the repository. */
  const exitSettling = async (id: number): Promise<Body> => {
    const exit = await ok(api.as('fund_manager').post(`/investments/${investment}/exits`, { kind: 'income', proceeds: '100.00', date: '2019-07-01' }));
    await api.db.write((repos) => repos.obligations.linkExit(exit.id, id));
    return exit;
  };

  beforeEach(async () => {
    api = await testApi({ clock: { now: () => NOW } });
    investment = (await reliefInvested(api)).investmentId;
  });
  afterEach(() => api.dispose());

  it('records each kind with its amount in yuan (none for a covenant), its status and who recorded it, audited', async () => {
    const b = await ok(record(buyback));
    expect(b).to.deep.include({
      investment,
      fund: 'PHX-RELIEF',
      kind: 'buyback',
      counterparty: '控股股东张某',
      dueDate: '2019-06-30',
      amount: '66000000.00',
      terms: '三年内未上市则按年化8%回购',
      status: 'overdue',
      daysUntilDue: -10,
      settledBy: null,
      recordedBy: 'test-fund_manager',
      recordedAt: NOW.toISOString(),
    });
    expect(b.id).to.be.a('number');
    expect(await ok(record(performance))).to.include({ kind: 'performance_commitment', amount: '5000000.00', terms: null, status: 'due_soon', daysUntilDue: 52 });
    expect(await ok(record(covenant))).to.include({ kind: 'covenant', amount: null, status: 'open' });
    const admin = await ok(api.as('admin').post(`/investments/${investment}/obligations`, { ...covenant, dueDate: '2019-07-10', amount: '1.00' }));
    expect(admin).to.include({ status: 'due_soon', daysUntilDue: 0, amount: '1.00', recordedBy: 'test-admin' });
    const stored = await api.db.writer('obligations').where({ id: b.id }).first();
    expect(String(stored.amount)).to.equal('6600000000');
    const audit = await api.db.writer('audit_log').where({ action: 'obligation.create' }).orderBy('id');
    expect(audit.map((a) => a.target)).to.deep.equal([b.id, b.id + 1, b.id + 2, b.id + 3].map((id) => `obligations/${id}`));
  });

  it('lists obligations by due date then id, each with its status as of today, and those of one investment', async () => {
    const c = await ok(record(covenant));
    const p = await ok(record(performance));
    const b = await ok(record(buyback));
    const twin = await ok(record({ ...performance, counterparty: '实际控制人' }));
    const all = await list();
    expect(all).to.include({ asOf: '2019-07-10', alertDays: 90 });
    expect(all.obligations.map((o: Body) => o.id)).to.deep.equal([b.id, p.id, twin.id, c.id]);
    expect(statuses(all)).to.deep.equal([
      ['buyback', 'overdue'],
      ['performance_commitment', 'due_soon'],
      ['performance_commitment', 'due_soon'],
      ['covenant', 'open'],
    ]);
    const own = await ok(api.as('risk_officer').get(`/investments/${investment}/obligations`), 200);
    expect(own.obligations).to.deep.equal(all.obligations);
    expectProblem(await api.as('viewer').get('/investments/999/obligations'), 404, 'NOT_FOUND');
  });

  it('filters by status, fund and due date, alone and together', async () => {
    await ok(record(covenant));
    await ok(record(performance));
    await ok(record(buyback));
    expect(statuses(await list('?status=overdue'))).to.deep.equal([['buyback', 'overdue']]);
    expect(statuses(await list('?status=due_soon'))).to.deep.equal([['performance_commitment', 'due_soon']]);
    expect(statuses(await list('?status=open'))).to.deep.equal([['covenant', 'open']]);
    expect(statuses(await list('?status=settled'))).to.deep.equal([]);
    expect((await list('?fund=PHX-RELIEF')).obligations).to.have.length(3);
    expect((await list('?fund=PHX')).obligations).to.deep.equal([]);
    // Before, not on: the performance commitment falls due on 2019-08-31.
    expect(statuses(await list('?dueBefore=2019-08-31'))).to.deep.equal([['buyback', 'overdue']]);
    expect(statuses(await list('?dueBefore=2019-09-01&status=due_soon&fund=PHX-RELIEF'))).to.deep.equal([['performance_commitment', 'due_soon']]);
    expectProblem(await api.as('viewer').get('/obligations?status=late'), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').get('/obligations?dueBefore=2019-02-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').get('/obligations?fund=phx'), 400, 'VALIDATION_FAILED');
  });

  it('is settled once a standing exit of the investment names it, and falls back to its date when that exit is reversed', async () => {
    const b = await ok(record(buyback));
    const p = await ok(record(performance));
    const exit = await exitSettling(b.id);
    const settled = await list();
    expect(settled.obligations.find((o: Body) => o.id === b.id)).to.include({ status: 'settled', settledBy: exit.id });
    expect(settled.obligations.find((o: Body) => o.id === p.id)).to.include({ status: 'due_soon', settledBy: null });
    expect(statuses(await list('?status=settled'))).to.deep.equal([['buyback', 'settled']]);
    expect((await ok(api.as('viewer').get('/obligation-alerts'), 200)).alerts.map((o: Body) => o.id)).to.deep.equal([p.id]);

    await ok(api.as('fund_manager').post(`/journal/${exit.entryId}/reversal`, { reason: '录入错误' }));
    const reopened = (await list()).obligations.find((o: Body) => o.id === b.id);
    expect(reopened).to.include({ status: 'overdue', settledBy: null });
    expect(statuses(await list('?status=settled'))).to.deep.equal([]);
  });

  it('is not settled by an exit of another investment that names it', async () => {
    const other = await ok(
      api.as('fund_manager').post('/funds/PHX-RELIEF/investments', {
        company: { stockCode: '600000.SH', name: '测试公司' },
        instrument: 'equity',
        acquisitionMode: 'block_trade',
        shares: 100_000,
        amount: '1000000.00',
        date: '2019-03-02',
        screeningId: Number((await api.db.writer('screenings').first()).id),
      }),
    );
    const b = await ok(record(buyback));
    const exit = await ok(api.as('fund_manager').post(`/investments/${other.id}/exits`, { kind: 'income', proceeds: '100.00', date: '2019-07-01' }));
    await api.db.write((repos) => repos.obligations.linkExit(exit.id, b.id));
    expect((await list()).obligations[0]).to.include({ id: b.id, status: 'overdue', settledBy: null });
  });

  it('answers the watch with the unsettled obligations due soon or overdue, by due date', async () => {
    const c = await ok(record(covenant));
    const p = await ok(record(performance));
    const b = await ok(record(buyback));
    const watch = await ok(api.as('risk_officer').get('/obligation-alerts'), 200);
    expect(watch).to.include({ asOf: '2019-07-10', alertDays: 90 });
    expect(watch.alerts.map((o: Body) => [o.id, o.status])).to.deep.equal([
      [b.id, 'overdue'],
      [p.id, 'due_soon'],
    ]);
    expect(watch.alerts.map((o: Body) => o.id)).to.not.include(c.id);
  });

  it('takes the alert window from PHOENIX_OBLIGATION_ALERT_DAYS', async () => {
    const narrow = await testApi({ clock: { now: () => NOW }, database: api, env: { PHOENIX_OBLIGATION_ALERT_DAYS: '30' } });
    await ok(record(performance));
    const watch = await ok(narrow.as('viewer').get('/obligation-alerts'), 200);
    expect(watch).to.include({ alertDays: 30 });
    expect(watch.alerts).to.deep.equal([]);
    expect(statuses(await ok(narrow.as('viewer').get('/obligations'), 200))).to.deep.equal([['performance_commitment', 'open']]);
    await narrow.pdf.close();
    expect(loadConfig({}).obligationAlertDays).to.equal(90);
    expect(loadConfig({ PHOENIX_OBLIGATION_ALERT_DAYS: '0' }).obligationAlertDays).to.equal(0);
    for (const bad of ['3651', '-1', '30.5', 'soon']) expect(() => loadConfig({ PHOENIX_OBLIGATION_ALERT_DAYS: bad })).to.throw(/PHOENIX_OBLIGATION_ALERT_DAYS/);
  });

  describe('refusals write nothing', () => {
    const refusals: Array<[string, object, number, string, string?]> = [
      ['a buyback without an amount', { ...buyback, amount: undefined }, 400, 'VALIDATION_FAILED', 'amount'],
      ['a performance commitment without an amount', { ...performance, amount: undefined }, 400, 'VALIDATION_FAILED', 'amount'],
      ['a due date before the investment', { ...covenant, dueDate: '2019-02-28' }, 400, 'VALIDATION_FAILED', 'dueDate'],
      ['an impossible due date', { ...covenant, dueDate: '2019-02-30' }, 400, 'VALIDATION_FAILED', 'dueDate'],
      ['no due date', { kind: 'covenant', counterparty: '测试公司' }, 400, 'VALIDATION_FAILED', 'dueDate'],
      ['no counterparty', { kind: 'covenant', dueDate: '2020-01-01' }, 400, 'VALIDATION_FAILED', 'counterparty'],
      ['a blank counterparty', { ...covenant, counterparty: '   ' }, 400, 'VALIDATION_FAILED', 'counterparty'],
      ['an unknown kind', { ...covenant, kind: 'guarantee' }, 400, 'VALIDATION_FAILED', 'kind'],
      ['an amount with three decimals', { ...buyback, amount: '1.005' }, 400, 'VALIDATION_FAILED', 'amount'],
      ['an amount as a JSON number', { ...buyback, amount: 1000 }, 400, 'VALIDATION_FAILED', 'amount'],
      ['a zero amount', { ...buyback, amount: '0.00' }, 400, 'VALIDATION_FAILED', 'amount'],
      ['terms past 2000 characters', { ...covenant, terms: '条'.repeat(2001) }, 400, 'VALIDATION_FAILED', 'terms'],
      ['documents, which obligations do not take', { ...covenant, documents: [1] }, 400, 'VALIDATION_FAILED', 'documents'],
    ];
    for (const [name, body, status, code, field] of refusals) {
      it(`${name}: ${status} ${code}${field ? ` naming ${field}` : ''}`, async () => {
        const before = await written();
        const problem = expectProblem(await record(body), status, code);
        if (field) expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).to.include(`${field}`);
        expect(await written()).to.deep.equal(before);
      });
    }

    it('an unknown investment: 404, and a reversed one: 409 CONFLICT', async () => {
      const before = await written();
      expectProblem(await record(covenant, 999), 404, 'NOT_FOUND');
      const { entryId } = await ok(api.as('viewer').get(`/investments/${investment}`), 200);
      await ok(api.as('fund_manager').post(`/journal/${entryId}/reversal`, { reason: '交易取消' }));
      expectProblem(await record(covenant), 409, 'CONFLICT');
      expect(await written()).to.deep.equal(before);
    });

    it('roles that may not record investments: 403, and they still read', async () => {
      const before = await written();
      for (const role of ['risk_officer', 'viewer', 'approver'] as const) {
        expectProblem(await api.as(role).post(`/investments/${investment}/obligations`, covenant), 403, 'FORBIDDEN');
        expect((await api.as(role).get('/obligations')).status).to.equal(200);
        expect((await api.as(role).get(`/investments/${investment}/obligations`)).status).to.equal(200);
        expect((await api.as(role).get('/obligation-alerts')).status).to.equal(200);
      }
      expect(await written()).to.deep.equal(before);
    });
  });

  it('honours Idempotency-Key: a retry replays the first answer, another body under the key is a 409', async () => {
    const key = { 'Idempotency-Key': 'obligation-1' };
    const first = await ok(api.as('fund_manager').post(`/investments/${investment}/obligations`, buyback, key));
    const again = await api.as('fund_manager').post(`/investments/${investment}/obligations`, buyback, key);
    expect(again.status).to.equal(201);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first);
    expectProblem(await api.as('fund_manager').post(`/investments/${investment}/obligations`, { ...buyback, amount: '1.00' }, key), 409, 'IDEMPOTENCY_CONFLICT');
    expect(await written()).to.deep.equal({ obligations: 1, audited: 1 });
  });
});
