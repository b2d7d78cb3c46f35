/**
 * An independent recomputation of capital accounts (issue 23), written from the rule's words and
 * not from the product's code: exact rational arithmetic over bigint (no big.js), one investor's
 * waterfall at a time. A scenario test feeds it the inputs it booked and compares every figure the
 * product answers with what this gives.
 *
 *   gross at a date = distributions so far (this one included) + every charge so far;
 *   portion of investor i = gross × contributed_i / contributed − its own charges;
 *   its portion runs through the tiers for it alone: its capital back (oldest contribution first),
 *   preferred return (simple, act/365, on each contribution until returned), catch-up, then carry;
 *   让利: a government investor cedes a fraction of its tier-4 share to the social investors pro
 *   rata to contributed capital;
 *   the parties' cumulative figures are rounded once, largest remainder (ties to the earlier code).
 */

/** A fraction n/d with d > 0. */
export class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint, d = 1n) {
    if (d === 0n) throw new Error('division by zero');
    const sign = d < 0n ? -1n : 1n;
    const g = gcd(n < 0n ? -n : n, d < 0n ? -d : d) || 1n;
    this.n = (sign * n) / g;
    this.d = (sign * d) / g;
  }
  static of(decimal: string): Q {
    const [whole, frac = ''] = decimal.split('.');
    return new Q(BigInt(whole + frac), 10n ** BigInt(frac.length));
  }
  plus(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  minus(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  times(o: Q | bigint): Q {
    const x = typeof o === 'bigint' ? new Q(o) : o;
    return new Q(this.n * x.n, this.d * x.d);
  }
  div(o: Q | bigint): Q {
    const x = typeof o === 'bigint' ? new Q(o) : o;
    return new Q(this.n * x.d, this.d * x.n);
  }
  cmp(o: Q): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
}

const ZERO = new Q(0n);
const min = (a: Q, b: Q) => (a.cmp(b) <= 0 ? a : b);
const max = (a: Q, b: Q) => (a.cmp(b) >= 0 ? a : b);
function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Days from a to b (ISO dates), act. */
export function days(a: string, b: string): bigint {
  return BigInt(Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000));
}

/** Largest remainder: non-negative exact shares to whole fen summing to `total`, ties to the earlier. */
export function largestRemainder(shares: Q[], total: bigint): bigint[] {
  const floors = shares.map((s) => s.floor());
  let left = total - floors.reduce((s, f) => s + f, 0n);
  const order = shares.map((s, i) => ({ i, r: s.minus(new Q(floors[i])) })).sort((a, b) => b.r.cmp(a.r) || a.i - b.i);
  for (let k = 0; left > 0n; k = (k + 1) % order.length, left--) floors[order[k].i] += 1n;
  return floors;
}

/** Half-up to a whole fen. */
export function halfUp(x: Q): bigint {
  return x.plus(new Q(1n, 2n)).floor();
}

export interface OracleTerms {
  manager: string;
  hurdleRate: string;
  catchUp: string;
  carry: string;
  cededFraction: string;
}

export interface OracleInvestor {
  code: string;
  government: boolean;
  /** Contributed capital, dated (fen). */
  contributions: Array<[date: string, fen: bigint]>;
  /** Its own charges (fees, late interest owed), dated (fen). */
  charges: Array<[date: string, fen: bigint]>;
}

export interface OracleParts {
  amount: bigint;
  returnOfCapital: bigint;
  preferredReturn: bigint;
  profit: bigint;
  carriedInterest: bigint;
}

interface Account {
  inv: OracleInvestor;
  slices: Array<{ date: string; amount: Q; open: Q; back: Array<{ date: string; amount: Q }> }>;
  portion: Q;
  roc: Q;
  pref: Q;
  tier3: Q;
  tier4: Q;
  ceded: Q;
  received: Q;
}

const upTo = (xs: Array<[string, bigint]>, date: string) => xs.filter(([d]) => d <= date).reduce((s, [, a]) => s + a, 0n);

/**
 * Each party's cumulative figures after the dated distributions `dists` (totals, any order), rounded.
 * Throws when a portion would shrink between dates: the scenarios it checks are built so it never does.
 */
export function oracleDivision(terms: OracleTerms, investors: OracleInvestor[], dists: Array<[string, bigint]>): Map<string, OracleParts> {
  const hurdle = Q.of(terms.hurdleRate);
  const catchUp = Q.of(terms.catchUp);
  const carry = Q.of(terms.carry);
  const ceded = Q.of(terms.cededFraction);
  const accounts: Account[] = [...investors]
    .sort((a, b) => (a.code < b.code ? -1 : 1))
    .map((inv) => ({
      inv,
      slices: [...inv.contributions].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, fen]) => ({ date, amount: new Q(fen), open: new Q(fen), back: [] })),
      portion: ZERO,
      roc: ZERO,
      pref: ZERO,
      tier3: ZERO,
      tier4: ZERO,
      ceded: ZERO,
      received: ZERO,
    }));
  const dates = [...new Set(dists.map(([d]) => d))].sort();
  let cumulative = 0n;
  for (const date of dates) {
    cumulative += dists.filter(([d]) => d === date).reduce((s, [, a]) => s + a, 0n);
    const contributed = accounts.map((a) => upTo(a.inv.contributions, date));
    const all = contributed.reduce((s, c) => s + c, 0n);
    const charges = accounts.map((a) => upTo(a.inv.charges, date));
    const gross = new Q(cumulative + charges.reduce((s, c) => s + c, 0n));
    const tier4Before = accounts.map((a) => a.tier4);
    accounts.forEach((a, i) => {
      const target = max(ZERO, gross.times(contributed[i]).div(all).minus(new Q(charges[i])));
      let rest = target.minus(a.portion);
      if (rest.cmp(ZERO) < 0) throw new Error(`the portion of ${a.inv.code} shrinks on ${date}: not a scenario this routine checks`);
      a.portion = target;
      // 1: its capital back, oldest contribution first, only what it had contributed by the date.
      for (const s of a.slices) {
        if (s.date > date || rest.cmp(ZERO) <= 0) continue;
        const piece = min(rest, s.open);
        if (piece.cmp(ZERO) <= 0) continue;
        s.open = s.open.minus(piece);
        s.back.push({ date, amount: piece });
        a.roc = a.roc.plus(piece);
        rest = rest.minus(piece);
      }
      // 2: preferred return accrued to the date on its own contributions.
      let dayFen = ZERO;
      for (const s of a.slices) {
        if (s.date > date) continue;
        for (const b of s.back) dayFen = dayFen.plus(b.amount.times(days(s.date, b.date)));
        dayFen = dayFen.plus(s.open.times(days(s.date, date)));
      }
      const owed = max(ZERO, dayFen.times(hurdle).div(365n).minus(a.pref));
      const pref = min(rest, owed);
      a.pref = a.pref.plus(pref);
      rest = rest.minus(pref);
      // 3: catch-up until the manager holds `carry` of tiers 2 and 3.
      if (carry.cmp(ZERO) > 0 && catchUp.cmp(carry) > 0) {
        const goal = carry.times(a.pref).div(catchUp.minus(carry));
        const take = min(rest, max(ZERO, goal.minus(a.tier3)));
        a.tier3 = a.tier3.plus(take);
        rest = rest.minus(take);
      }
      a.tier4 = a.tier4.plus(rest);
    });
    // 让利 on this date's tier-4 shares of the government investors.
    const social = accounts.map((a, i) => (a.inv.government ? 0n : contributed[i]));
    const socialAll = social.reduce((s, c) => s + c, 0n);
    if (socialAll > 0n && ceded.cmp(ZERO) > 0) {
      let given = ZERO;
      accounts.forEach((a, i) => {
        if (!a.inv.government) return;
        const g = a.tier4.minus(tier4Before[i]).times(new Q(1n).minus(carry)).times(ceded);
        a.ceded = a.ceded.plus(g);
        given = given.plus(g);
      });
      accounts.forEach((a, i) => (a.received = a.received.plus(given.times(social[i]).div(socialAll))));
    }
  }
  const parties = new Map<string, { roc: Q; pref: Q; profit: Q; carried: Q }>();
  const partyOf = (code: string) => {
    let p = parties.get(code);
    if (!p) parties.set(code, (p = { roc: ZERO, pref: ZERO, profit: ZERO, carried: ZERO }));
    return p;
  };
  const one = new Q(1n);
  for (const a of accounts) {
    const p = partyOf(a.inv.code);
    p.roc = p.roc.plus(a.roc);
    p.pref = p.pref.plus(a.pref);
    p.profit = p.profit.plus(a.tier3.times(one.minus(catchUp))).plus(a.tier4.times(one.minus(carry))).minus(a.ceded).plus(a.received);
    const m = partyOf(terms.manager);
    m.carried = m.carried.plus(a.tier3.times(catchUp)).plus(a.tier4.times(carry));
  }
  const codes = [...parties.keys()].sort();
  const totals = largestRemainder(
    codes.map((c) => {
      const p = parties.get(c)!;
      return p.roc.plus(p.pref).plus(p.profit).plus(p.carried);
    }),
    cumulative,
  );
  const out = new Map<string, OracleParts>();
  codes.forEach((c, i) => {
    const p = parties.get(c)!;
    const [returnOfCapital, preferredReturn, profit, carriedInterest] = largestRemainder([p.roc, p.pref, p.profit, p.carried], totals[i]);
    out.set(c, { amount: totals[i], returnOfCapital, preferredReturn, profit, carriedInterest });
  });
  return out;
}

/** The split of the last of `dists`: its cumulative division less the one before it. */
export function oracleSplit(terms: OracleTerms, investors: OracleInvestor[], dists: Array<[string, bigint]>): Map<string, OracleParts> {
  const after = oracleDivision(terms, investors, dists);
  const before = oracleDivision(terms, investors, dists.slice(0, -1));
  const out = new Map<string, OracleParts>();
  for (const [code, a] of after) {
    const b = before.get(code) ?? { amount: 0n, returnOfCapital: 0n, preferredReturn: 0n, profit: 0n, carriedInterest: 0n };
    out.set(code, {
      amount: a.amount - b.amount,
      returnOfCapital: a.returnOfCapital - b.returnOfCapital,
      preferredReturn: a.preferredReturn - b.preferredReturn,
      profit: a.profit - b.profit,
      carriedInterest: a.carriedInterest - b.carriedInterest,
    });
  }
  return out;
}
