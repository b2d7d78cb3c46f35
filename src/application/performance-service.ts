import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import { fundFigures, investorFigures, type InvestorFigures } from '../domain/funds/fund-figures';
import { performance, type Performance } from '../domain/funds/performance';
import type { Fund } from '../domain/funds/fund';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';

export interface InvestorCapitalAccount extends InvestorFigures {
  /** The investor's share of NAV, pro rata to paid-in capital (largest remainder not needed: a reported figure). */
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
 * the investors' payments and distributions; NAV is the terminal value. An investor's NAV share is
 * pro rata to paid-in capital.
 * @throws DomainError NOT_FOUND
 */
export async function fundPerformance(db: Database, code: string, asOf: IsoDate): Promise<FundPerformance> {
  return db.snapshot((repos) => performanceIn(repos, code, asOf));
}

export async function performanceIn(repos: Repositories, code: string, asOf: IsoDate): Promise<FundPerformance> {
  const fund = await repos.funds.fund(code);
  if (!fund) throw DomainError.notFound('fund', code);
  const balances = await repos.journal.figureBalances([code], asOf);
  const figures = fundFigures(balances);
  const flows = await repos.events.investorFlows(code, asOf);
  const byInvestor = investorFigures(balances);
  const investors = byInvestor.map((inv) => {
    const navShare = figures.paidIn > 0n ? (figures.nav * inv.paidIn) / figures.paidIn : 0n;
    return {
      ...inv,
      navShare,
      performance: performance(flows.filter((f) => f.investor === inv.investor), navShare, asOf),
    };
  });
  return { fund, asOf, performance: performance(flows, figures.nav, asOf), investors };
}
