import type { Fen } from '../money';
import { emptyFigures, type FundFigures, type InvestorFigures } from './fund-figures';
import type { InterestValue, NavShare } from './look-through';

/** One fund's figures as a consolidation needs them: look-through figures, per investor, NAV shares. */
export interface ConsolidationEntry {
  fund: string;
  figures: FundFigures;
  investors: readonly InvestorFigures[];
  shares: readonly NavShare[];
}

/**
 * A total over several funds with internal capital eliminated (docs/domain.md (Capital accounting),
 * "Consolidation"): a fund of the set that is an investor in another fund of the set is internal.
 * Committed, called, paid-in, unfunded, receivable and distributed count external investors only;
 * cash is every fund's; cost and value of an internal fund interest drop out; NAV is the external
 * investors' NAV shares, so a fund interest is counted once (in the sub-fund) and what one fund of
 * the set owes another on a call is not an asset of the group.
 */
export function consolidate(entries: readonly ConsolidationEntry[], interests: readonly InterestValue[]): FundFigures {
  const inSet = new Set(entries.map((e) => e.fund));
  const total = emptyFigures();
  for (const e of entries) {
    total.cash += e.figures.cash;
    total.invested += e.figures.invested;
    total.fundInterests += e.figures.fundInterests;
    for (const i of e.investors) {
      if (inSet.has(i.investor)) continue;
      total.committed += i.committed;
      total.called += i.called;
      total.paidIn += i.paidIn;
      total.unfunded += i.unfunded;
      total.receivable += i.receivable;
      total.distributed += i.distributed;
    }
    // A fund without investors has no shares to split its NAV into; it is all the group's.
    total.nav += e.shares.length === 0 ? e.figures.nav : externalNav(e.shares, inSet);
  }
  for (const i of interests) {
    if (!inSet.has(i.holder) || !inSet.has(i.fund)) continue;
    total.invested -= i.carrying;
    total.fundInterests -= i.value;
  }
  return total;
}

function externalNav(shares: readonly NavShare[], inSet: ReadonlySet<string>): Fen {
  return shares.reduce((sum, s) => (inSet.has(s.investor) ? sum : sum + s.navShare), 0n);
}
