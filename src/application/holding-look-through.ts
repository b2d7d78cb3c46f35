import type { IsoDate } from '../domain/dates';
import { ratio, type Fen } from '../domain/money';
import type { Database } from '../data/database';
import { valueFunds } from './fund-valuation';

/** The exact part of a fund's holdings that a holder owns through its fund interests: numerator / denominator. */
export interface HolderFraction {
  numerator: bigint;
  denominator: bigint;
}

/**
 * What `holder` owns of each fund below it (issue 23): its NAV share in a sub-fund over that
 * sub-fund's look-through NAV, multiplied down the chain for a sub-fund's own interests. A fund
 * with no positive NAV, or in which the holder's share is not positive, passes nothing on; a
 * holding cycle is walked once.
 */
export async function holderFractions(db: Database, holder: string, asOf: IsoDate): Promise<Map<string, HolderFraction>> {
  const valuation = await db.snapshot((repos) => valueFunds(repos, [holder], asOf));
  const fractions = new Map<string, HolderFraction>();
  const queue: Array<[string, HolderFraction]> = [[holder, { numerator: 1n, denominator: 1n }]];
  while (queue.length > 0) {
    const [fund, fraction] = queue.shift()!;
    for (const interest of valuation.interests.filter((i) => i.holder === fund)) {
      const sub = valuation.funds.get(interest.fund);
      const navShare = sub?.shares.find((s) => s.investor === fund)?.navShare ?? 0n;
      if (!sub || sub.figures.nav <= 0n || navShare <= 0n || interest.fund === holder || fractions.has(interest.fund)) continue;
      const through = { numerator: fraction.numerator * navShare, denominator: fraction.denominator * sub.figures.nav };
      fractions.set(interest.fund, through);
      queue.push([interest.fund, through]);
    }
  }
  return fractions;
}

/** The fraction as a 4-dp ratio string (exact division, half-up). */
export function fractionText(f: HolderFraction): string {
  return ratio(f.numerator, f.denominator)!;
}

/** An amount (fen) times the fraction, half-up to the fen (away from zero for a negative amount). */
export function scaleFen(amount: Fen, f: HolderFraction): Fen {
  const magnitude = amount < 0n ? -amount : amount;
  const scaled = (magnitude * f.numerator * 2n + f.denominator) / (2n * f.denominator);
  return amount < 0n ? -scaled : scaled;
}

/** A count of shares times the fraction, half-up to a whole share. */
export function scaleShares(shares: number, f: HolderFraction): number {
  return Number(scaleFen(BigInt(shares), f));
}
