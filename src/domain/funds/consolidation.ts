import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import { emptyFigures, type FundFigures, type InvestorFigures } from './fund-figures';
import type { InterestValue, NavShare } from './look-through';
import { performance, type CashFlow } from './performance';

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

/** A dated cash flow between a fund and one of its partners, from the partner's side (paid in negative). */
export interface PartnerCashFlow extends CashFlow {
  investor: string;
}

/** One fund of a group as its consolidated IRR needs it: look-through NAV, NAV shares, every partner flow. */
export interface ConsolidatedMember {
  fund: string;
  nav: Fen;
  shares: readonly NavShare[];
  flows: readonly PartnerCashFlow[];
}

/**
 * The IRR of a group of funds (a programme, or a fund with its sub-funds) seen from outside the
 * ledger (issue 23): only the flows between the group's funds and investors that are not funds of
 * this ledger (capital, distributions with their carried interest, compensation such as late and
 * equalisation interest), with those investors' NAV shares on `asOf` as the terminal value (a fund
 * without partners counts whole). What one fund of the ledger pays another never leaves the
 * programme, so it is no flow. XIRR, 4 dp; null as `xirr` gives it.
 */
export function consolidatedIrr(members: readonly ConsolidatedMember[], isLedgerFund: (code: string) => boolean, asOf: IsoDate): string | null {
  const flows = members.flatMap((m) => m.flows.filter((f) => !isLedgerFund(f.investor)));
  const nav = members.reduce((sum, m) => sum + (m.shares.length === 0 ? m.nav : m.shares.reduce((s, x) => (isLedgerFund(x.investor) ? s : s + x.navShare), 0n)), 0n);
  return performance(flows, nav, asOf).irr;
}
