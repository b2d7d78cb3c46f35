import Big from 'big.js';

/**
 * Elementary functions on big.js decimals, for valuation models that need e^x, ln x, √x and the
 * normal distribution without a JS float anywhere on the way to a figure.
 *
 * Precision contract: each function returns a Big of the default constructor rounded half-even to
 * `digits` significant digits (default 30, at most 100), within one unit of that last digit of the
 * true value. Internally every step carries GUARD_DIGITS more; series stop on an explicit bound of
 * their tail, so the guard absorbs only the rounding of the steps.
 *
 * big.js divides (and takes roots) to a number of decimal places, not significant digits, so a
 * private constructor is used and its DP chosen per operation from the operands' exponents. Nothing
 * of it leaks: the global Big.DP/Big.RM are never touched and results are copied to the default
 * constructor.
 */
export const DEFAULT_DIGITS = 30;
export const MAX_DIGITS = 100;
const GUARD_DIGITS = 20;

/** |x| above this is refused by expDecimal: e^100000 ≈ 2.8e43429, far past any model here. */
export const EXP_LIMIT = new Big(100_000);
/** |x| above this is refused by normalCdf (its density needs e^(−x²/2) within EXP_LIMIT). */
export const NORMAL_CDF_LIMIT = new Big(400);

const W = Big();
W.RM = Big.roundHalfEven;

const ONE = new W(1);
const TWO = new W(2);
const HALF = new W('0.5');
/** 2^-10, exact in decimal: exp reduces its argument by it and squares back ten times. */
const TWO_POW_MINUS_10 = new W('0.0009765625');
/** Below this |x|, the normal CDF sums its power series; from it, Laplace's continued fraction. */
const SERIES_LIMIT = new W(5);

function checkDigits(digits: number): void {
  if (!Number.isInteger(digits) || digits < 1 || digits > MAX_DIGITS) throw new RangeError(`digits must be a whole number from 1 to ${MAX_DIGITS}, not ${digits}`);
}

function round(x: Big, p: number): Big {
  return x.prec(p, Big.roundHalfEven);
}

/** A result for the caller: `digits` significant digits, on the default constructor. */
function result(x: Big, digits: number): Big {
  return new Big(round(x, digits));
}

/** a / b to p significant digits, whatever their magnitudes. */
function quotient(a: Big, b: Big, p: number): Big {
  const dp = p + 1 - (a.e - b.e);
  W.DP = dp > 0 ? dp : 0;
  return round(new W(a).div(b), p);
}

/** 10^k, exact. */
function powerOfTen(k: number): Big {
  return new W(`1e${k}`);
}

/** True when |term| < 10^(−p−1) × |sum|: adding it and what follows it no longer moves p digits. */
function negligible(term: Big, sum: Big, p: number): boolean {
  return term.c[0] === 0 || (sum.c[0] !== 0 && term.e < sum.e - p - 1);
}

/**
 * atanh(1/m) = Σ 1/((2k+1)·m^(2k+1)), or atan(1/m) with alternating signs, for a whole m ≥ 2.
 * The terms fall by at least 1/m² ≤ 1/4 each, so the tail after a negligible term is a third of it.
 */
function inverseSeries(m: number, p: number, alternating: boolean): Big {
  const m2 = new W(m).times(m);
  let power = quotient(ONE, new W(m), p);
  let sum = power;
  for (let k = 1; ; k++) {
    power = quotient(power, m2, p);
    const term = quotient(power, new W(2 * k + 1), p);
    if (negligible(term, sum, p)) return sum;
    sum = round(alternating && k % 2 === 1 ? sum.minus(term) : sum.plus(term), p);
  }
}

const constants = new Map<'ln2' | 'ln10' | 'pi', { digits: number; value: Big }>();

/** A constant to p significant digits, computed once at the highest precision asked so far. */
function constant(name: 'ln2' | 'ln10' | 'pi', p: number): Big {
  const known = constants.get(name);
  if (known && known.digits >= p) return round(known.value, p);
  const q = p + 5;
  const ln2 = () => inverseSeries(3, q, false).times(2);
  const value =
    name === 'ln2'
      ? ln2()
      : name === 'ln10'
        ? ln2().times(3).plus(inverseSeries(9, q, false).times(2)) // 10 = 2³ × 5/4, ln(5/4) = 2·atanh(1/9)
        : inverseSeries(5, q, true).times(16).minus(inverseSeries(239, q, true).times(4)); // Machin
  constants.set(name, { digits: p, value: round(value, p) });
  return round(value, p);
}

/** e^x to p digits. x = k·ln10 + r with |r| ≤ ln10/2; e^r = (e^(r/2^10))^(2^10); e^x = e^r × 10^k. */
function exp(x: Big, p: number): Big {
  if (x.abs().gt(EXP_LIMIT)) throw new RangeError(`e^x is computed for |x| ≤ ${EXP_LIMIT}, not ${x}`);
  if (x.c[0] === 0) return ONE;
  // k·ln10 must be exact to p digits after the point: ln10 carries as many more digits as k has.
  const ln10 = constant('ln10', p + (x.e > 0 ? x.e + 1 : 0));
  const k = quotient(x, ln10, p).round(0, Big.roundHalfEven);
  const s = round(x.minus(k.times(ln10)), p).times(TWO_POW_MINUS_10);
  let sum = ONE;
  let term = ONE;
  for (let n = 1; !negligible(term, sum, p); n++) {
    term = quotient(term.times(s), new W(n), p);
    sum = sum.plus(term);
  }
  let value = round(sum, p);
  for (let i = 0; i < 10; i++) value = round(value.times(value), p);
  return value.times(powerOfTen(Number(k.toFixed(0))));
}

/** 2·atanh(s) = ln((1+s)/(1−s)) for |s| ≤ 1/3: the terms fall by s² ≤ 1/9, the tail is under 1/8 of the last. */
function twiceAtanh(s: Big, p: number): Big {
  const s2 = round(s.times(s), p);
  let power = s;
  let sum = s;
  for (let k = 1; ; k++) {
    power = round(power.times(s2), p);
    const term = quotient(power, new W(2 * k + 1), p);
    if (negligible(term, sum, p)) return sum.times(2);
    sum = sum.plus(term);
  }
}

/**
 * ln x to p digits. On [1/2, 2] directly, ln x = 2·atanh((x−1)/(x+1)), which keeps every digit of a
 * value near 0; elsewhere x = y·2^j·10^e with y in [1, 2), and ln x = ln y + j·ln2 + e·ln10.
 */
function ln(x: Big, p: number): Big {
  if (x.lte(0)) throw new RangeError(`ln x needs x > 0, not ${x}`);
  if (x.gte(HALF) && x.lte(TWO)) return twiceAtanh(quotient(x.minus(1), x.plus(1), p), p);
  const e = x.e;
  let y = x.times(powerOfTen(-e));
  let j = 0;
  for (; y.gte(TWO); j++) y = y.times(HALF);
  const q = p + String(e).length;
  const scaled = twiceAtanh(quotient(y.minus(1), y.plus(1), q), q);
  return round(scaled.plus(constant('ln2', q).times(j)).plus(constant('ln10', q).times(e)), p);
}

/** √x to p digits: big.js's own root, to as many decimal places as p digits need. */
function sqrt(x: Big, p: number): Big {
  if (x.lt(0)) throw new RangeError(`√x needs x ≥ 0, not ${x}`);
  const dp = p + 1 - (x.e >> 1);
  W.DP = dp > 0 ? dp : 0;
  return round(new W(x).sqrt(), p);
}

/** φ(x) = e^(−x²/2) / √(2π). */
function density(x: Big, p: number): Big {
  return quotient(exp(x.times(x).times(HALF).neg(), p), sqrt(constant('pi', p).times(2), p), p);
}

/**
 * Φ(x) for |x| < 5 by the power series 1/2 + φ(x)·Σ x^(2n+1)/(1·3·5…(2n+1)), which converges for
 * every x; once the ratio x²/(2n+3) of the next term is at most 1/2, the tail is below the last
 * term. For x < 0 the sum cancels against 1/2, losing at most log10(1/Φ(−5)) < 7 digits: carried as
 * extra digits.
 */
function cdfSeries(x: Big, p: number): Big {
  const q = p + 7;
  const x2 = round(x.times(x), q);
  let term = x;
  let sum = x;
  for (let n = 1; ; n++) {
    term = quotient(term.times(x2), new W(2 * n + 1), q);
    sum = sum.plus(term);
    if (x2.times(2).lte(2 * n + 3) && negligible(term, sum, q)) break;
  }
  return round(HALF.plus(density(x, q).times(sum)), p);
}

/**
 * Φ(−t) for t ≥ 5: φ(t) / (t + 1/(t + 2/(t + 3/(t + …)))) (Laplace). Every element is positive, so
 * successive convergents A_n/B_n bracket the value: the step between two bounds the error, and the
 * recurrence A_n = t·A_(n−1) + (n−1)·A_(n−2) only adds positive terms (stable under rounding).
 */
function upperTail(t: Big, p: number): Big {
  let [a0, a1] = [ONE, new W(0)];
  let [b0, b1] = [new W(0), ONE];
  let previous: Big | null = null;
  for (let n = 1; ; n++) {
    const weight = new W(n === 1 ? 1 : n - 1);
    [a0, a1] = [a1, round(t.times(a1).plus(weight.times(a0)), p)];
    [b0, b1] = [b1, round(t.times(b1).plus(weight.times(b0)), p)];
    const convergent = quotient(a1, b1, p);
    if (previous !== null && negligible(convergent.minus(previous), convergent, p)) return round(density(t, p).times(convergent), p);
    previous = convergent;
  }
}

/**
 * e^x, for |x| ≤ EXP_LIMIT.
 * @throws RangeError when |x| > EXP_LIMIT or digits is not 1…MAX_DIGITS
 */
export function expDecimal(x: Big, digits = DEFAULT_DIGITS): Big {
  checkDigits(digits);
  return result(exp(new W(x), digits + GUARD_DIGITS), digits);
}

/**
 * The natural logarithm of x > 0.
 * @throws RangeError when x ≤ 0 or digits is not 1…MAX_DIGITS
 */
export function lnDecimal(x: Big, digits = DEFAULT_DIGITS): Big {
  checkDigits(digits);
  return result(ln(new W(x), digits + GUARD_DIGITS), digits);
}

/**
 * The square root of x ≥ 0.
 * @throws RangeError when x < 0 or digits is not 1…MAX_DIGITS
 */
export function sqrtDecimal(x: Big, digits = DEFAULT_DIGITS): Big {
  checkDigits(digits);
  return result(sqrt(new W(x), digits + GUARD_DIGITS), digits);
}

/**
 * The standard normal CDF Φ(x), for |x| ≤ NORMAL_CDF_LIMIT. Significant digits hold in the lower
 * tail too (Φ(−10) ≈ 7.6e-24 to `digits` digits); above 0, Φ(x) = 1 − Φ(−x).
 * @throws RangeError when |x| > NORMAL_CDF_LIMIT or digits is not 1…MAX_DIGITS
 */
export function normalCdf(x: Big, digits = DEFAULT_DIGITS): Big {
  checkDigits(digits);
  if (x.abs().gt(NORMAL_CDF_LIMIT)) throw new RangeError(`Φ(x) is computed for |x| ≤ ${NORMAL_CDF_LIMIT}, not ${x}`);
  const p = digits + GUARD_DIGITS;
  const w = new W(x);
  if (w.abs().lt(SERIES_LIMIT)) return result(cdfSeries(w, p), digits);
  const tail = upperTail(w.abs(), p);
  return result(w.lt(0) ? tail : ONE.minus(tail), digits);
}
