import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import { balanceOf } from '../domain/ledger/entry';
import { roleOf } from '../domain/funds/chart-of-accounts';
import { investmentReturns } from '../domain/funds/investment-performance';
import type { Investor } from '../domain/funds/fund';
import type { Database } from '../data/database';
import type { InvestmentRow } from '../data/fund-event-repository';
import { listScreenings } from './screening-service';
import type { ScreeningView } from './screening-view';

/** Every investor, funds of this ledger included. */
export async function listInvestors(db: Database): Promise<Investor[]> {
  return db.read((repos) => repos.funds.investors());
}

export interface InvestmentPosition {
  investment: InvestmentRow;
  /** Cost still held (fen), from the journal as of the date. */
  cost: Fen;
  /** Unrealized change carried on it (fen). */
  fairValueChange: Fen;
  /** Shares held at the date (acquired less shares sold by exits not reversed); null when never counted. */
  sharesHeld: number | null;
  /**
   * Of its exits dated on or before the date, reversed exits left out: sale and repayment proceeds
   * with their realized gain, and income (dividends, interest) apart, never counted as proceeds.
   */
  proceeds: Fen;
  realizedGain: Fen;
  income: Fen;
  status: 'held' | 'exited';
  /** Of its amount out, its exits in and its carrying value on the date (issue 23): XIRR and multiple, 4 dp. */
  irr: string | null;
  moic: string | null;
}

/**
 * Every investment made on or before `asOf`, with cost and fair-value adjustment from the journal as
 * they stood at the end of that date. A reversed investment shows while its reversal had not yet
 * taken effect (its cost still on the books), and is left out after.
 */
export async function investmentPositions(db: Database, asOf: IsoDate): Promise<InvestmentPosition[]> {
  return db.snapshot(async (repos) => {
    const investments = (await repos.events.investments()).filter((i) => i.date <= asOf);
    const funds = [...new Set(investments.map((i) => i.fund))];
    const cost = new Map<number, Fen>();
    const fairValue = new Map<number, Fen>();
    for (const b of await repos.journal.fundBalances(funds, asOf)) {
      const role = roleOf(b.account);
      if (role.role === 'investment-cost') cost.set(role.investmentId, (cost.get(role.investmentId) ?? 0n) + balanceOf(b));
      if (role.role === 'investment-fair-value') fairValue.set(role.investmentId, (fairValue.get(role.investmentId) ?? 0n) + balanceOf(b));
    }
    const positions: InvestmentPosition[] = [];
    for (const investment of investments) {
      const held = cost.get(investment.id) ?? 0n;
      if (investment.reversed && held === 0n) continue;
      const exits = (await repos.events.exits(investment.id)).filter((e) => e.date <= asOf && !e.reversed);
      const sales = exits.filter((e) => e.kind !== 'income');
      const sold = exits.reduce((s, e) => s + (e.shares ?? 0), 0);
      const fairValueChange = fairValue.get(investment.id) ?? 0n;
      positions.push({
        investment,
        cost: held,
        fairValueChange,
        sharesHeld: investment.shares === null ? null : investment.shares - sold,
        proceeds: sales.reduce((s, e) => s + e.proceeds, 0n),
        realizedGain: sales.reduce((s, e) => s + e.realizedGain, 0n),
        income: exits.filter((e) => e.kind === 'income').reduce((s, e) => s + e.proceeds, 0n),
        status: held === 0n ? 'exited' : 'held',
        ...investmentReturns(investment, exits, held + fairValueChange, asOf),
      });
    }
    return positions;
  });
}

/** Screenings dated on or before `asOf`, oldest first, read a page at a time. */
export async function* screeningsUpTo(db: Database, asOf: IsoDate, pageSize = 500): AsyncGenerator<ScreeningView> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listScreenings(db, { cursor, limit: pageSize });
    for (const screening of page.screenings) if (screening.screenedOn <= asOf) yield screening;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/**
 * The programme a report is about: the one named, or the only one there is.
 * @throws DomainError NOT_FOUND (unknown code, or no programme at all), VALIDATION_FAILED (several and none named)
 */
export async function resolveProgramme(db: Database, code?: string): Promise<string> {
  const programmes = await db.read((repos) => repos.funds.programmes());
  if (code) {
    if (!programmes.some((p) => p.code === code)) throw DomainError.notFound('programme', code);
    return code;
  }
  if (programmes.length === 1) return programmes[0].code;
  if (programmes.length === 0) throw new DomainError('NOT_FOUND', 'there is no programme yet: create one or load the reference seed');
  throw DomainError.validation([{ field: 'programme', message: `is required: one of ${programmes.map((p) => p.code).join(', ')}` }]);
}
