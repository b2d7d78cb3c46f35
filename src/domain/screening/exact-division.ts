import type Big from 'big.js';

/**
 * Division of big.js values done exactly in integers. big.js divides to a fixed number of
 * decimals (Big.DP) and rounds twice when the result is then shown to 4 dp; here the quotient is
 * rounded once, from the exact fraction, and several times faster (a screening batch divides
 * tens of thousands of times).
 */
/**
 * A Big as integer × 10^-scale, read from its documented fields: coefficient digits `c`,
 * exponent `e` (value = c[0].c[1]c[2]… × 10^e) and sign `s`.
 */
function scaled(value: Big): { int: bigint; scale: number } {
  const digits = BigInt(value.c.join(''));
  const scale = value.c.length - 1 - value.e;
  const int = scale >= 0 ? digits : digits * 10n ** BigInt(-scale);
  return { int: value.s < 0 ? -int : int, scale: Math.max(scale, 0) };
}

/** The exact fraction num/den as two integers n/d with d > 0. */
function fraction(num: Big, den: Big): { n: bigint; d: bigint } {
  const a = scaled(num);
  const b = scaled(den);
  if (b.int === 0n) throw new RangeError('division by zero');
  let n = a.int * 10n ** BigInt(b.scale);
  let d = b.int * 10n ** BigInt(a.scale);
  if (d < 0n) [n, d] = [-n, -d];
  return { n, d };
}

/** num / den rounded half-up (half away from zero) to `dp` decimals, as a decimal string. */
export function divideToFixed(num: Big, den: Big, dp: number): string {
  const { n, d } = fraction(num, den);
  const unit = 10n ** BigInt(dp);
  const magnitude = ((n < 0n ? -n : n) * unit * 2n + d) / (2n * d);
  const whole = (magnitude / unit).toString();
  const decimals = dp > 0 ? `.${(magnitude % unit).toString().padStart(dp, '0')}` : '';
  return `${n < 0n && magnitude > 0n ? '-' : ''}${whole}${decimals}`;
}

/** The smallest integer at or above num / den. */
export function divideCeil(num: Big, den: Big): bigint {
  const { n, d } = fraction(num, den);
  return n >= 0n ? (n + d - 1n) / d : -(-n / d);
}
