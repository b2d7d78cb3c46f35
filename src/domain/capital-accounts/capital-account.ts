import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { allocateProRata, sumFen, type Fen } from '../money';
import { cumulativeDivision, type Dated, type DivisionInput, type Division, type PartyParts } from './apportioned-waterfall';

/** What a party has been booked so far, by waterfall part (fen): the sum of its distribution accounts. */
export type BookedParts = PartyParts;

export interface CapitalAccountInput extends DivisionInput {
  /** What each party has received so far (its booked distributions); parties not listed have had nothing. */
  booked: readonly BookedParts[];
}

/** One party's share of a NAV on a liquidation basis (HLBV). */
export interface NavShare {
  investor: string;
  /** What it would receive were the NAV distributed today through the waterfall in force, less what it owes. */
  navShare: Fen;
  /** The carried interest in it (the manager's row): catch-up and carry accrued, not yet distributed. */
  carriedInterest: Fen;
  /** Charges it owes beyond its portion (a shortfall), already deducted from navShare. */
  owed: Fen;
}

const PARTS = ['returnOfCapital', 'preferredReturn', 'profit', 'carriedInterest'] as const;
type Part = (typeof PARTS)[number];

/**
 * Each party's NAV share on `asOf`: the cumulative division of every distribution so far plus the
 * NAV as a last one on `asOf`, less what the party has been distributed (docs/capital-accounting.md,
 * "HLBV"). The shares sum to the NAV to the fen. A holder with nothing contributed yet has a share of
 * 0 less its own charges.
 */
export function navShares(input: CapitalAccountInput, nav: Fen, asOf: IsoDate): NavShare[] {
  if (input.holders.length === 0) return [];
  const division = divisionOrNothing(input, { date: asOf, amount: nav });
  const booked = new Map(input.booked.map((b) => [b.investor, b]));
  return division.map((d) => {
    const had = booked.get(d.investor);
    return {
      investor: d.investor,
      navShare: d.amount - (had?.amount ?? 0n) - d.owed,
      carriedInterest: d.carriedInterest - (had?.carriedInterest ?? 0n),
      owed: d.owed,
    };
  });
}

/** A new distribution's split: one allocation per party, by waterfall part (fen). */
export type DistributionPart = BookedParts;

/**
 * The split of a new distribution of `amount` on `date` (docs/capital-accounting.md): each party's
 * cumulative division with it, less what the party has been distributed. A party whose division
 * fell below what it already had (its charges grew, others' capital joined) gets nothing now and
 * the others' parts are scaled to the amount, largest remainder; later distributions bring every
 * party back to its division. Parts sum to the amount to the fen.
 * @throws DomainError NO_PAID_IN_CAPITAL
 */
export function distributionSplit(input: CapitalAccountInput, amount: Fen, date: IsoDate): DistributionPart[] {
  const division = cumulativeDivision(input, { date, amount });
  const booked = new Map(input.booked.map((b) => [b.investor, b]));
  const raw = division.map((d) => {
    const had = booked.get(d.investor);
    const part = { investor: d.investor, amount: d.amount - (had?.amount ?? 0n) } as DistributionPart;
    for (const p of PARTS) part[p] = d[p] - (had?.[p] ?? 0n);
    return part;
  });
  if (sumFen(raw.map((r) => r.amount)) === amount && raw.every((r) => r.amount >= 0n)) return raw;
  // Some party is already past its division, or owes more than its portion: scale the others.
  const positive = raw.map((r) => (r.amount > 0n ? r.amount : 0n));
  if (sumFen(positive) === 0n) {
    throw new DomainError('NO_PAID_IN_CAPITAL', `no party of the fund is due anything of a distribution on ${date}`, { date });
  }
  const amounts = allocateProRata(amount, positive);
  return raw.map((r, i) => scaled(r, amounts[i]));
}

/** A party's part re-scaled to `amount`, its tiers in proportion to their positive parts. */
function scaled(part: DistributionPart, amount: Fen): DistributionPart {
  const weights = PARTS.map((p) => (part[p] > 0n ? part[p] : 0n));
  const parts = sumFen(weights) > 0n && amount > 0n ? allocateProRata(amount, weights) : PARTS.map(() => 0n);
  const out = { investor: part.investor, amount } as DistributionPart;
  PARTS.forEach((p: Part, i) => (out[p] = parts[i]));
  return out;
}

function divisionOrNothing(input: CapitalAccountInput, extra: Dated): Division[] {
  const anyCapital = input.holders.some((h) => h.contributions.some((c) => c.date <= extra.date && c.amount !== 0n));
  if (anyCapital) return cumulativeDivision(input, extra);
  // Nothing contributed: nobody has a claim on the NAV but through its own charges, which it owes.
  return [...input.holders]
    .sort((a, b) => (a.investor < b.investor ? -1 : 1))
    .map((h) => ({
      investor: h.investor,
      amount: 0n,
      returnOfCapital: 0n,
      preferredReturn: 0n,
      profit: 0n,
      carriedInterest: 0n,
      owed: sumFen(h.charges.filter((c) => c.date <= extra.date).map((c) => c.amount)),
    }));
}
