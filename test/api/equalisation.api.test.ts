import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefWithInvestors } from '../helpers/fund-scenario';
import { parseYuan, ratio } from '../../src/domain/money';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Called / committed of each investor of a fund, as exact 6-place decimal strings, from the trial balance. */
async function calledPercentages(api: TestApi, fund: string): Promise<Record<string, string | null>> {
  const tb = (await api.as('viewer').get(`/ledger/trial-balance?fund=${fund}`)).body as { accounts: Array<{ account: string; balance: string }> };
  const balance = (name: string) => parseYuan(tb.accounts.find((a) => a.account === name)?.balance ?? '0.00', { allowNegative: true });
  const out: Record<string, string | null> = {};
  for (const a of tb.accounts) {
    const match = /^memo:[^:]+:commitments:committed:(.+)$/.exec(a.account);
    if (match) out[match[1]] = ratio(balance(`memo:${fund}:commitments:called:${match[1]}`), -balance(a.account), 6);
  }
  return out;
}

describe(`calls by value date and equalisation of later closings (${TEST_DIALECT})`, () => {
  let api: TestApi;
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };
  beforeEach(async () => {
    api = await testApi();
    await reliefWithInvestors(api);
  });
  afterEach(() => api.dispose());

  it('brings later investors to the called percentage of the first, so a 40m then a 260m call leave all three at 36%', async () => {
    const m = api.as('fund_manager');
    await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '400000000.00', date: '2019-01-15' }));
    const first = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '40000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    expect(first.allocations).to.deep.equal([{ investor: 'BANK-A', amount: '40000000.00' }]);

    const b = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SEC-A', amount: '300000000.00', date: '2019-03-01' }));
    expect(b.equalisation).to.deep.include({ catchUp: '30000000.00', interest: '0.00', dueDate: '2019-03-31' });
    const c = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'PRIV-A', amount: '300000000.00', date: '2019-03-15', equalisationDueDate: '2019-03-20' }));
    expect(c.equalisation).to.deep.include({ catchUp: '30000000.00', dueDate: '2019-03-20' });
    expect(await calledPercentages(api, 'PHX-RELIEF')).to.deep.equal({ 'BANK-A': '0.100000', 'PRIV-A': '0.100000', 'SEC-A': '0.100000' });

    const second = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '260000000.00', date: '2019-04-01', dueDate: '2019-04-30' }));
    expect(second.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: '104000000.00' },
      { investor: 'PRIV-A', amount: '78000000.00' },
      { investor: 'SEC-A', amount: '78000000.00' },
    ]);
    expect(await calledPercentages(api, 'PHX-RELIEF')).to.deep.equal({ 'BANK-A': '0.360000', 'PRIV-A': '0.360000', 'SEC-A': '0.360000' });
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ committed: '1000000000.00', called: '360000000.00', unfunded: '640000000.00' });

    // The catch-up is a call of its own, paid like any other; the fund keeps the cash.
    const equalisation = await ok(api.as('viewer').get(`/capital-calls/${b.equalisation.capitalCall}`), 200);
    expect(equalisation).to.deep.include({ amount: '30000000.00', equalisationOf: b.id, interest: '0.00', entryId: b.entryId });
    await ok(m.post(`/capital-calls/${b.equalisation.capitalCall}/payments`, { investor: 'SEC-A', amount: '30000000.00', date: '2019-03-10' }));
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ cash: '30000000.00' });
    expect((await ok(api.as('viewer').get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('splits a call among the commitments dated on or before its date only', async () => {
    const m = api.as('fund_manager');
    await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '400000000.00', date: '2019-01-15' }));
    const later = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SEC-A', amount: '100000000.00', date: '2019-03-01' }));
    expect(later.equalisation).to.equal(null);
    const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '40000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    expect(call.allocations).to.deep.equal([{ investor: 'BANK-A', amount: '40000000.00' }]);
    const tooMuch = await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '360000000.01', date: '2019-02-02', dueDate: '2019-02-28' });
    expectProblem(tooMuch, 422, 'CALL_EXCEEDS_UNFUNDED');
  });

  it('refuses to reverse a subsequent closing whose catch-up was paid, until the payment is reversed', async () => {
    const m = api.as('fund_manager');
    await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '400000000.00', date: '2019-01-15' }));
    await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '40000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    const b = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SEC-A', amount: '300000000.00', date: '2019-03-01' }));
    const paid = await ok(m.post(`/capital-calls/${b.equalisation.capitalCall}/payments`, { investor: 'SEC-A', amount: '30000000.00', date: '2019-03-10' }));
    expectProblem(await m.post(`/journal/${b.entryId}/reversal`, { reason: 'side letter withdrawn' }), 422, 'REVERSAL_NOT_ALLOWED');
    await ok(m.post(`/journal/${paid.entryId}/reversal`, { reason: 'bounced' }));
    await ok(m.post(`/journal/${b.entryId}/reversal`, { reason: 'side letter withdrawn' }));
    const call = await ok(api.as('viewer').get(`/capital-calls/${b.equalisation.capitalCall}`), 200);
    expect(call).to.include({ status: 'reversed', reversed: true });
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ committed: '400000000.00', called: '40000000.00' });
  });
});
