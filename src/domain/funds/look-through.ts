import type { Fen } from '../money';
import type { NavShare } from '../capital-accounts/capital-account';

export type { NavShare };

/**
 * Look-through valuation of fund interests (docs/domain.md, Capital accounting, "Fund interests"): a
 * fund's interest in a sub-fund of this ledger is worth the holder's NAV share in it, on a
 * liquidation basis (docs/capital-accounting.md). Pure: the caller reads the books and gives each
 * fund the rule that splits a NAV among its partners; a period close can book
 * `InterestValue.adjustment` as the revaluation.
 */

/** One fund's books, as needed for look-through. */
export interface FundBook {
  fund: string;
  /** Every asset account as booked (partners' receivables left out), fund interests at their carrying value (cost). */
  bookedAssets: Fen;
  /** Carrying value of each interest the fund holds in another fund of this ledger, by that fund. */
  interests: ReadonlyMap<string, Fen>;
  /** Splits the fund's NAV among its partners (HLBV), the parts summing to the NAV. */
  split(nav: Fen): NavShare[];
}

export interface InterestValue {
  holder: string;
  fund: string;
  carrying: Fen;
  value: Fen;
  /** value − carrying: the unrealized change a period close books. */
  adjustment: Fen;
}

export interface FundValuation {
  fund: string;
  /** NAV with every fund interest at look-through value. */
  nav: Fen;
  /** Look-through value of the interests this fund holds. */
  fundInterests: Fen;
  shares: NavShare[];
}

export interface LookThrough {
  funds: Map<string, FundValuation>;
  interests: InterestValue[];
}

/**
 * Values every fund in `books`, sub-funds before the funds holding them (deepest first), so an
 * interest in a fund that itself holds interests is valued on that fund's look-through NAV. An
 * interest in a fund outside `books`, or inside a holding cycle, stays at its carrying value.
 */
export function lookThrough(books: readonly FundBook[]): LookThrough {
  const byFund = new Map(books.map((b) => [b.fund, b]));
  const funds = new Map<string, FundValuation>();
  const interests: InterestValue[] = [];
  const pending = new Set(byFund.keys());
  while (pending.size > 0) {
    let ready = [...pending].filter((code) => [...byFund.get(code)!.interests.keys()].every((s) => !pending.has(s) || s === code));
    // A cycle (funds holding each other) cannot be valued look-through: break it at carrying value.
    if (ready.length === 0) ready = [[...pending].sort()[0]];
    for (const code of ready.sort()) {
      pending.delete(code);
      const book = byFund.get(code)!;
      let nav = book.bookedAssets;
      let fundInterests = 0n;
      for (const [sub, carrying] of [...book.interests].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const share = funds.get(sub)?.shares.find((s) => s.investor === code);
        const value = share ? share.navShare : carrying;
        nav += value - carrying;
        fundInterests += value;
        interests.push({ holder: code, fund: sub, carrying, value, adjustment: value - carrying });
      }
      funds.set(code, { fund: code, nav, fundInterests, shares: book.split(nav) });
    }
  }
  return { funds, interests };
}
