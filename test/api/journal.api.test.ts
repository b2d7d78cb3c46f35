import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { post, transfer } from '../helpers/ledger-builders';

describe(`journal and ledger API (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await post(api.db, transfer('PHX', 'assets:cash', 'equity:contributed:YH-IF', '2000000000.00', { date: '2019-01-10' }));
    await post(api.db, transfer('PHX-MA', 'assets:cash', 'equity:contributed:PHX', '300.10', { date: '2019-02-10' }));
    await post(api.db, transfer('PHX', 'expenses:management_fee', 'assets:cash', '0.01', { date: '2019-03-10' }));
  });
  afterEach(() => api.dispose());

  it('GET /journal/{id} shows the entry with yuan strings and its chain hash', async () => {
    const res = await api.as('viewer').get('/journal/1');
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ id: 1, date: '2019-01-10', type: 'test_transfer', reverses: null, reversedBy: null });
    expect(res.body.hash).to.match(/^[0-9a-f]{64}$/);
    expect(res.body.lines).to.deep.equal([
      { account: 'assets:PHX:cash', fund: 'PHX', debit: '2000000000.00', credit: '0.00' },
      { account: 'equity:PHX:contributed:YH-IF', fund: 'PHX', debit: '0.00', credit: '2000000000.00' },
    ]);
  });

  it('GET /journal/{id} of a missing entry is a 404 problem', async () => {
    expectProblem(await api.as('viewer').get('/journal/999'), 404, 'NOT_FOUND');
    expectProblem(await api.as('viewer').get('/journal/abc'), 400, 'VALIDATION_FAILED');
  });

  it('GET /journal pages oldest first with a cursor, and filters by fund and dates', async () => {
    const first = await api.as('viewer').get('/journal?limit=2');
    expect(first.body.entries.map((e: { id: number }) => e.id)).to.deep.equal([1, 2]);
    expect(first.body.nextCursor).to.equal('2');
    const second = await api.as('viewer').get(`/journal?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.entries.map((e: { id: number }) => e.id)).to.deep.equal([3]);
    expect(second.body.nextCursor).to.equal(null);
    const phx = await api.as('viewer').get('/journal?fund=PHX');
    expect(phx.body.entries.map((e: { id: number }) => e.id)).to.deep.equal([1, 3]);
    const dated = await api.as('viewer').get('/journal?from=2019-02-01&to=2019-02-28');
    expect(dated.body.entries.map((e: { id: number }) => e.id)).to.deep.equal([2]);
  });

  it('POST /journal/{id}/reversal writes a reversing entry once; a second is a 409', async () => {
    const res = await api.as('fund_manager').post('/journal/3/reversal', { reason: 'fee booked twice', date: '2019-03-11' });
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ entryId: 4, reverses: 3 });
    const original = await api.as('viewer').get('/journal/3');
    expect(original.body.reversedBy).to.equal(4);
    const reversal = await api.as('viewer').get('/journal/4');
    expect(reversal.body).to.include({ type: 'reversal', reverses: 3, date: '2019-03-11', actor: 'test-fund_manager' });
    expect(reversal.body.memo).to.contain('fee booked twice');
    expectProblem(await api.as('fund_manager').post('/journal/3/reversal', { reason: 'again' }), 409, 'ALREADY_REVERSED');
    const audit = await api.db.writer('audit_log').where({ action: 'journal.reverse' });
    expect(audit).to.have.length(1);
    expect(audit[0]).to.include({ actor: 'test-fund_manager', target: 'journal/3' });
  });

  it('a retried reversal with the same Idempotency-Key returns the first result', async () => {
    const headers = { 'Idempotency-Key': 'rev-3-attempt' };
    const first = await api.as('fund_manager').post('/journal/3/reversal', { reason: 'dup', date: '2019-03-12' }, headers);
    const retry = await api.as('fund_manager').post('/journal/3/reversal', { reason: 'dup', date: '2019-03-12' }, headers);
    expect(first.status).to.equal(201);
    expect(retry.status).to.equal(201);
    expect(retry.body).to.deep.equal(first.body);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    const other = await api.as('fund_manager').post('/journal/2/reversal', { reason: 'dup', date: '2019-03-12' }, headers);
    expectProblem(other, 409, 'IDEMPOTENCY_CONFLICT');
    expect((await api.as('viewer').get('/journal')).body.entries).to.have.length(4);
  });

  it('GET /ledger/trial-balance balances, per fund and as of a date', async () => {
    const all = await api.as('viewer').get('/ledger/trial-balance');
    expect(all.body.totals.debit).to.equal(all.body.totals.credit);
    expect(all.body.accounts.find((a: { account: string }) => a.account === 'assets:PHX:cash')).to.deep.equal({
      account: 'assets:PHX:cash',
      fund: 'PHX',
      debit: '2000000000.00',
      credit: '0.01',
      balance: '1999999999.99',
    });
    const ma = await api.as('viewer').get('/ledger/trial-balance?fund=PHX-MA');
    expect(ma.body.accounts.map((a: { account: string }) => a.account)).to.deep.equal(['assets:PHX-MA:cash', 'equity:PHX-MA:contributed:PHX']);
    const early = await api.as('viewer').get('/ledger/trial-balance?asOf=2019-01-31');
    expect(early.body.totals).to.deep.equal({ debit: '2000000000.00', credit: '2000000000.00' });
    expectProblem(await api.as('viewer').get('/ledger/trial-balance?asOf=2019-02-30'), 400, 'VALIDATION_FAILED');
  });

  it('GET /ledger/verify reports ok, then names a tampered balance', async () => {
    const clean = await api.as('viewer').get('/ledger/verify');
    expect(clean.body).to.include({ ok: true, entries: 3 });
    await api.db.writer('account_balances').where({ account: 'assets:PHX-MA:cash' }).update({ debit: 1 });
    const dirty = await api.as('viewer').get('/ledger/verify');
    expect(dirty.body.ok).to.equal(false);
    expect(dirty.body.problems[0]).to.include({ entryId: null, account: 'assets:PHX-MA:cash' });
  });
});
