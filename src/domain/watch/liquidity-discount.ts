import Big from 'big.js';
import { addMonths, daysBetween, type IsoDate } from '../dates';

/** From `fromDays` remaining lock-up days on (inclusive), this discount applies, until the next band. */
export interface DiscountBand {
  fromDays: number;
  discount: string;
}

/** Lock-up months by acquisition mode, counted from the investment date. */
export type LockUpMonths = Readonly<Record<string, number>>;

export const DEFAULT_DISCOUNT_TABLE = '1:0.05,91:0.10,181:0.15,366:0.20';
export const DEFAULT_LOCKUP_MONTHS = 'private_placement:6,agreement_transfer:6';

const DISCOUNT = /^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$/;

/**
 * Reads "days:discount,…" (e.g. "1:0.05,91:0.10"): remaining lock-up days from which a discount
 * applies. Days strictly ascending, discounts from 0 to 1. No lock-up left is never discounted.
 * @throws Error naming what is wrong
 */
export function parseDiscountTable(text: string): DiscountBand[] {
  const bands = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [days, discount] = part.split(':').map((s) => s.trim());
      if (!/^[1-9][0-9]{0,4}$/.test(days ?? '') || !DISCOUNT.test(discount ?? '')) {
        throw new Error(`"${part}" is not "days:discount" with days a whole number from 1 and a discount from 0 to 1 (e.g. "91:0.10")`);
      }
      return { fromDays: Number(days), discount: new Big(discount).toFixed(4) };
    });
  bands.forEach((band, i) => {
    if (i > 0 && band.fromDays <= bands[i - 1].fromDays) throw new Error(`days must ascend: ${band.fromDays} follows ${bands[i - 1].fromDays}`);
  });
  return bands;
}

/**
 * Reads "mode:months,…" (e.g. "private_placement:6,agreement_transfer:6").
 * @throws Error naming what is wrong
 */
export function parseLockUpMonths(text: string): LockUpMonths {
  const months: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [mode, count] = part.split(':').map((s) => s.trim());
    if (!/^[a-z_]+$/.test(mode ?? '') || !/^[0-9]{1,3}$/.test(count ?? '')) throw new Error(`"${part}" is not "mode:months" (e.g. "private_placement:6")`);
    months[mode] = Number(count);
  }
  return Object.freeze(months);
}

/** The last day of the lock-up of shares bought on `date` by `mode`; null when the mode locks nothing. */
export function lockUpEnds(mode: string | null, date: IsoDate, table: LockUpMonths): IsoDate | null {
  const months = mode === null ? 0 : (table[mode] ?? 0);
  return months > 0 ? addMonths(date, months) : null;
}

/** Calendar days from `asOf` to the end of the lock-up, never below 0. */
export function remainingLockUpDays(ends: IsoDate | null, asOf: IsoDate): number {
  return ends === null ? 0 : Math.max(daysBetween(asOf, ends), 0);
}

/** The discount of the band the remaining days fall in ("0.0000" below the first band). */
export function liquidityDiscount(remainingDays: number, table: readonly DiscountBand[]): string {
  let discount = '0.0000';
  for (const band of table) if (remainingDays >= band.fromDays) discount = band.discount;
  return discount;
}
