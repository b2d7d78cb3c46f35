import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { created, exampleFund, type Body } from '../helpers/terms-example';

/** The "Worked example fund" of docs/fund-terms.md: every figure the document shows. */
describe(`the worked example fund of docs/fund-terms.md (${TEST_DIALECT})`, () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
    await exampleFund(api);
  });
  after(() => api.dispose());

  const byInvestor = (allocations: Body[]) => Object.fromEntries(allocations.map((a) => [a.investor, a]));

  it('charges 2020Q1 from the first closing (2020-01-10): 0.02 × 200,000,000.00 × 82/365 = 898,630.14, split by commitment', async () => {
    const fee = await created(api.as('fund_manager').post('/funds/PHX-RELIEF/management-fees', { period: '2020Q1' }));
    expect(fee).to.include({ period: '2020Q1', date: '2020-03-31', amount: '898630.14', quarterFee: '898630.14', manager: 'MGR-A' });
    expect(fee.catchUp).to.deep.equal([]);
    expect(fee.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: '449315.07' },
      { investor: 'YH-GOV', amount: '449315.07' },
    ]);
  });

  it('distribution 1 (50,000,000.00 on 2022-02-01) only returns capital', async () => {
    const d = await created(api.as('fund_manager').post('/funds/PHX-RELIEF/distributions', { amount: '50000000.00', date: '2022-02-01' }));
    expect(byInvestor(d.allocations)).to.deep.equal({
      'BANK-A': { investor: 'BANK-A', amount: '25000000.00', returnOfCapital: '25000000.00', preferredReturn: '0.00', profit: '0.00', carriedInterest: '0.00' },
      'YH-GOV': { investor: 'YH-GOV', amount: '25000000.00', returnOfCapital: '25000000.00', preferredReturn: '0.00', profit: '0.00', carriedInterest: '0.00' },
    });
    const entry = await created(api.as('viewer').get(`/journal/${d.entryId}`), 200);
    expect(entry.lines.map((l: Body) => [l.account, l.debit, l.credit])).to.have.deep.members([
      ['assets:PHX-RELIEF:cash', '0.00', '50000000.00'],
      ['equity:PHX-RELIEF:distributed:BANK-A:return-of-capital', '25000000.00', '0.00'],
      ['equity:PHX-RELIEF:distributed:YH-GOV:return-of-capital', '25000000.00', '0.00'],
    ]);
  });

  it('distribution 2 (30,000,000.00 on 2023-02-01) runs every tier; the manager is an allocation', async () => {
    const m = api.as('fund_manager');
    const d = await created(m.post('/funds/PHX-RELIEF/distributions', { amount: '30000000.00', date: '2023-02-01' }));
    expect(byInvestor(d.allocations)).to.deep.equal({
      'BANK-A': { investor: 'BANK-A', amount: '14797808.22', returnOfCapital: '5000000.00', preferredReturn: '4404383.56', profit: '5393424.66', carriedInterest: '0.00' },
      'MGR-A': { investor: 'MGR-A', amount: '4000000.00', returnOfCapital: '0.00', preferredReturn: '0.00', profit: '0.00', carriedInterest: '4000000.00' },
      'YH-GOV': { investor: 'YH-GOV', amount: '11202191.78', returnOfCapital: '5000000.00', preferredReturn: '4404383.56', profit: '1797808.22', carriedInterest: '0.00' },
    });
    const entry = await created(api.as('viewer').get(`/journal/${d.entryId}`), 200);
    expect(entry.lines.map((l: Body) => [l.account, l.debit])).to.include.deep.members([
      ['equity:PHX-RELIEF:carried-interest:MGR-A', '4000000.00'],
      ['equity:PHX-RELIEF:distributed:YH-GOV:profit', '1797808.22'],
      ['equity:PHX-RELIEF:distributed:BANK-A:preferred-return', '4404383.56'],
    ]);
  });

  it('keeps every figure that sums distributions: the fund, the capital accounts, the stored tiers, the statement', async () => {
    const v = api.as('viewer');
    const fund = await created(v.get('/funds/PHX-RELIEF'), 200);
    // 60,000,000.00 paid in − 50,000,000.00 invested + 80,000,000.00 sold − 80,000,000.00 distributed.
    expect(fund).to.include({ paidIn: '60000000.00', distributed: '80000000.00', cash: '10000000.00' });
    // NAV = assets − liabilities: 10,000,000.00 cash less the 898,630.14 fee payable.
    expect(fund.nav).to.equal('9101369.86');
    const rows = (await created(v.get('/reports/capital-accounts?format=json'), 200)).rows as Body[];
    const accounts = Object.fromEntries(rows.filter((r) => r.fund === 'PHX-RELIEF').map((r) => [r.investor, r]));
    // HLBV: capital and preferred return are back, the catch-up complete: the NAV is all tier 4, 20% to the
    // manager (1,820,273.972), the investors 3,640,547.944 each, YH-GOV ceding half of its share to BANK-A.
    expect(accounts['YH-GOV']).to.include({ distributed: '36202191.78', fees: '449315.07', navShare: '1820273.97' });
    expect(accounts['BANK-A']).to.include({ distributed: '39797808.22', fees: '449315.07', navShare: '5460821.92' });
    expect(accounts['MGR-A']).to.include({ distributed: '4000000.00', navShare: '1820273.97' });

    // The tier parts are stored with the allocations (the distribution notice prints them from there).
    const stored = await api.db
      .reader('distribution_allocations as a')
      .join('distributions as d', 'd.id', 'a.distribution_id')
      .where({ 'd.date': '2023-02-01', 'a.investor': 'YH-GOV' })
      .first('a.return_of_capital', 'a.preferred_return', 'a.profit', 'a.carried_interest');
    expect([stored.return_of_capital, stored.preferred_return, stored.profit, stored.carried_interest].map(String)).to.deep.equal(['500000000', '440438356', '179780822', '0']);

    const statement = await created(v.get('/investors/YH-GOV/statement?fund=PHX-RELIEF&from=2020-01-01&to=2023-12-31'), 200);
    expect(statement.period).to.include({ called: '30000000.00', paidIn: '30000000.00', distributed: '36202191.78', fees: '449315.07' });
    expect(statement.period.distributions).to.deep.equal({ returnOfCapital: '30000000.00', preferredReturn: '4404383.56', profit: '1797808.22', carriedInterest: '0.00' });
    expect(statement.closing.navShare).to.equal('1820273.97');
    // opening 0 + paid in − distributed − fees + share of gains = closing.
    expect(statement.period.shareOfGains).to.equal('8471780.82');
    expect((await created(v.get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('refuses a distribution dated before a standing one, writing nothing', async () => {
    const entries = async () => Number((await api.db.reader('journal_entries').count({ n: '*' }).first())!.n);
    const before = await entries();
    expectProblem(await api.as('fund_manager').post('/funds/PHX-RELIEF/distributions', { amount: '1.00', date: '2022-06-30' }), 422, 'LATER_DISTRIBUTION_EXISTS');
    expect(await entries()).to.equal(before);
  });
});
