import { expect } from 'chai';
import request from 'supertest';
import type { TestApi } from './api';
import { seedReference } from './fund-scenario';
import { reliefApplicant } from './applicant-builders';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in assertions
export type Body = Record<string, any>;

export async function created(res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  return r.body;
}

/** The terms of the worked example in docs/fund-terms.md. */
export const EXAMPLE_TERMS = {
  effectiveFrom: '2020-01-01',
  manager: 'MGR-A',
  investmentPeriodEnd: '2022-12-31',
  managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100' },
  hurdleRate: '0.0800',
  catchUp: '1.00',
  carry: '0.20',
  governmentProfitShare: { cededFraction: '0.50' },
  lateInterestRate: '0.0005',
  equalisationRate: '0',
};

/**
 * The worked example fund of docs/fund-terms.md, up to (not including) its fee and distributions:
 * PHX-RELIEF with terms, YH-GOV (government) and BANK-A (social) committing 100,000,000.00 each,
 * two calls paid (20,000,000.00 each on 2020-02-01, 10,000,000.00 each on 2021-02-01), an equity
 * investment of 50,000,000.00 sold for 80,000,000.00 on 2021-12-31.
 */
export async function exampleFund(api: TestApi): Promise<void> {
  await seedReference(api);
  const m = api.as('fund_manager');
  await created(m.post('/investors', { code: 'YH-GOV', name: '余杭区政府产业基金出资平台（测试）', category: 'government_fund', capitalClass: 'government' }));
  await created(m.post('/investors', { code: 'BANK-A', name: '合作银行A（测试）', category: 'financial_institution', capitalClass: 'social' }));
  await created(m.post('/investors', { code: 'MGR-A', name: '凤凰基金管理人（测试）', category: 'manager', capitalClass: 'social' }));
  await created(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
  await created(request(api.app).put('/api/v1/funds/PHX-RELIEF/terms').set('Authorization', `Bearer ${api.tokens.fund_manager}`).send(EXAMPLE_TERMS));
  for (const investor of ['YH-GOV', 'BANK-A']) await created(m.post('/funds/PHX-RELIEF/commitments', { investor, amount: '100000000.00', date: '2020-01-10' }));
  for (const [amount, date, dueDate, paidOn] of [
    ['40000000.00', '2020-01-15', '2020-02-01', '2020-02-01'],
    ['20000000.00', '2021-01-15', '2021-02-01', '2021-02-01'],
  ]) {
    const call = await created(m.post('/funds/PHX-RELIEF/capital-calls', { amount, date, dueDate }));
    for (const a of call.allocations as Body[]) await created(m.post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: paidOn }));
  }
  const screening = await created(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2020-02-05' }));
  const investment = await created(
    m.post('/funds/PHX-RELIEF/investments', {
      company: { stockCode: '600000.SH', name: '测试公司 600000.SH' },
      instrument: 'equity',
      acquisitionMode: 'block_trade',
      // Bought from a holder below 5%: no buyer's lock-up, so the scenario may sell within 6 months.
      sellerRestricted: false,
      shares: 5_000_000,
      amount: '50000000.00',
      date: '2020-02-10',
      screeningId: screening.id,
    }),
  );
  await created(m.post(`/investments/${investment.id}/exits`, { kind: 'sale', proceeds: '80000000.00', cost: '50000000.00', shares: 5_000_000, date: '2021-12-31' }));
}
