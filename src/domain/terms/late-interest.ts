import Big from 'big.js';
import { daysBetween, type IsoDate } from '../dates';
import { bigToFen, type Fen } from '../money';

export interface LateInterestInput {
  /** What the investor was called (its allocation of the call, fen). */
  allocation: Fen;
  /** Its payments against that allocation (fen). */
  payments: ReadonlyArray<{ date: IsoDate; amount: Fen }>;
  dueDate: IsoDate;
  /** Per day, a decimal string (terms.lateInterestRate). */
  rate: string;
  asOf: IsoDate;
}

export interface LateInterest {
  /** The part still unpaid on asOf when asOf is after the due date, else 0 (fen). */
  overdue: Fen;
  /** Days after the due date on which some of the part was unpaid, up to asOf. */
  overdueDays: number;
  /** rate × overdue amount × days, summed exactly, half-up to the fen once (fen). */
  interest: Fen;
}

/**
 * 违约金 on one investor's part of a call (docs/fund-terms.md): from the due date, each day the
 * part still unpaid accrues `rate`; a payment stops interest on what it pays from its own date (a
 * payment on the due date owes none). Payments after asOf are not yet made.
 */
export function lateInterest(input: LateInterestInput): LateInterest {
  const payments = input.payments.filter((p) => p.date <= input.asOf).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let outstanding = input.allocation;
  let dayFen = 0n;
  let from = input.dueDate;
  let overdueDays = 0;
  for (const p of payments) {
    if (p.date > from && outstanding > 0n) {
      const days = daysBetween(from, p.date);
      dayFen += outstanding * BigInt(days);
      overdueDays += days;
      from = p.date;
    }
    outstanding -= p.amount;
  }
  if (input.asOf > from && outstanding > 0n) {
    const days = daysBetween(from, input.asOf);
    dayFen += outstanding * BigInt(days);
    overdueDays += days;
  }
  const interest = bigToFen(new Big(input.rate).times(dayFen.toString()).div(100));
  return { overdue: outstanding > 0n && input.asOf > input.dueDate ? outstanding : 0n, overdueDays, interest };
}
