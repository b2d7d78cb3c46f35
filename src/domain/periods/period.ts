import { DomainError } from '../errors';
import { addDays, type IsoDate } from '../dates';

/** The last day of the date's month. */
function monthEnd(date: IsoDate): IsoDate {
  const [year, month] = date.split('-').map(Number);
  return addDays(`${String(year + Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`, -1);
}

export function isMonthEnd(date: IsoDate): boolean {
  return monthEnd(date) === date;
}

/**
 * A posting dated on or before a fund's close is refused: a closed month's books are final.
 * @throws DomainError PERIOD_CLOSED
 */
export function assertOpen(date: IsoDate, closed: ReadonlyMap<string, IsoDate>): void {
  for (const [fund, through] of [...closed].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (date <= through) {
      throw new DomainError('PERIOD_CLOSED', `fund ${fund} is closed through ${through}; ${date} falls in a closed period (the first open day is ${addDays(through, 1)})`, {
        fund,
        closedThrough: through,
        date,
      });
    }
  }
}

/** The latest close among funds: an entry touching several funds goes after all of them. */
export function latestClose(closed: ReadonlyMap<string, IsoDate>): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const through of closed.values()) if (latest === null || through > latest) latest = through;
  return latest;
}
