import type { IsoDate } from '../domain/dates';
import { balanceOf, type AccountBalance } from '../domain/ledger/entry';
import { roleOf } from '../domain/funds/chart-of-accounts';
import { fundFigures, investorFigures, type FundFigures, type InvestorFigures } from '../domain/funds/fund-figures';
import { lookThrough, type FundBook, type InterestValue, type NavShare } from '../domain/funds/look-through';
import { navShares } from '../domain/capital-accounts/capital-account';
import type { Repositories } from '../data/repositories';
import { capitalAccountBooks, type CapitalAccountBooks } from './capital-accounts/capital-account-books';

/** One fund's figures with its fund interests valued look-through, per investor, and its NAV shares (HLBV, the manager's row included). */
export interface ValuedFund {
  figures: FundFigures;
  investors: InvestorFigures[];
  shares: NavShare[];
  /** The capital accounts' history the shares were computed from, for callers that need its flows too (null when its shares were not asked for). */
  accounts: CapitalAccountBooks | null;
}

export interface Valuation {
  funds: Map<string, ValuedFund>;
  interests: InterestValue[];
}

/**
 * Reads the books of `codes` and of every fund they hold interests in (and so on down), as of a
 * date, and values each fund interest look-through. With `sharesOf: 'held funds'` (a caller that
 * needs figures only) a fund no other fund here holds gets no NAV shares and no capital-account read;
 * with `flows` (an IRR) every fund's capital accounts come with their dated history. One balance query per level of nesting, and
 * one read of each fund's capital-account history.
 * Returns the funds asked for and the interests they (and the funds below them) hold.
 */
export async function valueFunds(
  repos: Repositories,
  codes: readonly string[],
  asOf?: IsoDate,
  today: IsoDate = new Date().toISOString().slice(0, 10),
  options: { sharesOf?: 'every fund' | 'held funds'; flows?: boolean } = {},
): Promise<Valuation> {
  // A hypothetical liquidation is dated: the as-of date, or today for the figures as they stand.
  const date = asOf ?? today;
  const balances = new Map<string, AccountBalance[]>();
  let wanted = [...new Set(codes)];
  while (wanted.length > 0) {
    for (const code of wanted) balances.set(code, []);
    for (const b of await repos.journal.figureBalances(wanted, asOf)) balances.get(b.fund)?.push(b);
    const held = new Set<string>();
    for (const code of wanted) for (const sub of heldFunds(balances.get(code)!)) if (!balances.has(sub)) held.add(sub);
    wanted = [...held];
  }
  // A held fund's shares value its holder's interest; a fund nobody here holds needs them only when asked.
  const held = new Set([...balances.values()].flatMap(heldFunds));
  const books: FundBook[] = [];
  const perFund = new Map<string, { figures: FundFigures; investors: InvestorFigures[]; accounts: CapitalAccountBooks | null }>();
  for (const [code, list] of balances) {
    const figures = fundFigures(list);
    const investors = investorFigures(list);
    const accounts = options.sharesOf === 'held funds' && !held.has(code) ? null : await capitalAccountBooks(repos, code, date, { history: options.flows ? 'always' : 'when terms need it' });
    perFund.set(code, { figures, investors, accounts });
    books.push({ fund: code, bookedAssets: figures.nav, interests: interestCosts(list), split: (nav) => (accounts ? navShares(accounts, nav, date) : []) });
  }
  const valued = lookThrough(books);
  const funds = new Map<string, ValuedFund>();
  for (const [code, { figures, investors, accounts }] of perFund) {
    const v = valued.funds.get(code)!;
    funds.set(code, { figures: { ...figures, nav: v.nav, fundInterests: v.fundInterests }, investors, shares: v.shares, accounts });
  }
  return { funds, interests: valued.interests };
}

function heldFunds(balances: readonly AccountBalance[]): string[] {
  return [...interestCosts(balances).keys()];
}

/** Carrying value of each fund interest in these balances (cost and revaluations booked), by the fund held. */
function interestCosts(balances: readonly AccountBalance[]): Map<string, bigint> {
  const costs = new Map<string, bigint>();
  for (const b of balances) {
    const role = roleOf(b.account);
    if (role.role === 'fund-interest' || role.role === 'fund-interest-revaluation') costs.set(role.subfund, (costs.get(role.subfund) ?? 0n) + balanceOf(b));
  }
  return costs;
}
