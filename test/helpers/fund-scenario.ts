import { expect } from 'chai';
import request from 'supertest';
import { runSeeds } from '../../seeds';
import type { TestApi } from './api';
import { reliefApplicant } from './applicant-builders';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely in builders
type Body = Record<string, any>;

/** The body of a response with the expected status (201 by default), else a failure naming the body. */
export async function ok(res: PromiseLike<{ status: number; body: unknown }>, status = 201): Promise<Body> {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).to.equal(status);
  return r.body as Body;
}

/** Loads the reference seed (programme, PHX, YH-IF, YH-TUF, PHX-RELIEF, PHX-MA) into the test database. */
export async function seedReference(api: TestApi): Promise<void> {
  await runSeeds(api.db, 'reference');
}

export const TEST_INVESTORS = [
  { code: 'YH-GOV', name: '余杭区政府产业基金出资平台（测试）', category: 'government_fund', capitalClass: 'government' },
  { code: 'SOE-A', name: '区属国有平台A（测试）', category: 'state_owned', capitalClass: 'government' },
  { code: 'BANK-A', name: '合作银行A（测试）', category: 'financial_institution', capitalClass: 'social' },
  { code: 'SEC-A', name: '合作券商A（测试）', category: 'securities_firm', capitalClass: 'social' },
  { code: 'PRIV-A', name: '社会资本A（测试）', category: 'private', capitalClass: 'social' },
] as const;

/** Reference seed + test investors + PHX fully committed and partly called and paid, PHX-RELIEF sized at 1bn and committed. */
export async function fundedScenario(api: TestApi): Promise<void> {
  await seedReference(api);
  const m = api.as('fund_manager');
  for (const investor of TEST_INVESTORS) await ok(m.post('/investors', investor));
  await ok(m.post('/funds/PHX/commitments', { investor: 'YH-GOV', amount: '1200000000.00', date: '2018-12-10' }));
  await ok(m.post('/funds/PHX/commitments', { investor: 'SOE-A', amount: '800000000.00', date: '2018-12-10' }));
  const phxCall = await ok(m.post('/funds/PHX/capital-calls', { amount: '300000000.01', date: '2018-12-20', dueDate: '2019-01-10' }));
  for (const investor of ['YH-GOV', 'SOE-A']) {
    const allocation = (phxCall.allocations as Array<{ investor: string; amount: string }>).find((a) => a.investor === investor)!;
    await ok(m.post(`/capital-calls/${phxCall.id}/payments`, { investor, amount: allocation.amount, date: '2019-01-05' }));
  }
  await ok(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
  for (const [investor, amount] of [
    ['PHX', '250000000.00'],
    ['BANK-A', '400000000.00'],
    ['SEC-A', '200000000.00'],
    ['PRIV-A', '150000000.00'],
  ]) {
    await ok(m.post('/funds/PHX-RELIEF/commitments', { investor, amount, date: '2019-01-15' }));
  }
}

/** Reference seed + test investors, PHX-RELIEF sized at 1bn and active, nothing committed. */
export async function reliefWithInvestors(api: TestApi): Promise<void> {
  await seedReference(api);
  const m = api.as('fund_manager');
  for (const investor of TEST_INVESTORS) await ok(m.post('/investors', investor));
  await ok(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
}

/** A call on `fund` that every investor pays in full on `paidOn`; the call's 201 body. */
export async function callPaid(api: TestApi, fund: string, call: { amount: string; date: string; dueDate: string }, paidOn: string): Promise<Body> {
  const m = api.as('fund_manager');
  const booked = await ok(m.post(`/funds/${fund}/capital-calls`, call));
  for (const a of booked.allocations as Array<{ investor: string; amount: string }>) {
    await ok(m.post(`/capital-calls/${booked.id}/payments`, { investor: a.investor, amount: a.amount, date: paidOn }));
  }
  return booked;
}

/**
 * On top of `fundedScenario`: PHX-RELIEF calls 100,000,000.00 (2019-02-01), paid in full on
 * 2019-02-15, and buys 6,000,000 shares of 600000.SH (or `shares`) for 60,000,000.00 on 2019-03-01
 * by block trade (or `acquisitionMode`) after an eligible screening. The ids of the call and the
 * investment.
 */
export async function reliefInvested(api: TestApi, options: { shares?: number; acquisitionMode?: string } = {}): Promise<{ callId: number; investmentId: number }> {
  await fundedScenario(api);
  const call = await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-15');
  const screening = await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }));
  const investment = await ok(
    api.as('fund_manager').post('/funds/PHX-RELIEF/investments', {
      company: { stockCode: '600000.SH', name: '测试公司' },
      instrument: 'equity',
      acquisitionMode: options.acquisitionMode ?? 'block_trade',
      // A block from a holder below 5%: no buyer's lock-up, so the scenarios may sell within 6 months.
      ...((options.acquisitionMode ?? 'block_trade') === 'block_trade' ? { sellerRestricted: false } : {}),
      shares: options.shares ?? 6_000_000,
      amount: '60000000.00',
      date: '2019-03-01',
      screeningId: screening.id,
    }),
  );
  return { callId: call.id, investmentId: investment.id };
}

/**
 * The partnership terms most tests book against: manager MGR-A, 2% of commitments in the
 * investment period (to 2023-12-31) and 1% after, PHX exempt; 8% hurdle, full catch-up, 20% carry;
 * 6% equalisation interest for later closings.
 */
export const STANDARD_TERMS = {
  effectiveFrom: '2019-01-01',
  manager: 'MGR-A',
  investmentPeriodEnd: '2023-12-31',
  managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100', exempt: ['PHX'] },
  hurdleRate: '0.0800',
  catchUp: '1.00',
  carry: '0.20',
  equalisationRate: '0.0600',
};

/** Registers the manager MGR-A (category manager) and sets `terms` (naming it) on `fund`. */
export async function withTerms(api: TestApi, fund: string, terms: object, managerName = '管理人A（测试）'): Promise<void> {
  await ok(api.as('fund_manager').post('/investors', { code: 'MGR-A', name: managerName, category: 'manager', capitalClass: 'social' }));
  await ok(request(api.app).put(`/api/v1/funds/${fund}/terms`).set('Authorization', `Bearer ${api.tokens.fund_manager}`).send(terms));
}
