import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { callPaid, fundedScenario, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
type Body = Record<string, any>;

const TERMS = { ...STANDARD_TERMS };

describe(`management fees (${TEST_DIALECT})`, () => {
  let api: TestApi;
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };

  beforeEach(async () => {
    api = await testApi();
    await fundedScenario(api);
    await withTerms(api, 'PHX-RELIEF', TERMS);
    await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-10');
  });
  afterEach(() => api.dispose());

  const navShares = async (asOf: string) => {
    const rows = (await ok(api.as('viewer').get(`/reports/capital-accounts?format=json&asOf=${asOf}`), 200)).rows as Body[];
    return new Map(rows.filter((r) => r.fund === 'PHX-RELIEF').map((r) => [r.investor as string, r]));
  };

  it('charges a quarter in arrears to the fee-paying investors, payable to the manager, once', async () => {
    const m = api.as('fund_manager');
    const before = await navShares('2019-06-30');
    const navBefore = (await ok(m.get('/funds/PHX-RELIEF?asOf=2019-06-30'), 200)).nav;
    // 0.02 × 750,000,000 (PHX exempt) × 91/365 = 3,739,726.027… → 3,739,726.03, split 400:200:150.
    const fee = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }));
    expect(fee).to.include({ fund: 'PHX-RELIEF', period: '2019Q2', date: '2019-06-30', manager: 'MGR-A', amount: '3739726.03' });
    expect(fee.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: '1994520.55' },
      { investor: 'PRIV-A', amount: '747945.21' },
      { investor: 'SEC-A', amount: '997260.27' },
    ]);
    const entry = await ok(m.get(`/journal/${fee.entryId}`), 200);
    expect(entry.type).to.equal('management_fee');
    expect(entry.lines.map((l: Body) => [l.account, l.debit, l.credit])).to.have.deep.members([
      ['equity:PHX-RELIEF:fees:BANK-A', '1994520.55', '0.00'],
      ['equity:PHX-RELIEF:fees:PRIV-A', '747945.21', '0.00'],
      ['equity:PHX-RELIEF:fees:SEC-A', '997260.27', '0.00'],
      ['liabilities:PHX-RELIEF:fees-payable:MGR-A', '0.00', '3739726.03'],
    ]);
    // NAV = assets − liabilities falls by the fee; the exempt investor's capital account does not move.
    const navAfter = (await ok(m.get('/funds/PHX-RELIEF?asOf=2019-06-30'), 200)).nav;
    expect(BigInt(navBefore.replace('.', '')) - BigInt(navAfter.replace('.', ''))).to.equal(373972603n);
    const after = await navShares('2019-06-30');
    expect(after.get('PHX')!.navShare).to.equal(before.get('PHX')!.navShare);
    expect(after.get('PHX')!.fees).to.equal('0.00');
    expect(after.get('BANK-A')!.fees).to.equal('1994520.55');
    const drop = BigInt(before.get('BANK-A')!.navShare.replace('.', '')) - BigInt(after.get('BANK-A')!.navShare.replace('.', ''));
    expect(drop).to.equal(199452055n);

    const statement = await ok(api.as('viewer').get('/investors/BANK-A/statement?fund=PHX-RELIEF&from=2019-04-01&to=2019-06-30'), 200);
    expect(statement.period).to.include({ fees: '1994520.55', shareOfGains: '0.00' });

    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2', date: '2019-07-05' }), 409, 'CONFLICT');
    expect((await ok(m.get('/ledger/verify'), 200)).ok).to.equal(true);

    await ok(m.post(`/journal/${fee.entryId}/reversal`, { reason: 'wrong quarter base' }));
    const again = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2', date: '2019-07-05' }));
    expect(again).to.include({ amount: '3739726.03', date: '2019-07-05' });
    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }), 409, 'CONFLICT');
    expect((await ok(m.get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('refuses a fund without terms, bad periods and dates, writing nothing', async () => {
    const m = api.as('fund_manager');
    const entries = async () => Number((await api.db.reader('journal_entries').count({ n: '*' }).first())!.n);
    const before = await entries();
    expectProblem(await m.post('/funds/PHX/management-fees', { period: '2019Q2' }), 422, 'NO_FUND_TERMS');
    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q5' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2', date: '2019-06-29' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2099Q1' }), 422, 'FUTURE_VALUE_DATE');
    expectProblem(await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2', amount: '1.00' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post('/funds/NOPE/management-fees', { period: '2019Q2' }), 404, 'NOT_FOUND');
    expectProblem(await api.as('viewer').post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }), 403, 'FORBIDDEN');
    expect(await entries()).to.equal(before);
    expect(Number((await api.db.reader('management_fees').count({ n: '*' }).first())!.n)).to.equal(0);
  });
});
