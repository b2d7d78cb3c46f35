import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { maxFen, type Fen } from '../domain/money';
import { emptyInvestorFigures, type InvestorFigures } from '../domain/funds/fund-figures';
import { performance, type Performance } from '../domain/funds/performance';
import { netOfCarry, type NetOfCarry } from '../domain/terms/net-of-carry';
import type { Fund } from '../domain/funds/fund';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { valueFunds } from './fund-valuation';
import { fundFlows, partnerFlows } from './capital-accounts/partner-flows';

export interface InvestorCapitalAccount extends InvestorFigures {
  /** What it would receive were the NAV distributed on the date through the waterfall in force (HLBV); the parts sum to the NAV. */
  navShare: Fen;
  /** The carried interest in its NAV share (the manager's row): accrued, not yet distributed. */
  carriedInterestAccrued: Fen;
  /** Compensation it paid (equalisation and late interest) and received (equalisation interest), not capital (fen). */
  compensationPaid: Fen;
  compensationReceived: Fen;
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
 * NAV, DPI, RVPI, TVPI and IRR of a fund and of each of its investors, as of a date
 * (docs/capital-accounting.md). NAV leaves out what partners still owe (a deduction from their
 * capital); multiples divide by contributed capital; an investor's IRR counts every cash flow
 * between it and the fund, compensation included, with its NAV share (HLBV) as terminal value; the
 * fund's IRR nets equalisation interest out. The fund's figures come gross and net of carried
 * interest (paid, and accrued: the manager's NAV share).
 * @throws DomainError NOT_FOUND
 */
export async function fundPerformance(db: Database, code: string, asOf: IsoDate): Promise<FundPerformance> {
  return db.snapshot((repos) => performanceIn(repos, code, asOf));
}

async function performanceIn(repos: Repositories, code: string, asOf: IsoDate): Promise<FundPerformance> {
  const fund = await repos.funds.fund(code);
  if (!fund) throw DomainError.notFound('fund', code);
  const valued = (await valueFunds(repos, [code], asOf, undefined, { flows: true })).funds.get(code)!;
  const flows = await partnerFlows(repos, code, asOf, valued.accounts!);
  const shares = new Map(valued.shares.map((s) => [s.investor, s]));
  // Every party with a share, the manager of a fund with terms included before it has had any carry.
  const known = new Set(valued.investors.map((i) => i.investor));
  const parties = [...valued.investors, ...valued.shares.filter((s) => !known.has(s.investor)).map((s) => emptyInvestorFigures(s.investor))].sort((a, b) =>
    a.investor < b.investor ? -1 : a.investor > b.investor ? 1 : 0,
  );
  const investors = parties.map((inv) => {
    const share = shares.get(inv.investor);
    const own = flows.filter((f) => f.investor === inv.investor);
    const compensation = own.filter((f) => f.kind === 'equalisation_interest' || f.kind === 'late_interest');
    return {
      ...inv,
      navShare: share?.navShare ?? 0n,
      carriedInterestAccrued: maxFen(0n, share?.carriedInterest ?? 0n),
      compensationPaid: compensation.filter((f) => f.amount < 0n).reduce((s, f) => s - f.amount, 0n),
      compensationReceived: compensation.filter((f) => f.amount > 0n).reduce((s, f) => s + f.amount, 0n),
      performance: performance(own, share?.navShare ?? 0n, asOf, { paidIn: inv.paidIn, distributed: inv.distributed }),
    };
  });
  const nav = valued.figures.nav;
  const capital = { paidIn: valued.figures.paidIn, distributed: valued.figures.distributed };
  const own = fundFlows(flows);
  const accrued = maxFen(0n, valued.shares.reduce((s, x) => s + x.carriedInterest, 0n));
  return { fund, asOf, performance: performance(own, nav, asOf, capital), netOfCarry: netOfCarry(own, nav, accrued, asOf, capital), investors };
}
