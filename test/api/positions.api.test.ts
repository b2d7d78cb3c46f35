import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefInvested } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe(`equity positions held in shares, at average cost (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let equityId: number;
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };
  const position = async (id: number) => ok(api.as('viewer').get(`/investments/${id}`), 200);

  beforeEach(async () => {
    api = await testApi();
    equityId = (await reliefInvested(api, { shares: 7_000_000 })).investmentId;
  });
  afterEach(() => api.dispose());

  it('a partial sale by shares releases average cost and leaves the shares held; the last sale releases the rest', async () => {
    const m = api.as('fund_manager');
    const first = await ok(m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 3_000_000, proceeds: '30000000.00', date: '2019-05-10' }));
    // 60,000,000.00 × 3/7 = 25,714,285.714… → 25,714,285.71 (half-up to the fen)
    expect(first).to.include({ cost: '25714285.71', realizedGain: '4285714.29', shares: 3_000_000, sharesHeld: 4_000_000 });
    expect(await position(equityId)).to.include({ shares: 4_000_000, sharesAcquired: 7_000_000 });

    // Income never reduces shares nor counts as sale proceeds.
    await ok(m.post(`/investments/${equityId}/exits`, { kind: 'income', proceeds: '500000.00', date: '2019-06-30' }));
    expect((await position(equityId)).shares).to.equal(4_000_000);

    // A hand-computed cost 0.26 yuan off is refused, naming the right figure; nothing is written.
    const wrong = expectProblem(
      await m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 4_000_000, cost: '34285714.55', proceeds: '40000000.00', date: '2019-07-10' }),
      422,
      'EXIT_COST_MISMATCH',
    );
    expect(wrong).to.include({ cost: '34285714.29' });
    const last = await ok(m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 4_000_000, cost: '34285714.29', proceeds: '40000000.00', date: '2019-07-10' }));
    expect(last).to.include({ cost: '34285714.29', sharesHeld: 0 });
    expect(await position(equityId)).to.include({ shares: 0 });
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ invested: '0.00' });

    const report = (await api.as('viewer').get('/reports/investments?format=json&asOf=2019-12-31')).body;
    expect(report.rows[0]).to.include({ shares: 0, cost: '0.00', proceeds: '70000000.00', income: '500000.00', realizedGain: '10000000.00', status: 'exited' });
  });

  it('reversing a sale restores its shares', async () => {
    const m = api.as('fund_manager');
    const sale = await ok(m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 1_000_000, proceeds: '9000000.00', date: '2019-05-10' }));
    expect((await position(equityId)).shares).to.equal(6_000_000);
    await ok(m.post(`/journal/${sale.entryId}/reversal`, { reason: 'trade cancelled' }));
    expect((await position(equityId)).shares).to.equal(7_000_000);
    const again = await ok(m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 7_000_000, proceeds: '61000000.00', date: '2019-05-11' }));
    expect(again).to.include({ cost: '60000000.00' });
  });

  it('refuses shares beyond the holding, on income, or on a loan, with a clear problem and nothing written', async () => {
    const m = api.as('fund_manager');
    const before = (await api.as('viewer').get('/journal?limit=1000')).body.entries.length;
    expectProblem(await m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 7_000_001, proceeds: '1.00', date: '2019-05-10' }), 422, 'EXIT_EXCEEDS_SHARES');
    expectProblem(await m.post(`/investments/${equityId}/exits`, { kind: 'income', shares: 10, proceeds: '1.00', date: '2019-05-10' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post(`/investments/${equityId}/exits`, { kind: 'sale', proceeds: '1.00', date: '2019-05-10' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post(`/investments/${equityId}/exits`, { kind: 'sale', shares: 0, proceeds: '1.00', date: '2019-05-10' }), 400, 'VALIDATION_FAILED');
    const screening = await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600001.SH'), screenedOn: '2019-02-20' }));
    const loan = await ok(
      m.post('/funds/PHX-RELIEF/investments', { company: { stockCode: '600001.SH', name: '贷款公司' }, instrument: 'convertible_bond', amount: '10000000.00', date: '2019-03-01', screeningId: screening.id }),
    );
    const afterLoan = (await api.as('viewer').get('/journal?limit=1000')).body.entries.length;
    expect(afterLoan).to.equal(before + 1);
    const problem = expectProblem(
      await m.post(`/investments/${loan.id}/exits`, { kind: 'repayment', shares: 100, proceeds: '1000000.00', cost: '1000000.00', date: '2019-05-10' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(String(problem.detail)).to.match(/equity only/);
    expect((await api.as('viewer').get('/journal?limit=1000')).body.entries.length).to.equal(afterLoan);
    // Cost alone is still accepted, as before.
    expect((await ok(m.post(`/investments/${equityId}/exits`, { kind: 'sale', cost: '1000000.00', proceeds: '1200000.00', date: '2019-05-10' }))).cost).to.equal('1000000.00');
  });
});
