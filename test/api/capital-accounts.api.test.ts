import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { callPaid, fundedScenario, ok, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';
import { allocateProRata, formatYuan, parseYuan, ratio } from '../../src/domain/money';
import { todayIn } from '../../src/domain/dates';
import { loadConfig } from '../../src/config';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fen = (text: string) => parseYuan(text, { allowNegative: true });

/** Issue 23: each figure an investor receives, reproduced as the issue saw it and as it must be. */
describe(`capital accounts on a liquidation basis (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
    await fundedScenario(api);
    // Room for a later closing beyond the first 1,000,000,000.00.
    await ok(api.as('admin').patch('/funds/PHX-RELIEF', { targetSize: '1500000000.00' }), 200);
  });
  afterEach(() => api.dispose());

  const accounts = async (fund: string, asOf?: string): Promise<Record<string, Body>> => {
    const rows = (await ok(api.as('viewer').get(`/reports/capital-accounts?format=json${asOf ? `&asOf=${asOf}` : ''}`), 200)).rows as Body[];
    return Object.fromEntries(rows.filter((r) => r.fund === fund).map((r) => [r.investor, r]));
  };

  it('leaves capital called and unpaid out of NAV: a fund that gained nothing has TVPI 1.0000, IRR 0.0000, and an investor that paid nothing a NAV share of 0.00', async () => {
    const m = api.as('fund_manager');
    // A 90,000,000.00 call of which only BANK-A (40%) pays: 36,000,000.00 in, 54,000,000.00 owed.
    const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '90000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
    await ok(m.post(`/capital-calls/${call.id}/payments`, { investor: 'BANK-A', amount: '36000000.00', date: '2019-02-15' }));
    const fund = await ok(m.get('/funds/PHX-RELIEF?asOf=2019-06-30'), 200);
    expect(fund).to.include({ called: '90000000.00', paidIn: '36000000.00', receivable: '54000000.00', cash: '36000000.00', nav: '36000000.00' });
    const perf = await ok(m.get('/funds/PHX-RELIEF/performance?asOf=2019-06-30'), 200);
    expect(perf).to.include({ paidIn: '36000000.00', nav: '36000000.00', tvpi: '1.0000', irr: '0.0000' });
    const rows = await accounts('PHX-RELIEF', '2019-06-30');
    expect(rows['SEC-A']).to.include({ paidIn: '0.00', receivable: '18000000.00', navShare: '0.00' });
    expect(rows['BANK-A']).to.include({ paidIn: '36000000.00', navShare: '36000000.00', tvpi: '1.0000' });
    // The CSV gives the same row as the JSON, and the dashboard reads the same report.
    const csv = parse((await api.as('viewer').get('/reports/capital-accounts?format=csv&asOf=2019-06-30')).text, { bom: true, relax_column_count: true }) as string[][];
    const header = csv[0];
    const sec = csv.find((r) => r[0] === 'PHX-RELIEF' && r[1] === 'SEC-A')!;
    expect(sec[header.indexOf('净值份额 navShare')]).to.equal('0.00');
    const total = Object.values(rows).reduce((s, r) => s + fen(r.navShare), 0n);
    expect(formatYuan(total)).to.equal(fund.nav);
  });

  describe('a later closing with equalisation interest', () => {
    let catchUpCall: number;
    beforeEach(async () => {
      const m = api.as('fund_manager');
      await withTerms(api, 'PHX-RELIEF', STANDARD_TERMS);
      await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
      // SOE-A closes 2019-08-01 with 100m: catch-up 100m × 100m / 1,000m = 10m; interest
      // 10m × 6% × 181/365 = 297,534.25 (2019-02-01 to 2019-08-01), due to the earlier investors.
      const late = await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SOE-A', amount: '100000000.00', date: '2019-08-01' }));
      expect(late.equalisation).to.deep.include({ catchUp: '10000000.00', interest: '297534.25' });
      catchUpCall = late.equalisation.capitalCall;
      await ok(m.post(`/capital-calls/${catchUpCall}/payments`, { investor: 'SOE-A', amount: '10297534.25', date: '2019-08-10' }));
    });

    it('counts the interest as compensation: paid-in is the same 110,000,000.00 everywhere, and no investor gets back more capital than it contributed', async () => {
      const m = api.as('fund_manager');
      const d = await ok(m.post('/funds/PHX-RELIEF/distributions', { amount: '50000000.00', date: '2019-09-01' }));
      // All of it is return of capital, pro rata to contributed capital (interest left out).
      const contributed: Array<[string, string]> = [
        ['BANK-A', '40000000.00'],
        ['PHX', '25000000.00'],
        ['PRIV-A', '15000000.00'],
        ['SEC-A', '20000000.00'],
        ['SOE-A', '10000000.00'],
      ];
      const expected = allocateProRata(parseYuan('50000000.00'), contributed.map(([, a]) => parseYuan(a)));
      const got = Object.fromEntries((d.allocations as Body[]).map((a) => [a.investor, a]));
      contributed.forEach(([investor], i) => expect(got[investor], investor).to.include({ amount: formatYuan(expected[i]), returnOfCapital: formatYuan(expected[i]) }));
      expect(fen(got['SOE-A'].returnOfCapital) <= parseYuan('10000000.00')).to.equal(true);

      const fund = await ok(m.get('/funds/PHX-RELIEF'), 200);
      expect(fund.paidIn).to.equal('110000000.00');
      const rows = await accounts('PHX-RELIEF');
      expect(rows['SOE-A']).to.include({ paidIn: '10000000.00', compensationPaid: '297534.25', compensationReceived: '0.00' });
      for (const row of Object.values(rows)) {
        if (fen(row.paidIn) === 0n) continue;
        expect(row.dpi, row.investor).to.equal(ratio(fen(row.distributed), fen(row.paidIn)));
      }
      // The late investor's statement: payment lines sum to its paid-in; the interest is a compensation line.
      const statement = await ok(m.get('/investors/SOE-A/statement?fund=PHX-RELIEF&from=2019-01-01&to=2019-12-31'), 200);
      const payments = (statement.movements as Body[]).filter((x) => x.kind === 'payment');
      expect(formatYuan(payments.reduce((s, x) => s + fen(x.amount), 0n))).to.equal(statement.period.paidIn);
      expect(statement.period).to.include({ paidIn: '10000000.00', compensationPaid: '297534.25' });
      expect((statement.movements as Body[]).filter((x) => x.kind === 'compensation').map((x) => x.amount)).to.deep.equal(['297534.25']);
      // opening + paid in − distributed − fees − late interest charged + share of gains = closing.
      const p = statement.period;
      expect(fen(statement.opening.navShare) + fen(p.paidIn) - fen(p.distributed) - fen(p.fees) - fen(p.lateInterestCharged) + fen(p.shareOfGains)).to.equal(fen(statement.closing.navShare));
    });

    it('pays the interest out to the earlier investors as compensation received, in their IRR and not their paid-in', async () => {
      const m = api.as('fund_manager');
      // BANK-A's part of the 297,534.25: 40 / 75 of the fee... of the paid-in of the earlier investors (PHX 25, BANK 40, SEC 20, PRIV 15).
      const parts = allocateProRata(parseYuan('297534.25'), ['25', '40', '20', '15'].map((x) => parseYuan(x)));
      await ok(m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'BANK-A', amount: formatYuan(parts[1]), date: '2019-08-20' }));
      const rows = await accounts('PHX-RELIEF');
      expect(rows['BANK-A']).to.include({ paidIn: '40000000.00', compensationReceived: formatYuan(parts[1]) });
    });
  });

  describe('management fees', () => {
    it('accrue from the first closing, not the quarter’s start: a fund closing on the 62nd day of its first quarter pays 31 of 92 days', async () => {
      const m = api.as('fund_manager');
      await ok(m.post('/investors', { code: 'LP-X', name: '社会资本X（测试）', category: 'private', capitalClass: 'social' }));
      await ok(m.post('/funds', { code: 'NEW-F', name: '新基金（测试）', kind: 'subfund', type: 'relief', parent: 'PHX' }));
      await ok(api.as('admin').patch('/funds/NEW-F', { targetSize: '1000000000.00', status: 'active' }), 200);
      await withTerms(api, 'NEW-F', { ...STANDARD_TERMS, effectiveFrom: '2019-10-01', managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100' } });
      await ok(m.post('/funds/NEW-F/commitments', { investor: 'LP-X', amount: '365000000.00', date: '2019-12-01' }));
      const fee = await ok(m.post('/funds/NEW-F/management-fees', { period: '2019Q4' }));
      // 0.02 × 365,000,000.00 × 31/365 (2019-12-01 to 12-31) = 620,000.00, not 92 days' 1,840,000.00.
      expect(fee).to.include({ amount: '620000.00', quarterFee: '620000.00' });
    });

    it('charge a later closer the fees it would have paid since the first closing, with its first fee', async () => {
      const m = api.as('fund_manager');
      await withTerms(api, 'PHX-RELIEF', STANDARD_TERMS);
      // Q1 2019 from the first closing 2019-01-15: 76 days. Fee-paying BANK 400m, SEC 200m, PRIV 150m = 750m.
      const q1 = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q1' }));
      expect(q1.amount).to.equal('3123287.67'); // 0.02 × 750m × 76/365 = 3,123,287.671…
      await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SOE-A', amount: '100000000.00', date: '2019-05-10' }));
      const q2 = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }));
      // Q2 whole (91 days) on 850m; SOE-A's catch-up for Q1 is its part of Q1 recomputed on 850m.
      const q2Fee = parseYuan('4238356.16'); // 0.02 × 850m × 91/365 = 4,238,356.164…
      const q1With = allocateProRata(parseYuan('3539726.03'), ['400', '200', '150', '100'].map((x) => parseYuan(x))); // 0.02 × 850m × 76/365
      expect(q2).to.include({ quarterFee: formatYuan(q2Fee), amount: formatYuan(q2Fee + q1With[3]) });
      expect(q2.catchUp).to.deep.equal([{ investor: 'SOE-A', amount: formatYuan(q1With[3]) }]);
      const soe = (q2.allocations as Body[]).find((a) => a.investor === 'SOE-A')!;
      const q2Parts = allocateProRata(q2Fee, ['400', '200', '150', '100'].map((x) => parseYuan(x)));
      expect(soe.amount).to.equal(formatYuan(q2Parts[3] + q1With[3]));
      // A third quarter has nobody new: no catch-up.
      expect((await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q3' }))).catchUp).to.deep.equal([]);
    });

    it('after the investment period scale the cost base by the fee-paying share of commitments', async () => {
      const m = api.as('fund_manager');
      await withTerms(api, 'PHX-RELIEF', { ...STANDARD_TERMS, investmentPeriodEnd: '2019-06-30' });
      await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
      const screening = await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }));
      await ok(
        m.post('/funds/PHX-RELIEF/investments', {
          company: { stockCode: '600000.SH', name: '测试公司' },
          instrument: 'equity',
          acquisitionMode: 'block_trade',
          shares: 1_000_000,
          amount: '73000000.00',
          date: '2019-03-01',
          screeningId: screening.id,
        }),
      );
      const fee = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q3' }));
      // 0.01 × 73,000,000.00 × 750/1,000 (PHX exempt) × 92/365 = 138,000.00.
      expect(fee.amount).to.equal('138000.00');
    });
  });

  describe('late interest', () => {
    let callId: number;
    let chargeEntry: number;
    beforeEach(async () => {
      const m = api.as('fund_manager');
      await withTerms(api, 'PHX-RELIEF', { ...STANDARD_TERMS, lateInterestRate: '0.0005' });
      const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
      callId = call.id;
      for (const a of call.allocations as Body[]) {
        if (a.investor !== 'PRIV-A') await ok(m.post(`/capital-calls/${callId}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-20' }));
      }
      await ok(m.post(`/capital-calls/${callId}/payments`, { investor: 'PRIV-A', amount: '15000000.00', date: '2019-03-10' }));
      // 15m × 0.0005 × 10 days (2019-02-28 to 03-10) = 75,000.00.
      const charge = await ok(m.post(`/capital-calls/${callId}/late-interest`, { investor: 'PRIV-A', date: '2019-03-31' }));
      expect(charge.amount).to.equal('75000.00');
      chargeEntry = charge.entryId;
    });

    it('is charged to the defaulter’s own account until it pays, then collected into the fund’s cash', async () => {
      const m = api.as('fund_manager');
      const before = await accounts('PHX-RELIEF', '2019-03-31');
      expect(before['PRIV-A']).to.include({ lateInterestOwed: '75000.00' });
      // Gross = NAV 100m + the 75,000.00 owed; PRIV-A's part 15%: 15,011,250.00 − 75,000.00.
      expect(before['PRIV-A'].navShare).to.equal('14936250.00');
      expect(before['BANK-A'].navShare).to.equal('40030000.00');
      expectProblem(await m.post(`/capital-calls/${callId}/late-interest-payments`, { investor: 'PRIV-A', amount: '75000.01', date: '2019-04-05' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
      expectProblem(await m.post(`/capital-calls/${callId}/late-interest-payments`, { investor: 'PRIV-A', amount: '75000.00', date: '2019-03-30' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
      expectProblem(await m.post(`/capital-calls/${callId}/late-interest-payments`, { investor: 'PRIV-A', amount: '0', date: '2019-04-05' }), 400, 'VALIDATION_FAILED');
      const paid = await ok(m.post(`/capital-calls/${callId}/late-interest-payments`, { investor: 'PRIV-A', amount: '75000.00', date: '2019-04-05' }));
      expect(paid).to.include({ amount: '75000.00', owed: '0.00' });
      const fund = await ok(m.get('/funds/PHX-RELIEF?asOf=2019-04-05'), 200);
      expect(fund).to.include({ nav: '100075000.00', lateInterestReceivable: '0.00', paidIn: '100000000.00' });
      const after = await accounts('PHX-RELIEF', '2019-04-05');
      expect(after['PRIV-A']).to.include({ lateInterestOwed: '0.00', compensationPaid: '75000.00', navShare: '15011250.00' });
      // A charge already paid cannot be reversed from under its payment.
      expectProblem(await m.post(`/journal/${chargeEntry}/reversal`, { reason: 'waived after payment' }), 422, 'REVERSAL_NOT_ALLOWED');
      expect((await ok(m.get('/ledger/verify'), 200)).ok).to.equal(true);
    });
  });

  it('gives a statement without from and to: the fund’s inception to today', async () => {
    await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
    const statement = await ok(api.as('viewer').get('/investors/BANK-A/statement?fund=PHX-RELIEF'), 200);
    expect(statement.to).to.equal(todayIn(loadConfig().timeZone));
    expect(statement.from <= '2019-01-15').to.equal(true);
    expect(statement.period).to.include({ paidIn: '40000000.00' });
  });
});
