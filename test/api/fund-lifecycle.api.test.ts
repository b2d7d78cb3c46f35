import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { eligibleApplicant, tranche } from '../helpers/applicant-builders';

/** An eligible applicant at elevated pledge risk: the controlling shareholder pledged 60% of its holding. */
function reliefApplicant(stockCode: string) {
  return eligibleApplicant({
    stockCode,
    name: `测试公司 ${stockCode}`,
    controllingShareholder: { name: '控股股东', sharesHeld: 400_000_000, sharesPledged: 240_000_000, majorViolations36m: 0, dishonestDebtor: false },
    pledgedSharesTotal: 240_000_000,
    pledges: [tranche({ pledgedShares: 240_000_000 })],
  });
}

async function screen(api: TestApi, stockCode: string, screenedOn = '2019-02-20'): Promise<number> {
  const res = await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant(stockCode), screenedOn });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  expect(res.body.decision).to.equal('eligible');
  expect(res.body.pledgeRisk.level).to.equal('elevated');
  return res.body.id as number;
}

describe(`a fund's whole life, to the fen (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await fundedScenario(api);
  });
  afterEach(() => api.dispose());

  const fund = async (code: string) => (await api.as('viewer').get(`/funds/${code}`)).body;

  it('commit → call → pay → invest → value → exit → income → distribute → fee → reversal', async () => {
    const m = api.as('fund_manager');
    const callRes = await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' });
    for (const a of callRes.body.allocations) {
      expect((await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' })).status).to.equal(201);
    }
    expect(await fund('PHX-RELIEF')).to.include({ cash: '100000000.00', paidIn: '100000000.00', unfunded: '900000000.00' });

    const screeningId = await screen(api, '600000.SH');
    const inv = await m.post('/funds/PHX-RELIEF/investments', {
      company: { stockCode: '600000.SH', name: '测试公司 600000.SH' },
      instrument: 'equity',
      acquisitionMode: 'block_trade',
      // Bought from a holder below 5%: no buyer's lock-up, so the scenario may sell within 6 months.
      sellerRestricted: false,
      shares: 6_000_000,
      amount: '60000000.00',
      date: '2019-03-01',
      screeningId,
    });
    expect(inv.status, JSON.stringify(inv.body)).to.equal(201);
    expect(inv.body).to.include({ fund: 'PHX-RELIEF', instrument: 'equity', amount: '60000000.00', date: '2019-03-01' });
    expect(inv.body.company).to.deep.equal({ stockCode: '600000.SH', name: '测试公司 600000.SH' });

    const val = await m.post(`/investments/${inv.body.id}/valuations`, { fairValue: '66000000.00', date: '2019-03-31' });
    expect(val.body).to.include({ fairValue: '66000000.00', unrealizedChange: '6000000.00' });
    expect(await fund('PHX-RELIEF')).to.include({ cash: '40000000.00', invested: '60000000.00', nav: '106000000.00' });

    const sale = await m.post(`/investments/${inv.body.id}/exits`, { kind: 'sale', proceeds: '36000000.00', cost: '30000000.00', date: '2019-05-10' });
    expect(sale.body).to.include({ proceeds: '36000000.00', cost: '30000000.00', realizedGain: '6000000.00', unrealizedReleased: '3000000.00' });
    const income = await m.post(`/investments/${inv.body.id}/exits`, { kind: 'income', proceeds: '1000000.00', cost: '0.00', date: '2019-06-30' });
    expect(income.body.realizedGain).to.equal('1000000.00');
    expect(await fund('PHX-RELIEF')).to.include({ cash: '77000000.00', invested: '30000000.00', nav: '110000000.00' });

    const dist = await m.post('/funds/PHX-RELIEF/distributions', { amount: '50000000.03', date: '2019-07-01' });
    expect(dist.body.allocations).to.deep.equal([
      { investor: 'BANK-A', amount: '20000000.01' },
      { investor: 'PHX', amount: '12500000.01' },
      { investor: 'PRIV-A', amount: '7500000.00' },
      { investor: 'SEC-A', amount: '10000000.01' },
    ]);
    // PHX's interest is valued look-through: its 25% of PHX-RELIEF's 59,999,999.97 NAV, not the cost left.
    expect(await fund('PHX')).to.include({ cash: '287500000.02', invested: '12499999.99', fundInterests: '14999999.99', nav: '302500000.01' });

    const fee = await m.post('/funds/PHX-RELIEF/expenses', { amount: '1000000.00', date: '2019-07-15', kind: 'management_fee' });
    expect((await fund('PHX-RELIEF')).cash).to.equal('25999999.97');
    expect((await m.post(`/journal/${fee.body.entryId}/reversal`, { reason: 'fee waived by the board', date: '2019-07-16' })).status).to.equal(201);

    expect(await fund('PHX-RELIEF')).to.include({
      committed: '1000000000.00',
      called: '100000000.00',
      paidIn: '100000000.00',
      unfunded: '900000000.00',
      receivable: '0.00',
      invested: '30000000.00',
      cash: '26999999.97',
      distributed: '50000000.03',
      nav: '59999999.97',
    });
    const perf = await api.as('viewer').get('/funds/PHX-RELIEF/performance?asOf=2019-12-31');
    expect(perf.body).to.include({ paidIn: '100000000.00', distributed: '50000000.03', nav: '59999999.97', dpi: '0.5000', rvpi: '0.6000', tvpi: '1.1000' });
    expect(Number(perf.body.irr)).to.be.greaterThan(0.1).and.lessThan(0.2);
    const phxShare = perf.body.investors.find((i: { investor: string }) => i.investor === 'PHX');
    expect(phxShare).to.include({ paidIn: '25000000.00', distributed: '12500000.01', navShare: '14999999.99' });

    const leverage = (await api.as('viewer').get('/programmes/YH-GIF/leverage')).body;
    expect(leverage).to.include({
      governmentCommitted: '2000000000.00',
      socialCommitted: '750000000.00',
      governmentPaidIn: '300000000.01',
      socialPaidIn: '75000000.00',
      socialLeverage: '0.3750',
      totalLeverage: '1.3750',
      socialTargetProgress: '0.0302',
    });
    expect(leverage.subfunds.find((s: { fund: string }) => s.fund === 'PHX-RELIEF').multiplier).to.equal('4.0000');

    const verify = (await api.as('viewer').get('/ledger/verify')).body;
    expect(verify.problems).to.deep.equal([]);
    const tb = (await api.as('viewer').get('/ledger/trial-balance')).body;
    expect(tb.totals.debit).to.equal(tb.totals.credit);
  });

  describe('the investment gate', () => {
    beforeEach(async () => {
      const m = api.as('fund_manager');
      const callRes = await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '400000000.00', date: '2019-02-01', dueDate: '2019-02-28' });
      for (const a of callRes.body.allocations) await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' });
    });

    const body = (over: Record<string, unknown> = {}) => ({
      company: { stockCode: '600000.SH', name: 'A' },
      instrument: 'equity',
      acquisitionMode: 'block_trade',
      // Bought from a holder below 5%: no buyer's lock-up, so the scenario may sell within 6 months.
      sellerRestricted: false,
      amount: '10000000.00',
      date: '2019-03-01',
      ...over,
    });

    it('refuses without a screening, with another company’s screening, and with a stale one', async () => {
      const m = api.as('fund_manager');
      const other = await screen(api, '600001.SH');
      expectProblem(await m.post('/funds/PHX-RELIEF/investments', body()), 422, 'SCREENING_REQUIRED');
      const wrong = expectProblem(await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: other })), 422, 'SCREENING_REQUIRED');
      expect(wrong.detail).to.contain('600001.SH');
      const stale = await screen(api, '600000.SH', '2018-06-01');
      expect(expectProblem(await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: stale })), 422, 'SCREENING_REQUIRED').detail).to.match(/days old/);
      expect((await api.as('viewer').get('/funds/PHX-RELIEF/investments')).body.investments).to.deep.equal([]);
    });

    it('needs elevated pledge risk for the relief fund; an admin may override with a reason', async () => {
      const normal = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ stockCode: '600000.SH' }), screenedOn: '2019-02-20' });
      expect(normal.body.pledgeRisk.level).to.equal('normal');
      const refused = expectProblem(await api.as('fund_manager').post('/funds/PHX-RELIEF/investments', body({ screeningId: normal.body.id })), 422, 'SCREENING_REQUIRED');
      expect(refused.detail).to.match(/elevated/);
      const overridden = await api.as('admin').post('/funds/PHX-RELIEF/investments', body({ screeningId: normal.body.id, override: { reason: 'investment committee minute 2019-07' } }));
      expect(overridden.status).to.equal(201);
      expect(overridden.body.override).to.deep.equal({ reason: 'investment committee minute 2019-07' });
      const entry = (await api.as('viewer').get(`/journal/${overridden.body.entryId}`)).body;
      expect(entry.metadata.override).to.equal('investment committee minute 2019-07');
      const audit = await api.db.writer('audit_log').where({ action: 'investment.create' });
      expect(JSON.parse(audit[0].detail).override).to.equal('investment committee minute 2019-07');
    });

    it('refuses open-market purchases and a company above 30% of the sub-fund', async () => {
      const id = await screen(api, '600000.SH');
      const m = api.as('fund_manager');
      expectProblem(await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, acquisitionMode: 'open_market' })), 422, 'ACQUISITION_MODE_FORBIDDEN');
      expect((await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, amount: '300000000.00' }))).status).to.equal(201);
      const refused = expectProblem(
        await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, amount: '0.01', instrument: 'convertible_bond', acquisitionMode: undefined, sellerRestricted: undefined })),
        422,
        'CONCENTRATION_LIMIT',
      );
      expect(refused.detail).to.contain('0.30');
    });

    it('refuses an agreement transfer of less than 5% of the total shares, naming the figures, and writes nothing', async () => {
      const id = await screen(api, '600000.SH');
      const m = api.as('fund_manager');
      const head = (await api.as('viewer').get('/ledger/verify')).body.entries;
      const refused = expectProblem(
        await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, acquisitionMode: 'agreement_transfer', shares: 4_700_000 })),
        422,
        'ACQUISITION_MODE_FORBIDDEN',
      );
      expect(refused).to.include({ shares: 4_700_000, totalShares: 1_000_000_000, share: '0.47%', minimumShare: '5%' });
      expect(refused.detail).to.contain('4700000 of 1000000000 is 0.47%');
      expect((await api.as('viewer').get('/funds/PHX-RELIEF/investments')).body.investments).to.deep.equal([]);
      expect((await api.as('viewer').get('/ledger/verify')).body.entries).to.equal(head);
      const ok = await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, acquisitionMode: 'agreement_transfer', shares: 50_000_000 }));
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    });

    it('never overdraws cash when many investments race for it', async () => {
      const id = await screen(api, '600000.SH');
      // PHX-RELIEF holds 400,000,000.00 in cash; each investment takes 25,000,000.00, and the 30%
      // concentration cap (300,000,000.00) binds first: exactly 12 of 20 can pass.
      const m = api.as('fund_manager');
      const results = await Promise.all(Array.from({ length: 20 }, () => m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id, amount: '25000000.00' }))));
      expect(results.filter((r) => r.status === 201)).to.have.length(12);
      expect(results.filter((r) => r.status === 422).map((r) => r.body.code)).to.deep.equal(Array(8).fill('CONCENTRATION_LIMIT'));
      // A second company has room of its own under the cap; now the cash binds: 4 of 20 pass.
      const other = await screen(api, '600001.SH');
      const more = await Promise.all(Array.from({ length: 20 }, () => m.post('/funds/PHX-RELIEF/investments', body({ screeningId: other, amount: '25000000.00', company: { stockCode: '600001.SH', name: '测试公司二' } }))));
      expect(more.filter((r) => r.status === 201)).to.have.length(4);
      expect(more.filter((r) => r.status === 422).every((r) => r.body.code === 'INSUFFICIENT_CASH')).to.equal(true);
      expect((await fund('PHX-RELIEF')).cash).to.equal('0.00');
      expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });

    it('refuses reversing an investment that has exits, and an exit above remaining cost', async () => {
      const id = await screen(api, '600000.SH');
      const m = api.as('fund_manager');
      const inv = await m.post('/funds/PHX-RELIEF/investments', body({ screeningId: id }));
      expectProblem(await m.post(`/investments/${inv.body.id}/exits`, { kind: 'sale', proceeds: '1.00', cost: '10000000.01', date: '2019-04-01' }), 422, 'EXIT_EXCEEDS_COST');
      await m.post(`/investments/${inv.body.id}/exits`, { kind: 'sale', proceeds: '5000000.00', cost: '5000000.00', date: '2019-04-01' });
      expectProblem(await m.post(`/journal/${inv.body.entryId}/reversal`, { reason: 'typo' }), 422, 'REVERSAL_NOT_ALLOWED');
    });
  });
});
