import type Big from 'big.js';
import { DomainError } from '../errors';
import { daysBetween, type IsoDate } from '../dates';
import { bigToFen, type Fen } from '../money';
import type { CapitalClass } from '../funds/fund';
import type { FundTerms } from '../terms/fund-terms';
import { Exact, exactOf, roundShares, sumExact, ZERO } from '../terms/exact-split';

/** A dated amount in fen. */
export interface Dated {
  date: IsoDate;
  amount: Fen;
}

/** One investor's capital account as the books give it (docs/capital-accounting.md). */
export interface AccountHolder {
  investor: string;
  capitalClass: CapitalClass;
  /**
   * Contributed capital: what it paid against calls, equalisation catch-up included, equalisation
   * and late interest left out (compensation, not capital). Dated; a reversal is a negative amount.
   */
  contributions: readonly Dated[];
  /** Its own fees and charges: management fees (and fee catch-up) charged to it, late interest it still owes. */
  charges: readonly Dated[];
}

export type WaterfallTerms = Pick<FundTerms, 'manager' | 'hurdleRate' | 'catchUp' | 'carry' | 'governmentProfitShare'>;

export interface DivisionInput {
  /** The terms in force; null for a fund without terms (no tiers, no carry: pro rata net of own charges). */
  terms: WaterfallTerms | null;
  holders: readonly AccountHolder[];
  /** Every distribution's total so far (investors and manager together), any order. */
  distributions: readonly Dated[];
}

/** A party's distributions by waterfall part (fen): `amount` is the sum of the four. */
export interface PartyParts {
  investor: string;
  amount: Fen;
  returnOfCapital: Fen;
  preferredReturn: Fen;
  profit: Fen;
  /** Catch-up and carry, one amount rounded once (the manager's row). */
  carriedInterest: Fen;
}

/**
 * A party's cumulative division: what it has had and is owed of all distributions plus the one
 * asked about (its tiers, or the manager's carried interest, plus its own tiers when it is also an
 * investor).
 */
export interface Division extends PartyParts {
  /** Its charges beyond its portion of the gross: a shortfall it owes the fund, not paid out (fen, ≥ 0). */
  owed: Fen;
}

interface Slice {
  date: IsoDate;
  amount: Big;
  unreturned: Big;
  returned: Array<{ date: IsoDate; amount: Big }>;
}

/**
 * One investor's own waterfall, cumulative: its portion of the gross is pushed through the tiers
 * date by date; a portion that shrinks (others' capital joined, its fees grew) is taken back from
 * the top tier down.
 */
class OwnWaterfall {
  readonly slices: Slice[];
  portion = ZERO;
  returnOfCapital = ZERO;
  preferredReturn = ZERO;
  /** Gross amounts taken by tier 3 (catch-up) and tier 4 (carry split). */
  catchUpTier = ZERO;
  profitTier = ZERO;
  /** 让利: given by a government investor, received by a social one. */
  ceded = ZERO;
  received = ZERO;

  constructor(
    readonly holder: AccountHolder,
    private readonly terms: WaterfallTerms | null,
  ) {
    this.slices = [...holder.contributions]
      .filter((c) => c.amount !== 0n)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((c) => ({ date: c.date, amount: exactOf(c.amount), unreturned: exactOf(c.amount), returned: [] }));
  }

  /** Moves the investor's cumulative portion to `target` (≥ 0) on `date`. */
  moveTo(target: Big, date: IsoDate): void {
    const delta = target.minus(this.portion);
    if (delta.gt(0)) this.forward(delta, date);
    else if (delta.lt(0)) this.back(delta.neg());
    this.portion = target;
  }

  /** The investor's part of tiers 3 and 4 (before 让利) and the manager's part. */
  investorProfit(): Big {
    if (!this.terms) return this.profitTier;
    return this.catchUpTier.times(new Exact(1).minus(this.terms.catchUp)).plus(this.profitTier.times(new Exact(1).minus(this.terms.carry)));
  }

  managerPart(): Big {
    if (!this.terms) return ZERO;
    return this.catchUpTier.times(this.terms.catchUp).plus(this.profitTier.times(this.terms.carry));
  }

  contributedBy(date: IsoDate): Big {
    return sumExact(this.slices.filter((s) => s.date <= date).map((s) => s.amount));
  }

  private forward(amount: Big, date: IsoDate): void {
    let rest = amount;
    const unreturned = sumExact(this.slices.filter((s) => s.date <= date).map((s) => s.unreturned));
    const returned = min(rest, max(ZERO, unreturned));
    this.applyReturn(returned, date);
    this.returnOfCapital = this.returnOfCapital.plus(returned);
    rest = rest.minus(returned);
    if (!this.terms) {
      this.profitTier = this.profitTier.plus(rest);
      return;
    }
    const owed = max(ZERO, this.accrued(date).minus(this.preferredReturn));
    const preferred = min(rest, owed);
    this.preferredReturn = this.preferredReturn.plus(preferred);
    rest = rest.minus(preferred);
    const catchUp = new Exact(this.terms.catchUp);
    const carry = new Exact(this.terms.carry);
    if (carry.gt(0) && catchUp.gt(carry)) {
      // Tier 3 ends when the manager holds `carry` of tiers 2 + 3: catchUp·X = carry·(P + X).
      const target = carry.times(this.preferredReturn).div(catchUp.minus(carry));
      const taken = min(rest, max(ZERO, target.minus(this.catchUpTier)));
      this.catchUpTier = this.catchUpTier.plus(taken);
      rest = rest.minus(taken);
    }
    this.profitTier = this.profitTier.plus(rest);
  }

  private back(amount: Big): void {
    let rest = amount;
    const take = (held: Big): Big => {
      const taken = min(rest, held);
      rest = rest.minus(taken);
      return held.minus(taken);
    };
    this.profitTier = take(this.profitTier);
    this.catchUpTier = take(this.catchUpTier);
    this.preferredReturn = take(this.preferredReturn);
    const before = this.returnOfCapital;
    this.returnOfCapital = take(this.returnOfCapital);
    this.unreturn(before.minus(this.returnOfCapital));
  }

  private applyReturn(amount: Big, date: IsoDate): void {
    let left = amount;
    for (const slice of this.slices) {
      if (left.lte(0) || slice.date > date) break;
      const piece = min(left, slice.unreturned);
      if (piece.lte(0)) continue;
      slice.unreturned = slice.unreturned.minus(piece);
      slice.returned.push({ date, amount: piece });
      left = left.minus(piece);
    }
  }

  /** Takes back returns, latest first: that capital is outstanding again and accrues again. */
  private unreturn(amount: Big): void {
    let left = amount;
    for (let i = this.slices.length - 1; i >= 0 && left.gt(0); i--) {
      const slice = this.slices[i];
      while (slice.returned.length > 0 && left.gt(0)) {
        const last = slice.returned[slice.returned.length - 1];
        const piece = min(left, last.amount);
        last.amount = last.amount.minus(piece);
        if (last.amount.lte(0)) slice.returned.pop();
        slice.unreturned = slice.unreturned.plus(piece);
        left = left.minus(piece);
      }
    }
  }

  /** Preferred return accrued to `date`: simple, act/365, on each contribution until it is returned. */
  private accrued(date: IsoDate): Big {
    let dayFen = ZERO;
    for (const slice of this.slices) {
      if (slice.date > date) continue;
      for (const r of slice.returned) dayFen = dayFen.plus(r.amount.times(Math.max(0, daysBetween(slice.date, r.date))));
      dayFen = dayFen.plus(slice.unreturned.times(Math.max(0, daysBetween(slice.date, date))));
    }
    return dayFen.times(this.terms!.hurdleRate).div(365);
  }
}

/**
 * The cumulative division of every distribution in `input` plus `extra` (a new distribution, or
 * the NAV for a hypothetical liquidation) between the investors and the manager (docs/capital-accounting.md):
 *
 *   at each distribution date, the gross = distributions so far + every holder's charges so far;
 *   each holder's portion = gross × its contributed capital / all contributed capital − its own
 *   charges (below zero: nothing, the shortfall owed); its portion goes through the tiers for it
 *   alone (return of its capital, preferred return on its own contributions, catch-up, carry), and
 *   让利 moves the ceded fraction of a government investor's tier-4 share to the social investors
 *   pro rata to their contributed capital.
 *
 * Figures are exact to the end and rounded once, largest remainder: the parties' totals to the
 * distributions' total (plus what is owed), then each party's tiers to its total.
 * @throws DomainError NO_PAID_IN_CAPITAL (money to divide and no contributed capital to divide it by)
 */
export function cumulativeDivision(input: DivisionInput, extra?: Dated): Division[] {
  const terms = input.terms;
  const accounts = [...input.holders].sort((a, b) => (a.investor < b.investor ? -1 : 1)).map((h) => new OwnWaterfall(h, terms));
  const all = stepsOf([...input.distributions, ...(extra ? [extra] : [])]);
  // Without terms nothing runs on dates (no preferred return): the last date's totals decide.
  const steps = terms ? all : all.slice(-1);
  let owed = accounts.map(() => ZERO);
  for (const step of steps) {
    const contributed = accounts.map((a) => a.contributedBy(step.date));
    const charges = accounts.map((a) => exactOf(sumDated(a.holder.charges, step.date)));
    const capital = sumExact(contributed);
    const gross = exactOf(step.cumulative).plus(sumExact(charges));
    if (capital.lte(0)) {
      if (step.cumulative !== 0n) {
        throw new DomainError('NO_PAID_IN_CAPITAL', `no investor has contributed capital by ${step.date}: a distribution has nobody to go to`, { date: step.date });
      }
      owed = charges;
      continue;
    }
    const portions = accounts.map((_, i) => gross.times(contributed[i]).div(capital).minus(charges[i]));
    const profitBefore = accounts.map((a) => a.profitTier);
    accounts.forEach((a, i) => a.moveTo(max(ZERO, portions[i]), step.date));
    owed = portions.map((p) => max(ZERO, p.neg()));
    cedeProfit(terms, accounts, profitBefore, contributed);
  }
  return rounded(accounts, terms?.manager ?? null, steps.length > 0 ? steps[steps.length - 1].cumulative : 0n, owed);
}

/** 让利: each government investor's change in tier-4 share × the ceded fraction, to the social investors pro rata to contributed capital. */
function cedeProfit(terms: WaterfallTerms | null, accounts: OwnWaterfall[], profitBefore: Big[], contributed: Big[]): void {
  const fraction = new Exact(terms?.governmentProfitShare?.cededFraction ?? '0');
  if (!terms || fraction.eq(0)) return;
  const social = accounts.map((a, i) => (a.holder.capitalClass === 'social' ? max(ZERO, contributed[i]) : ZERO));
  const socialTotal = sumExact(social);
  if (socialTotal.eq(0)) return;
  const investorShare = new Exact(1).minus(terms.carry);
  let moved = ZERO;
  accounts.forEach((a, i) => {
    if (a.holder.capitalClass !== 'government') return;
    const change = a.profitTier.minus(profitBefore[i]).times(investorShare).times(fraction);
    a.ceded = a.ceded.plus(change);
    moved = moved.plus(change);
  });
  accounts.forEach((a, i) => (a.received = a.received.plus(moved.times(social[i]).div(socialTotal))));
}

interface Step {
  date: IsoDate;
  /** Every distribution to and including this date (fen). */
  cumulative: Fen;
}

function stepsOf(distributions: readonly Dated[]): Step[] {
  const totals = new Map<IsoDate, Fen>();
  for (const d of distributions) totals.set(d.date, (totals.get(d.date) ?? 0n) + d.amount);
  let cumulative = 0n;
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, amount]) => {
      cumulative += amount;
      return { date, cumulative };
    });
}

function sumDated(items: readonly Dated[], date: IsoDate): Fen {
  let total = 0n;
  for (const i of items) if (i.date <= date) total += i.amount;
  return total;
}

const CELLS = ['returnOfCapital', 'preferredReturn', 'profit', 'carriedInterest'] as const;

function rounded(accounts: OwnWaterfall[], manager: string | null, total: Fen, owedExact: Big[]): Division[] {
  const owedTotal = bigToFen(sumExact(owedExact).div(100));
  const owed = roundShares(owedExact, owedTotal);
  const cells = new Map<string, Record<(typeof CELLS)[number], Big>>();
  const cellsOf = (investor: string) => {
    let c = cells.get(investor);
    if (!c) cells.set(investor, (c = { returnOfCapital: ZERO, preferredReturn: ZERO, profit: ZERO, carriedInterest: ZERO }));
    return c;
  };
  for (const a of accounts) {
    const c = cellsOf(a.holder.investor);
    c.returnOfCapital = c.returnOfCapital.plus(a.returnOfCapital);
    c.preferredReturn = c.preferredReturn.plus(a.preferredReturn);
    c.profit = c.profit.plus(a.investorProfit()).minus(a.ceded).plus(a.received);
  }
  if (manager !== null) {
    const c = cellsOf(manager);
    c.carriedInterest = c.carriedInterest.plus(sumExact(accounts.map((a) => a.managerPart())));
  }
  const parties = [...cells.keys()].sort();
  const owedBy = new Map(accounts.map((a, i) => [a.holder.investor, owed[i]]));
  const totals = roundShares(
    parties.map((p) => sumExact(CELLS.map((k) => max(ZERO, cells.get(p)![k])))),
    total + owedTotal,
  );
  return parties.map((investor, i) => {
    const c = cells.get(investor)!;
    const [returnOfCapital, preferredReturn, profit, carriedInterest] = roundShares(
      CELLS.map((k) => max(ZERO, c[k])),
      totals[i],
    );
    return { investor, amount: totals[i], returnOfCapital, preferredReturn, profit, carriedInterest, owed: owedBy.get(investor) ?? 0n };
  });
}

function min(a: Big, b: Big): Big {
  return a.lt(b) ? a : b;
}

function max(a: Big, b: Big): Big {
  return a.gt(b) ? a : b;
}
