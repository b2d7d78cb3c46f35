import Big from 'big.js';
import { DomainError, type FieldError } from '../errors';
import type { Fen } from '../money';
import { divideToFixed } from '../screening/exact-division';
import { expDecimal, lnDecimal, normalCdf, sqrtDecimal } from './exact-math';

/**
 * The liquidity discount of restricted shares (流动性折扣, LoMD) by the average-price Asian put
 * (平均价格亚式期权, AAP; Finnerty 2012) of the fund industry's guideline for restricted shares
 * (中国证券投资基金业协会《证券投资基金投资流通受限股票估值指引（试行）》, 2017), per unit of price:
 *
 *   LoMD = e^(−qT)·[Φ(v√T/2) − Φ(−v√T/2)],
 *   v²T = σ²T + ln[2(e^(σ²T) − σ²T − 1)] − 2·ln(e^(σ²T) − 1),
 *
 * σ the annualised volatility, q the annual dividend yield, T the lock-up left in years, counted as
 * remaining calendar days / 365 (docs/aap-valuation.md says why and what to change for another count).
 */
export interface AapInputs {
  /** Annualised volatility σ as a decimal string, above 0 and at most 5 ("0.45" is 45%). */
  volatility: string;
  /** Calendar days of lock-up left, a whole number from 0 to MAX_REMAINING_DAYS. */
  remainingDays: number;
  /** Annual dividend yield q as a decimal string, from 0 and below 1. */
  dividendYield: string;
}

export interface AapDiscount {
  /** The discount to 4 decimals, half-up: the figure valuations use. */
  discount: string;
  /** The discount to 12 decimals, half-up, for audit. */
  exactDiscount: string;
  /** T = remainingDays / 365, to 12 decimals, half-up (the model uses T to its working precision). */
  years: string;
}

export const DAYS_PER_YEAR = 365;
/** A hundred years: far past any lock-up, and it keeps e^(σ²T) inside what exact-math computes. */
export const MAX_REMAINING_DAYS = 36_500;

const DECIMAL = /^(0|[1-9][0-9]*)(\.[0-9]{1,8})?$/;
const DISCOUNT = /^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$/;
/** Decimal places of σ²T and qT: exact far below the smallest σ²T the inputs allow (about 2.7e-19). */
const QUOTIENT_DP = 150;
const MAX_VOLATILITY = new Big(5);
const HALF = new Big('0.5');

function validate(inputs: AapInputs): FieldError[] {
  const errors: FieldError[] = [];
  const { volatility, remainingDays, dividendYield } = inputs;
  if (typeof volatility !== 'string' || !DECIMAL.test(volatility) || new Big(volatility).lte(0) || new Big(volatility).gt(MAX_VOLATILITY)) {
    errors.push({ field: 'inputs.volatility', message: 'must be a decimal string above 0 and at most 5 with at most 8 decimals (annualised, "0.45" is 45%)' });
  }
  if (typeof remainingDays !== 'number' || !Number.isInteger(remainingDays) || remainingDays < 0 || remainingDays > MAX_REMAINING_DAYS) {
    errors.push({ field: 'inputs.remainingDays', message: `must be a whole number of calendar days from 0 to ${MAX_REMAINING_DAYS}` });
  }
  if (typeof dividendYield !== 'string' || !DECIMAL.test(dividendYield) || new Big(dividendYield).gte(1)) {
    errors.push({ field: 'inputs.dividendYield', message: 'must be a decimal string from 0 and below 1 with at most 8 decimals ("0.02" is 2%)' });
  }
  return errors;
}

/**
 * Significant digits for one evaluation. For a small σ²T = a, e^a − a − 1 ≈ a²/2 and v²T ≈ a/3 are
 * differences of numbers near 1 and a: each factor 10 that a falls below 1 costs three digits.
 * Forty digits beyond that keep the discount exact far below its 12th decimal.
 */
function digitsFor(a: Big): number {
  return 40 + (a.e < 0 ? -3 * a.e : 0);
}

/** v√T/2, from a = σ²T. */
function halfSpread(a: Big, digits: number): Big {
  const growth = expDecimal(a, digits);
  const logNumerator = lnDecimal(growth.minus(a).minus(1).times(2), digits);
  const logDenominator = lnDecimal(growth.minus(1), digits).times(2);
  return sqrtDecimal(a.plus(logNumerator).minus(logDenominator), digits).times(HALF);
}

/**
 * The AAP liquidity discount of shares locked up for `remainingDays` more calendar days. No lock-up
 * left is never discounted ("0.0000").
 * @throws DomainError VALIDATION_FAILED naming inputs.volatility, inputs.remainingDays or inputs.dividendYield
 */
export function aapDiscount(inputs: AapInputs): AapDiscount {
  const errors = validate(inputs);
  if (errors.length > 0) throw DomainError.validation(errors);
  const days = new Big(inputs.remainingDays);
  const perYear = new Big(DAYS_PER_YEAR);
  const years = divideToFixed(days, perYear, 12);
  if (inputs.remainingDays === 0) return { discount: '0.0000', exactDiscount: '0.000000000000', years };
  const sigma = new Big(inputs.volatility);
  const a = new Big(divideToFixed(sigma.times(sigma).times(days), perYear, QUOTIENT_DP));
  const qT = new Big(divideToFixed(new Big(inputs.dividendYield).times(days), perYear, QUOTIENT_DP));
  const digits = digitsFor(a);
  const w = halfSpread(a, digits);
  const exact = expDecimal(qT.neg(), digits).times(normalCdf(w, digits).minus(normalCdf(w.neg(), digits)));
  return { discount: exact.toFixed(4, Big.roundHalfUp), exactDiscount: exact.toFixed(12, Big.roundHalfUp), years };
}

/**
 * A value in fen after a liquidity discount ("0.1069", 4 decimals at most, from 0 to 1):
 * value × (1 − discount), rounded half-up (away from zero) to the fen.
 * @throws DomainError VALIDATION_FAILED naming discount
 */
export function aapFairValue(valueFen: Fen, discount: string): Fen {
  if (typeof discount !== 'string' || !DISCOUNT.test(discount)) {
    throw DomainError.validation([{ field: 'discount', message: 'must be a decimal string from 0 to 1 with at most 4 decimals, e.g. "0.1069"' }]);
  }
  const kept = new Big(valueFen.toString()).times(new Big(1).minus(discount));
  return BigInt(kept.round(0, Big.roundHalfUp).toFixed(0));
}
