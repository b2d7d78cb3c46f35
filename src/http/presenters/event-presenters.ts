import { formatYuan } from '../../domain/money';
import { callStatus } from '../../domain/funds/capital-call';
import type { CapitalCallRow, InvestmentRow } from '../../data/fund-event-repository';

/** A booked event's result as JSON: every amount (fen, a bigint) as a yuan decimal string. */
export type Presented<T> = T extends bigint
  ? string
  : T extends readonly (infer U)[]
    ? Presented<U>[]
    : T extends object
      ? { [K in keyof T]: Presented<T[K]> }
      : T;

/**
 * Events' results and rows carry money as fen and nothing else as a bigint (counts of shares are
 * numbers, ids are numbers), so one walk presents them all; a new event needs no presenter of its own.
 */
export function presentAmounts<T>(value: T): Presented<T> {
  if (typeof value === 'bigint') return formatYuan(value) as Presented<T>;
  if (Array.isArray(value)) return value.map((v) => presentAmounts(v)) as Presented<T>;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, presentAmounts(v)])) as Presented<T>;
  }
  return value as Presented<T>;
}

/** The call as it stood on `asOf`: `paid` counts payments dated on or before it (the repository's read). */
export function presentCall(c: CapitalCallRow, asOf: string) {
  const paid = c.reversed ? 0n : c.allocations.reduce((s, a) => s + a.paid, 0n);
  return {
    id: c.id,
    fund: c.fund,
    amount: formatYuan(c.amount),
    date: c.date,
    dueDate: c.dueDate,
    status: c.reversed ? 'reversed' : callStatus(c.amount, paid, c.dueDate, asOf),
    paid: formatYuan(paid),
    allocations: c.allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount), paid: formatYuan(a.paid) })),
    equalisationOf: c.equalisationOf,
    interest: formatYuan(c.interest),
    entryId: c.entryId,
    reversed: c.reversed,
  };
}

/** `shares` is the count held now (acquired less shares of exits not reversed); `sharesAcquired` what was bought. */
export function presentInvestment(i: InvestmentRow, sold: ReadonlyMap<number, number>) {
  return {
    id: i.id,
    fund: i.fund,
    company: { stockCode: i.stockCode, name: i.companyName },
    investee: i.investee,
    instrument: i.instrument,
    terms: i.instrumentTerms,
    holderCategory: i.holderCategory,
    contractualLockupEndsOn: i.contractualLockupEndsOn,
    amount: formatYuan(i.amount),
    shares: i.shares === null ? null : i.shares - (sold.get(i.id) ?? 0),
    sharesAcquired: i.shares,
    acquisitionMode: i.acquisitionMode,
    screeningId: i.screeningId,
    override: i.overrideReason ? { reason: i.overrideReason } : null,
    date: i.date,
    entryId: i.entryId,
    reversed: i.reversed,
  };
}
