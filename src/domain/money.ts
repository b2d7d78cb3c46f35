import Big from 'big.js';
import { DomainError } from './errors';

/**
 * Money is integer fen (分, 1/100 yuan) held as a bigint: exact, and never a JS float.
 * At the API edge amounts are decimal strings in yuan with at most two decimals ("2000000000.00").
 * This module is the one place where amounts are parsed, formatted, added and split.
 */
export type Fen = bigint;

/**
 * The exact range, in fen: no amount and no stored balance may exceed 2^53 - 1 in magnitude (about
 * 90 trillion yuan, far above any fund here). SQLite hands integers to JS as doubles, which are
 * exact only up to there, and an integer sum past 2^63 silently turns into a REAL; keeping every
 * stored value inside this range keeps every read exact on both databases (docs/domain.md, Capital accounting).
 */
export const MAX_FEN: Fen = 2n ** 53n - 1n;

const YUAN_PATTERN = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]{1,2}))?$/;

/** The JSON Schema pattern for a non-negative yuan amount; kept beside the parser so both agree. */
export const YUAN_SCHEMA_PATTERN = '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$';

export interface ParseOptions {
  /** Accept a leading minus sign (signed adjustments); amounts of business events are never negative. */
  allowNegative?: boolean;
  /** Field name used in the validation error. */
  field?: string;
}

/** Parses "1234.5" into 123450n fen. Three decimals, exponents or stray characters are refused, never rounded. */
export function parseYuan(text: string, options: ParseOptions = {}): Fen {
  const field = options.field ?? 'amount';
  const match = typeof text === 'string' ? YUAN_PATTERN.exec(text) : null;
  if (!match) {
    throw invalid(field, `must be a decimal string in yuan with at most 2 decimals, e.g. "1000000.00"`);
  }
  const [, sign, whole, fraction = ''] = match;
  if (sign && !options.allowNegative) throw invalid(field, 'must not be negative');
  const magnitude = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (magnitude > MAX_FEN) throw outOfRange(field, magnitude);
  return sign ? -magnitude : magnitude;
}

/** True when |fen| is inside the exact range. */
export function inExactRange(fen: Fen): boolean {
  return fen <= MAX_FEN && fen >= -MAX_FEN;
}

function outOfRange(field: string, fen: Fen): DomainError {
  return new DomainError(
    'AMOUNT_OUT_OF_RANGE',
    `${field} ${formatYuan(fen)} is past the exact range of the ledger (at most ${formatYuan(MAX_FEN)} in magnitude)`,
    { field, max: formatYuan(MAX_FEN) },
  );
}

/** Formats fen as a yuan decimal string with exactly two decimals: 123450n -> "1234.50". */
export function formatYuan(fen: Fen): string {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const whole = magnitude / 100n;
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

/** Formats with thousands separators for human-readable messages: 150000000n*100n -> "150,000,000.00". */
export function formatYuanGrouped(fen: Fen): string {
  const plain = formatYuan(fen);
  const [whole, cents] = plain.split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

export function sumFen(values: Iterable<Fen>): Fen {
  let total = 0n;
  for (const value of values) total += value;
  return total;
}

export function minFen(a: Fen, b: Fen): Fen {
  return a < b ? a : b;
}

export function maxFen(a: Fen, b: Fen): Fen {
  return a > b ? a : b;
}

/**
 * Splits `total` into parts proportional to `weights` by the largest-remainder rule:
 * every part is floor(total * w / W), and the fen left over go one each to the largest
 * remainders (ties to the earlier weight). The parts always sum exactly to `total`.
 */
export function allocateProRata(total: Fen, weights: readonly Fen[]): Fen[] {
  if (total < 0n) throw new RangeError('allocateProRata: total must not be negative');
  if (weights.some((w) => w < 0n)) throw new RangeError('allocateProRata: weights must not be negative');
  const weightSum = sumFen(weights);
  if (weightSum === 0n) {
    if (total === 0n) return weights.map(() => 0n);
    throw new RangeError('allocateProRata: weights sum to zero');
  }
  const parts = weights.map((w) => (total * w) / weightSum);
  const remainders = weights.map((w, index) => ({ index, remainder: (total * w) % weightSum }));
  let leftover = total - sumFen(parts);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    parts[index] += 1n;
    leftover -= 1n;
  }
  return parts;
}

/** A ratio of two amounts as a decimal string (`dp` places, half-up), or null when the denominator is zero. */
export function ratio(numerator: Fen, denominator: Fen, dp = 4): string | null {
  if (denominator === 0n) return null;
  return new Big(numerator.toString()).div(new Big(denominator.toString())).toFixed(dp, Big.roundHalfUp);
}

/** A big.js yuan value to fen, rounding half-up to the fen; used only for computed figures such as quotas. */
export function bigToFen(yuan: Big): Fen {
  return BigInt(yuan.times(100).round(0, Big.roundHalfUp).toFixed(0));
}

function invalid(field: string, message: string): DomainError {
  return DomainError.validation([{ field, message }]);
}
