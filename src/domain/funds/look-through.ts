import { allocateProRata, sumFen, type Fen } from '../money';

/**
 * Look-through valuation of fund interests (docs/domain.md, Capital accounting, "Fund interests"), and the
 * exact split of a fund's NAV among its investors ("Exact parts"). Pure: the caller reads the
 * books; a period close can book `InterestValue.adjustment` as the revaluation.
 *
 * Allocation rule, until fund terms (a waterfall) exist: every investor's capital account is
 * (a) what it still owes on calls (its receivable: called capital is in its account, the unpaid
 * part as a claim on it) plus (b) its part of the rest of the NAV pro rata to paid-in capital, the
 * same basis distributions use. Part (b) alone is what the investor's money is worth; for a fund
 * of this ledger it is the look-through value of its interest (the holder has not booked what it
 * owes, so that part is not its asset).
 *
 * Management fees are charged to the fee-paying investors only (exempt ones pay none): the fee
 * payable already lowers the NAV, so part (b) is the NAV before fees, pro rata to paid-in, less the
 * investor's own fees. The shares still sum to the NAV (assets − liabilities) to the fen.
 */

/** One investor's capital figures in one fund, as the books give them. */
export interface InvestorBasis {
  investor: string;
  paidIn: Fen;
  receivable: Fen;
  /** Management fees charged to its capital account (0 when absent). */
  fees?: Fen;
}

/** One fund's books, as needed for look-through. */
export interface FundBook {
  fund: string;
  /** Every asset account as booked, fund interests at their carrying value (cost). */
  bookedAssets: Fen;
  /** Carrying value of each interest the fund holds in another fund of this ledger, by that fund. */
  interests: ReadonlyMap<string, Fen>;
  investors: readonly InvestorBasis[];
}

export interface NavShare {
  investor: string;
  /** The investor's capital account: its part of NAV (all parts sum to the NAV, to the fen). */
  navShare: Fen;
  /** navShare less what it still owes on calls: the value of what it paid in. */
  value: Fen;
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
        const value = share ? share.value : carrying;
        nav += value - carrying;
        fundInterests += value;
        interests.push({ holder: code, fund: sub, carrying, value, adjustment: value - carrying });
      }
      funds.set(code, { fund: code, nav, fundInterests, shares: navShares(nav, book.investors) });
    }
  }
  return { funds, interests };
}

/**
 * Splits a NAV among investors by the rule above, largest remainder, so the shares sum to the NAV
 * exactly. A fund with no paid-in capital splits what is left equally; one without investors has
 * no shares.
 */
export function navShares(nav: Fen, investors: readonly InvestorBasis[]): NavShare[] {
  if (investors.length === 0) return [];
  const fees = sumFen(investors.map((i) => i.fees ?? 0n));
  const rest = nav - sumFen(investors.map((i) => i.receivable)) + fees;
  const paidWeights = investors.map((i) => (i.paidIn > 0n ? i.paidIn : 0n));
  const weights = sumFen(paidWeights) > 0n ? paidWeights : investors.map(() => 1n);
  const magnitude = allocateProRata(rest < 0n ? -rest : rest, weights);
  return investors.map((i, index) => {
    const value = (rest < 0n ? -magnitude[index] : magnitude[index]) - (i.fees ?? 0n);
    return { investor: i.investor, navShare: i.receivable + value, value };
  });
}
