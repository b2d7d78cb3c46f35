import type Big from 'big.js';
import { DomainError } from '../../src/domain/errors';
import { daysBetween, type IsoDate } from '../../src/domain/dates';
import type { Fen } from '../../src/domain/money';
import type { CapitalClass } from '../../src/domain/funds/fund';
import type { FundTerms } from '../../src/domain/terms/fund-terms';
import { Exact, exactOf, roundShares, sumExact, ZERO } from '../../src/domain/terms/exact-split';

export interface WaterfallInvestor {
  investor: string;
  capitalClass: CapitalClass;
  /** Paid-in capital, each payment with its date (fen). */
  payments: ReadonlyArray<{ date: IsoDate; amount: Fen }>;
}

export interface WaterfallInput {
  terms: Pick<FundTerms, 'manager' | 'hurdleRate' | 'catchUp' | 'carry' | 'governmentProfitShare'>;
  investors: readonly WaterfallInvestor[];
  /** The fund's distributions to date, oldest first (fen). */
  distributions: ReadonlyArray<{ date: IsoDate; amount: Fen }>;
}

/** One party's share of distributions, by tier (fen). carriedInterest = catchUp + carry (the manager's). */
export interface WaterfallAllocation {
  investor: string;
  amount: Fen;
  returnOfCapital: Fen;
  preferredReturn: Fen;
  profit: Fen;
  carriedInterest: Fen;
  catchUp: Fen;
  carry: Fen;
}

interface Payment {
  date: IsoDate;
  amount: Big;
  unreturned: Big;
  returned: Array<{ date: IsoDate; amount: Big }>;
}

interface Party {
  investor: string;
  capitalClass: CapitalClass | null;
  payments: Payment[];
  /** Exact cumulative tier parts, in fen. */
  cells: { returnOfCapital: Big; preferredReturn: Big; profit: Big; catchUp: Big; carry: Big };
}

const CELLS = ['returnOfCapital', 'preferredReturn', 'profit', 'catchUp', 'carry'] as const;

/**
 * The reference for the product's per-investor capital accounts (issue 23): with investors
 * identical in timing and fees, apportioning and running a waterfall per investor must equal this
 * whole-fund split, which the product booked before. Kept here, outside the product, as that check's
 * independent routine.
 *
 * The European, whole-fund waterfall of every distribution in `input`, cumulative
 * (docs/fund-terms.md): what each investor and the manager has received from all of them, by tier. Figures
 * are carried exactly and rounded once, largest remainder, first the parties' totals to the
 * distributions' total, then each party's tiers to its total; so the parts always sum to the
 * whole to the fen. Distributions on one date are taken together, so splitting a distribution
 * in two on the same date changes nobody's total.
 * @throws DomainError NO_PAID_IN_CAPITAL (money to share with no paid-in capital to share it by)
 */
export function waterfall(input: WaterfallInput): WaterfallAllocation[] {
  const parties = partiesOf(input);
  const manager = parties.find((p) => p.investor === input.terms.manager)!;
  const investors = parties.filter((p) => p.capitalClass !== null);
  for (const { date, amount } of byDate(input.distributions)) distribute(input.terms, investors, manager, date, amount);
  return rounded(parties, input.distributions.reduce((s, d) => s + d.amount, 0n));
}

/**
 * The split of distribution `index` (default the last): waterfall of all to it minus waterfall of
 * those before it. A party's tier part can be -0.01 when rounding moves a fen between cumulative
 * figures; its parts still sum to the distribution exactly.
 */
export function distributionSplit(input: WaterfallInput, index = input.distributions.length - 1): WaterfallAllocation[] {
  const upTo = waterfall({ ...input, distributions: input.distributions.slice(0, index + 1) });
  const before = new Map(waterfall({ ...input, distributions: input.distributions.slice(0, index) }).map((a) => [a.investor, a]));
  return upTo.map((a) => {
    const b = before.get(a.investor)!;
    return {
      investor: a.investor,
      amount: a.amount - b.amount,
      returnOfCapital: a.returnOfCapital - b.returnOfCapital,
      preferredReturn: a.preferredReturn - b.preferredReturn,
      profit: a.profit - b.profit,
      carriedInterest: a.carriedInterest - b.carriedInterest,
      catchUp: a.catchUp - b.catchUp,
      carry: a.carry - b.carry,
    };
  });
}

function partiesOf(input: WaterfallInput): Party[] {
  const empty = () => ({ returnOfCapital: ZERO, preferredReturn: ZERO, profit: ZERO, catchUp: ZERO, carry: ZERO });
  const parties: Party[] = input.investors.map((i) => ({
    investor: i.investor,
    capitalClass: i.capitalClass,
    payments: [...i.payments]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .map((p) => ({ date: p.date, amount: exactOf(p.amount), unreturned: exactOf(p.amount), returned: [] })),
    cells: empty(),
  }));
  if (!parties.some((p) => p.investor === input.terms.manager)) {
    parties.push({ investor: input.terms.manager, capitalClass: null, payments: [], cells: empty() });
  }
  return parties;
}

function byDate(distributions: WaterfallInput['distributions']): Array<{ date: IsoDate; amount: Fen }> {
  const totals = new Map<IsoDate, Fen>();
  for (const d of distributions) totals.set(d.date, (totals.get(d.date) ?? 0n) + d.amount);
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([date, amount]) => ({ date, amount }));
}

/** One date's distributions through the four tiers, adding to the parties' exact cells. */
function distribute(terms: WaterfallInput['terms'], investors: Party[], manager: Party, date: IsoDate, amount: Fen): void {
  let rest = exactOf(amount);
  // Tier 1: return of capital, pro rata to unreturned paid-in, oldest payments first.
  const unreturned = investors.map((p) => sumExact(paidBy(p, date).map((x) => x.unreturned)));
  const returned = minBig(rest, sumExact(unreturned));
  proRata(returned, unreturned).forEach((share, i) => {
    investors[i].cells.returnOfCapital = investors[i].cells.returnOfCapital.plus(share);
    applyReturn(investors[i], share, date);
  });
  rest = rest.minus(returned);
  // Tier 2: preferred return owed to date, pro rata to what is owed.
  const hurdle = new Exact(terms.hurdleRate);
  const owed = investors.map((p) => maxBig(ZERO, accrued(p, date, hurdle).minus(p.cells.preferredReturn)));
  const preferred = minBig(rest, sumExact(owed));
  proRata(preferred, owed).forEach((share, i) => (investors[i].cells.preferredReturn = investors[i].cells.preferredReturn.plus(share)));
  rest = rest.minus(preferred);
  if (rest.eq(0)) return;
  const paidIn = investors.map((p) => sumExact(paidBy(p, date).map((x) => x.amount)));
  if (sumExact(paidIn).eq(0)) throw new DomainError('NO_PAID_IN_CAPITAL', `no investor has paid in by ${date}: a distribution has nobody to go to`, { date });
  rest = rest.minus(catchUpTier(terms, investors, manager, paidIn, rest));
  profitTier(terms, investors, manager, paidIn, rest);
}

/**
 * Tier 3: catchUp of each yuan to the manager until it holds carry of tiers 2 + 3, i.e. until
 * tier 3 reaches carry × P / (catchUp − carry) for preferred return P; the rest of each yuan to
 * investors pro rata to paid-in. Returns what the tier took.
 */
function catchUpTier(terms: WaterfallInput['terms'], investors: Party[], manager: Party, paidIn: Big[], available: Big): Big {
  const catchUp = new Exact(terms.catchUp);
  const carry = new Exact(terms.carry);
  if (catchUp.eq(0) || carry.eq(0)) return ZERO;
  const preferred = sumExact(investors.map((p) => p.cells.preferredReturn));
  const tierSoFar = manager.cells.catchUp.div(catchUp);
  const target = carry.times(preferred).div(catchUp.minus(carry));
  const taken = minBig(available, maxBig(ZERO, target.minus(tierSoFar)));
  manager.cells.catchUp = manager.cells.catchUp.plus(taken.times(catchUp));
  proRata(taken.minus(taken.times(catchUp)), paidIn).forEach((share, i) => (investors[i].cells.profit = investors[i].cells.profit.plus(share)));
  return taken;
}

/** Tier 4: carry to the manager, the rest to investors pro rata to paid-in, less 让利 from government to social class. */
function profitTier(terms: WaterfallInput['terms'], investors: Party[], manager: Party, paidIn: Big[], available: Big): void {
  const carry = available.times(terms.carry);
  manager.cells.carry = manager.cells.carry.plus(carry);
  const shares = proRata(available.minus(carry), paidIn);
  const ceded = new Exact(terms.governmentProfitShare?.cededFraction ?? '0');
  const socialPaidIn = investors.map((p, i) => (p.capitalClass === 'social' ? paidIn[i] : ZERO));
  if (ceded.gt(0) && sumExact(socialPaidIn).gt(0)) {
    const given = investors.map((p, i) => (p.capitalClass === 'government' ? shares[i].times(ceded) : ZERO));
    const received = proRata(sumExact(given), socialPaidIn);
    investors.forEach((_, i) => (shares[i] = shares[i].minus(given[i]).plus(received[i])));
  }
  shares.forEach((share, i) => (investors[i].cells.profit = investors[i].cells.profit.plus(share)));
}

function paidBy(p: Party, date: IsoDate): Payment[] {
  return p.payments.filter((x) => x.date <= date);
}

function applyReturn(p: Party, amount: Big, date: IsoDate): void {
  let left = amount;
  for (const payment of paidBy(p, date)) {
    if (left.lte(0)) break;
    const piece = minBig(left, payment.unreturned);
    if (piece.eq(0)) continue;
    payment.unreturned = payment.unreturned.minus(piece);
    payment.returned.push({ date, amount: piece });
    left = left.minus(piece);
  }
}

/** Simple interest at `hurdle` a year, act/365, on each payment from its date until returned (or `date`). */
function accrued(p: Party, date: IsoDate, hurdle: Big): Big {
  let dayFen = ZERO;
  for (const payment of paidBy(p, date)) {
    for (const r of payment.returned) dayFen = dayFen.plus(r.amount.times(daysBetween(payment.date, r.date)));
    dayFen = dayFen.plus(payment.unreturned.times(daysBetween(payment.date, date)));
  }
  return dayFen.times(hurdle).div(365);
}

function proRata(total: Big, weights: Big[]): Big[] {
  const sum = sumExact(weights);
  if (sum.eq(0) || total.eq(0)) return weights.map(() => ZERO);
  return weights.map((w) => total.times(w).div(sum));
}

function rounded(parties: Party[], total: Fen): WaterfallAllocation[] {
  const exactTotals = parties.map((p) => sumExact(CELLS.map((c) => p.cells[c])));
  const totals = roundShares(exactTotals, total);
  return parties.map((p, i) => {
    const [returnOfCapital, preferredReturn, profit, catchUp, carry] = roundShares(
      CELLS.map((c) => p.cells[c]),
      totals[i],
    );
    return { investor: p.investor, amount: totals[i], returnOfCapital, preferredReturn, profit, carriedInterest: catchUp + carry, catchUp, carry };
  });
}

function minBig(a: Big, b: Big): Big {
  return a.lt(b) ? a : b;
}

function maxBig(a: Big, b: Big): Big {
  return a.gt(b) ? a : b;
}
