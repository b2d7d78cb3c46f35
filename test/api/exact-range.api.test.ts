import { expect } from 'chai';
import { MAX_FEN } from '../../src/domain/money';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { tamper, TEST_DIALECT } from '../helpers/database';
import { reliefInvested } from '../helpers/fund-scenario';

/**
 * docs/domain.md, Capital accounting, range: no amount and no stored total may leave |x| <= 2^53 - 1 fen. Issue 12
 * item 1: a hundred income exits of 999999999999999.99 were each booked, SQLite stored the cash
 * total as a REAL, and from then on every read of it answered 500.
 */
describe(`amounts past the exact range (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let investmentId: number;
  beforeEach(async () => {
    api = await testApi();
    ({ investmentId } = await reliefInvested(api));
  });
  afterEach(() => api.dispose());

  const state = async () => ({
    head: (await api.db.writer('ledger_head').first()).last_entry_id,
    balances: (await api.as('viewer').get('/ledger/trial-balance')).body,
  });

  async function readsStillWork(): Promise<Record<string, unknown>> {
    const viewer = api.as('viewer');
    for (const path of ['/funds', '/funds/PHX-RELIEF', '/ledger/trial-balance', '/reports/overview?format=json', '/reports/capital-accounts?format=csv']) {
      const res = await viewer.get(path);
      expect(res.status, `${path}: ${res.text.slice(0, 300)}`).to.equal(200);
    }
    const verify = await viewer.get('/ledger/verify');
    expect(verify.status, verify.text).to.equal(200);
    return verify.body;
  }

  it('an income exit of 999999999999999.99 is a 422 AMOUNT_OUT_OF_RANGE and writes nothing', async () => {
    const before = await state();
    const body = { kind: 'income', proceeds: '999999999999999.99', cost: '0.00', date: '2019-06-30' };
    for (let i = 0; i < 3; i += 1) expectProblem(await api.as('fund_manager').post(`/investments/${investmentId}/exits`, body), 422, 'AMOUNT_OUT_OF_RANGE');
    expect(await state()).to.deep.equal(before);
    expect((await readsStillWork()).ok).to.equal(true);
  });

  it('amounts inside the range are booked until the cash total would cross 2^53 - 1 fen, then refused', async () => {
    const m = api.as('fund_manager');
    const income = (proceeds: string) => m.post(`/investments/${investmentId}/exits`, { kind: 'income', proceeds, cost: '0.00', date: '2019-06-30' });
    // 40 trillion yuan each: the third would take the cash debit total past 90,071,992,547,409.91.
    expect((await income('40000000000000.00')).status).to.equal(201);
    expect((await income('40000000000000.00')).status).to.equal(201);
    const before = await state();
    const refused = expectProblem(await income('40000000000000.00'), 422, 'AMOUNT_OUT_OF_RANGE');
    expect(refused.account).to.equal('assets:PHX-RELIEF:cash');
    expect(await state()).to.deep.equal(before);
    const stored = await api.db.writer('account_balances').where({ account: 'assets:PHX-RELIEF:cash' }).first();
    expect(BigInt(String(stored.debit)) <= MAX_FEN).to.equal(true);
    expect((await readsStillWork()).ok).to.equal(true);
    // The reversal that undoes an exit stays possible.
    const exits = (await api.as('viewer').get(`/investments/${investmentId}`)).body.exits as Array<{ entryId: number }>;
    expect((await m.post(`/journal/${exits[exits.length - 1].entryId}/reversal`, { reason: 'booked in error' })).status).to.equal(201);
  });

  it('a stored total past the range (put there behind the service) never makes a read 500; verify reports it and writes on it are refused', async () => {
    // SQLite: a REAL, as the overflowing sums used to leave; PostgreSQL: a BIGINT past 2^53.
    const value = TEST_DIALECT === 'sqlite' ? '1.000000000000011e19' : '9000000000000000000';
    await tamper(api.db, `UPDATE account_balances SET debit = ${value} WHERE account = 'assets:PHX-RELIEF:cash'`);
    const report = await readsStillWork();
    expect(report.ok).to.equal(false);
    const named = (report.problems as Array<{ account?: string; problem: string }>).filter((p) => p.account === 'assets:PHX-RELIEF:cash');
    expect(named.map((p) => p.problem).join('\n')).to.match(/cannot be read exactly/);
    const m = api.as('fund_manager');
    expectProblem(await m.post('/funds/PHX-RELIEF/expenses', { amount: '1.00', date: '2019-06-30', kind: 'management_fee' }), 422, 'AMOUNT_OUT_OF_RANGE');
  });

  if (TEST_DIALECT === 'sqlite') {
    it('a stored amount that is not a number at all is reported by verify, and reads still answer', async () => {
      await tamper(api.db, `UPDATE account_balances SET credit = 'lots' WHERE account = 'assets:PHX-RELIEF:cash'`);
      const report = await readsStillWork();
      expect(report.ok).to.equal(false);
      expect(JSON.stringify(report.problems)).to.match(/assets:PHX-RELIEF:cash.*cannot be read exactly/);
    });
  }
});
