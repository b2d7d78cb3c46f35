import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import type { InvestorFigures } from '../domain/funds/fund-figures';
import { performance, type Performance } from '../domain/funds/performance';
import type { Fund } from '../domain/funds/fund';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { valueFunds } from './fund-valuation';

export interface InvestorCapitalAccount extends InvestorFigures {
  /** The investor's capital account: its part of NAV, largest remainder, so the parts sum to the NAV (look-through.ts). */
  navShare: Fen;
  performance: Performance;
}

export interface FundPerformance {
  fund: Fund;
  asOf: IsoDate;
  performance: Performance;
  investors: InvestorCapitalAccount[];
}

/**
 * NAV, DPI, RVPI, TVPI and IRR of a fund and of each of its investors, as of a date. Cash flows are
 * the investors' payments and distributions; NAV (fund interests valued look-through) is the
 * terminal value. An investor's terminal value is its NAV share less what it still owes on calls.
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
  return { fund, asOf, performance: performance(flows, valued.figures.nav, asOf), investors };
}
