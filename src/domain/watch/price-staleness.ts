import { addDays, type IsoDate } from '../dates';

/**
 * Trading days after `priceDate` up to and including `asOf`, counting Monday to Friday. The
 * exchanges' holiday calendar is not known here, so a holiday counts as a trading day: a price can
 * be marked stale a day early around a holiday, never late.
 */
export function tradingDaysSince(priceDate: IsoDate, asOf: IsoDate): number {
  let count = 0;
  for (let day = addDays(priceDate, 1); day <= asOf; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) count += 1;
  }
  return count;
}

/** A price is stale when more than `maxTradingDays` trading days have passed since its date. */
export function isStale(priceDate: IsoDate, asOf: IsoDate, maxTradingDays: number): boolean {
  return tradingDaysSince(priceDate, asOf) > maxTradingDays;
}
