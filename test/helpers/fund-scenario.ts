import { expect } from 'chai';
import { runSeeds } from '../../seeds';
import type { TestApi } from './api';

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
  const ok = async (res: Promise<{ status: number; body: unknown }> | { status: number; body: unknown }, status = 201) => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body as Record<string, unknown>;
  };
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
