/**
 * The benchmark event file: commitments of 20 investors to the three member funds, then cycles of
 * a capital call, its 20 payments, an investment, a valuation, a sale, four distributions and a
 * fee, all valid under the rules, dated within the screening window. Shared by the import/export
 * and the reads-at-scale benchmarks, which both build their databases through the import path.
 */
import type { Database } from '../src/data/database';
import { runSeeds } from '../seeds';
import { createInvestor } from '../src/application/fund-service';
import { screenOne } from '../src/application/screening-service';
import { resultOf } from '../src/application/command-runner';
import { seedContext } from '../seeds/seed-step';
import { eligibleApplicant } from '../test/helpers/applicant-builders';

const FUNDS = ['PHX', 'YH-IF', 'YH-TUF'];
const INVESTORS = Array.from({ length: 20 }, (_, i) => `BENCH-${String(i + 1).padStart(2, '0')}`);
const COMPANIES = Array.from({ length: 50 }, (_, i) => `${600100 + i}.SH`);
const HEADER = 'type,date,ref,fund,investor,amount,dueDate,callRef,stockCode,companyName,instrument,shares,acquisitionMode,screeningId,investmentRef,kind,proceeds,cost,fairValue,memo';
/** Events per cycle: a call, a payment from each of the 20 investors, an investment, a valuation, a sale, four distributions, a fee. */
const DISTRIBUTIONS = 4;
const CYCLE = 1 + INVESTORS.length + 4 + DISTRIBUTIONS;

function dateAt(cycle: number, cycles: number): string {
  // Every event within 178 days of the screenings of 2019-01-01, so the 180-day screening window holds.
  const day = 1 + Math.floor((cycle * 177) / Math.max(1, cycles));
  return new Date(Date.UTC(2019, 0, 1 + day)).toISOString().slice(0, 10);
}

/** Each investor commits 100,000,000.00 to each member fund; each call is 1,000,000.00, so every allocation is 50,000.00. */
export function generate(events: number, screeningIds: Map<string, number>): string {
  const out: string[] = [HEADER];
  const cell = (c: Record<string, string | number>) => HEADER.split(',').map((k) => (c[k] === undefined ? '' : String(c[k]))).join(',');
  for (const fund of FUNDS) for (const investor of INVESTORS) out.push(cell({ type: 'commitment', date: '2019-01-02', fund, investor, amount: '100000000.00' }));
  const cycles = Math.floor((events - out.length + 1) / CYCLE);
  for (let c = 0; c < cycles; c += 1) {
    const fund = FUNDS[c % FUNDS.length];
    const date = dateAt(c, cycles);
    const stockCode = COMPANIES[c % COMPANIES.length];
    out.push(cell({ type: 'capital_call', date, ref: `c${c}`, fund, amount: '1000000.00', dueDate: '2019-12-31' }));
    for (const investor of INVESTORS) out.push(cell({ type: 'payment', date, callRef: `c${c}`, investor, amount: '50000.00' }));
    out.push(
      cell({ type: 'investment', date, ref: `i${c}`, fund, stockCode, companyName: `基准公司 ${stockCode}`, instrument: 'equity', shares: 50000, acquisitionMode: 'block_trade', screeningId: screeningIds.get(stockCode)!, amount: '500000.00' }),
    );
    out.push(cell({ type: 'valuation', date, investmentRef: `i${c}`, fairValue: '520000.00' }));
    out.push(cell({ type: 'exit', date, investmentRef: `i${c}`, kind: 'sale', proceeds: '300000.00', cost: '250000.00' }));
    for (let d = 0; d < DISTRIBUTIONS; d += 1) out.push(cell({ type: 'distribution', date, fund, amount: '50000.00' }));
    out.push(cell({ type: 'expense', date, fund, amount: '10000.00', kind: 'management_fee' }));
  }
  return `${out.join('\n')}\n`;
}

export async function prepare(db: Database): Promise<Map<string, number>> {
  await db.migrate();
  await runSeeds(db, 'reference');
  const ctx = seedContext('bench');
  for (const [i, code] of INVESTORS.entries()) {
    await createInvestor(db, ctx, { code, name: `基准出资人 ${code}`, category: i < 10 ? 'state_owned' : 'private', capitalClass: i < 10 ? 'government' : 'social' });
  }
  const ids = new Map<string, number>();
  for (const stockCode of COMPANIES) {
    const result = await screenOne(db, ctx, { applicant: eligibleApplicant({ stockCode, name: `基准公司 ${stockCode}` }), screenedOn: '2019-01-01', today: '2019-01-01' });
    ids.set(stockCode, resultOf(result).id);
  }
  return ids;
}
