import Big from 'big.js';
import type { Fen } from '../money';

/**
 * A big.js constructor with 40 decimal places for the waterfall's intermediate figures (in fen), so
 * pro rata shares and day-count interest stay exact far below a fen before the one rounding step.
 */
export const Exact = Big();
Exact.DP = 40;
Exact.RM = Big.roundHalfUp;

/** Differences below this (in fen) are rounding noise of the 40-place arithmetic, not value. */
const NOISE = new Exact('1e-24');

/** x rounded down to a whole fen, where x within noise of a whole fen counts as that fen. */
function floorFen(x: Big): Big {
  const nearest = x.round(0, Big.roundHalfUp);
  return x.minus(nearest).abs().lt(NOISE) ? nearest : x.round(0, Big.roundDown);
}

/**
 * Rounds exact non-negative shares (in fen) to whole fen summing to `total`, by largest remainder:
 * every share is floored, and the fen left over go one each to the largest remainders, ties (within
 * noise) to the earlier share, the same rule as money.allocateProRata.
 */
export function roundShares(shares: readonly Big[], total: Fen): Fen[] {
  const floors = shares.map(floorFen);
  const parts = floors.map((f) => BigInt(f.toFixed(0)));
  const order = shares
    .map((s, index) => ({ index, remainder: s.minus(floors[index]) }))
    .sort((a, b) => {
      const d = b.remainder.minus(a.remainder);
      return d.abs().lt(NOISE) ? a.index - b.index : d.gt(0) ? 1 : -1;
    });
  let leftover = total - parts.reduce((s, p) => s + p, 0n);
  for (let i = 0; leftover > 0n && order.length > 0; i = (i + 1) % order.length) {
    parts[order[i].index] += 1n;
    leftover -= 1n;
  }
  for (let i = order.length - 1; leftover < 0n && i >= 0; i--) {
    if (parts[order[i].index] > 0n) {
      parts[order[i].index] -= 1n;
      leftover += 1n;
    }
  }
  return parts;
}

export function exactOf(fen: Fen): Big {
  return new Exact(fen.toString());
}

export const ZERO = new Exact(0);

export function sumExact(values: Iterable<Big>): Big {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
