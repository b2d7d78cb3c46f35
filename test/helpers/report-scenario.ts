import { expect } from 'chai';
import type { TestApi } from './api';
import { fundedScenario } from './fund-scenario';
import { eligibleApplicant, reliefApplicant } from './applicant-builders';

type Body = Record<string, unknown>;

async function created(res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  return r.body;
}

export interface FundLife {
  /** Entry ids by event, for reversal and as-of checks. */
  entries: Record<string, number>;
  investmentId: number;
  screeningId: number;
}

/**
 * A whole fund life on top of `fundedScenario`: a relief call paid by every investor (PHX pays from
 * its own cash: a cross-fund payment), a screening, an equity investment, a valuation, a sale and an
 * income exit, a distribution (PHX's share lands in its cash), a fee that is then reversed, and a
 * second screening that is ineligible. Dates run from 2018-12-10 to 2019-07-16.
 */
export async function fundLife(api: TestApi): Promise<FundLife> {
  await fundedScenario(api);
  const m = api.as('fund_manager');
  const entries: Record<string, number> = {};
  const call = await created(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }));
  entries.call = call.entryId as number;
  for (const a of call.allocations as Array<{ investor: string; amount: string }>) {
    const paid = await created(m.post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' }));
    entries[`payment:${a.investor}`] = paid.entryId as number;
  }
  const screening = await created(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }));
  await created(api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ stockCode: '600002.SH', netAssets: '-1.00' }), screenedOn: '2019-02-21' }));
  const inv = await created(
    m.post('/funds/PHX-RELIEF/investments', {
      company: { stockCode: '600000.SH', name: '测试公司 600000.SH' },
      instrument: 'equity',
      acquisitionMode: 'block_trade',
      // Bought from a holder below 5%: no buyer's lock-up, so the scenario may sell within 6 months.
      sellerRestricted: false,
      shares: 6_000_000,
      amount: '60000000.00',
      date: '2019-03-01',
      screeningId: screening.id,
    }),
  );
  entries.investment = inv.entryId as number;
  entries.valuation = (await created(m.post(`/investments/${inv.id}/valuations`, { fairValue: '66000000.00', date: '2019-03-31' }))).entryId as number;
  entries.sale = (await created(m.post(`/investments/${inv.id}/exits`, { kind: 'sale', proceeds: '36000000.00', cost: '30000000.00', date: '2019-05-10' }))).entryId as number;
  entries.income = (await created(m.post(`/investments/${inv.id}/exits`, { kind: 'income', proceeds: '1000000.00', cost: '0.00', date: '2019-06-30' }))).entryId as number;
  entries.distribution = (await created(m.post('/funds/PHX-RELIEF/distributions', { amount: '50000000.03', date: '2019-07-01' }))).entryId as number;
  entries.fee = (await created(m.post('/funds/PHX-RELIEF/expenses', { amount: '1000000.00', date: '2019-07-15', kind: 'management_fee' }))).entryId as number;
  entries.feeReversal = (await created(m.post(`/journal/${entries.fee}/reversal`, { reason: 'fee waived by the board', date: '2019-07-16' }))).entryId as number;
  return { entries, investmentId: inv.id as number, screeningId: screening.id as number };
}
