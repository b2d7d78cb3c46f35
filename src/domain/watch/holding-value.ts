import Big from 'big.js';
import type { Fen } from '../money';
import { divideToFixed } from '../screening/exact-division';
import type { PriceE4 } from '../screening/price';

/** Ten-thousandths of a yuan per fen. */
const E4_PER_FEN = 100n;

export interface HoldingValue {
  /** Cost still held / shares held, yuan per share to 4 dp; null without shares. */
  averageCost: string | null;
  /** Shares held × close, rounded half-up to the fen; null without a price. */
  marketValue: Fen | null;
  /** Market value − cost held; null without a price. */
  unrealisedGain: Fen | null;
}

/** Half-up (away from zero for the positive values used here) integer division. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (2n * denominator);
}

/** A listed holding valued at a stored close. Costs and values in fen; the close in ten-thousandths. */
export function valueHolding(holding: { sharesHeld: number; cost: Fen; close: PriceE4 | null }): HoldingValue {
  const shares = BigInt(holding.sharesHeld);
  const marketValue = holding.close === null ? null : divideHalfUp(shares * holding.close, E4_PER_FEN);
  return {
    averageCost: shares > 0n ? divideToFixed(new Big(holding.cost.toString()), new Big((shares * 100n).toString()), 4) : null,
    marketValue,
    unrealisedGain: marketValue === null ? null : marketValue - holding.cost,
  };
}

/**
 * The fair value booked by mark-to-market: shares × close × (1 − liquidity discount), half-up to
 * the fen. The discount is a decimal string ("0.15").
 */
export function markToMarketValue(sharesHeld: number, close: PriceE4, discount: string): Fen {
  const keep = new Big(1).minus(discount);
  const exact = new Big((BigInt(sharesHeld) * close).toString()).times(keep).div(E4_PER_FEN.toString());
  return BigInt(exact.round(0, Big.roundHalfUp).toFixed(0));
}

/** part / whole as a 4-dp ratio string; null when the whole is not positive. */
export function shareOf(part: Fen, whole: Fen): string | null {
  return whole > 0n ? divideToFixed(new Big(part.toString()), new Big(whole.toString()), 4) : null;
}
