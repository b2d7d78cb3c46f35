import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import type { InvestorFigures } from '../domain/funds/fund-figures';
import { performance, type Performance } from '../domain/funds/performance';
import { accruedCarry, netOfCarry, type NetOfCarry } from '../domain/terms/net-of-carry';
import type { Fund } from '../domain/funds/fund';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { valueFunds } from './fund-valuation';
import { termsInForce } from './fund-terms-service';
import { waterfallInvestors } from './waterfall-basis';

export interface InvestorCapitalAccount extends InvestorFigures {
  /** The investor's capital account: its part of NAV, largest remainder, so the parts sum to the NAV (look-through.ts). */
  navShare: Fen;
  performance: Performance;
}

export interface FundPerformance {
  fund: Fund;
  asOf: IsoDate;
  /** Gross of carried interest (the manager's part counts as distributed), net of fees. */
  performance: Performance;
  /** The same figures with the manager's carried interest, paid and accrued, taken out. */
  netOfCarry: NetOfCarry;
  investors: InvestorCapitalAccount[];
}

/**
 * NAV, DPI, RVPI, TVPI and IRR of a fund and of each of its investors, as of a date. Cash flows are
 * the investors' payments and distributions; NAV (fund interests valued look-through) is the
 * terminal value. An investor's terminal value is its NAV share less what it still owes on calls.
 * The fund's figures come gross and net of carried interest (paid, and accrued on the NAV).
 * @throws DomainError NOT_FOUND
 */
export async function fundPerformance(db: Database, code: string, asOf: IsoDate): Promise<FundPerformance> {
  return db.snapshot((repos) => performanceIn(repos, code, asOf));
}

async function performanceIn(repos: Repositories, code: string, asOf: IsoDate): Promise<FundPerformance> {
  const fund = await repos.funds.fund(code);
  if (!fund) throw DomainError.notFound('fund', code);
  const valued = (await valueFunds(repos, [code], asOf)).funds.get(code)!;
  const flows = await repos.events.investorFlows(code, asOf);
  const shares = new Map(valued.shares.map((s) => [s.investor, s]));
  const investors = valued.investors.map((inv) => {
    const share = shares.get(inv.investor);
    return {
      ...inv,
      navShare: share?.navShare ?? 0n,
      performance: performance(flows.filter((f) => f.investor === inv.investor), share?.value ?? 0n, asOf),
    };
  });
  const nav = valued.figures.nav;
  return { fund, asOf, performance: performance(flows, nav, asOf), netOfCarry: netOfCarry(flows, nav, await carryAccrued(repos, code, nav, asOf), asOf), investors };
}

/** The carried interest accrued on the date under the terms in force then (0 for a fund without terms). */
async function carryAccrued(repos: Repositories, code: string, nav: Fen, asOf: IsoDate): Promise<Fen> {
  const terms = await termsInForce(repos, code, asOf);
  if (!terms || nav <= 0n) return 0n;
  const distributions = (await repos.events.distributions(code))
    .filter((d) => !d.reversed && d.date <= asOf)
    .map((d) => ({ date: d.date, amount: d.amount }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return accruedCarry({ terms, investors: await waterfallInvestors(repos, code, asOf), distributions }, nav, asOf);
}
