import { DomainError } from './errors';

/** Business (value) dates are calendar dates, 'YYYY-MM-DD', compared as strings. */
export type IsoDate = string;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Today's date in the fund's time zone (Asia/Shanghai by default): value dates are local business dates. */
export function todayIn(timeZone: string, now: Date = new Date()): IsoDate {
  // Zone offsets are whole seconds, so a date changes only on a whole second: the last answer
  // per zone holds for the rest of its second (formatting is the costly part of a busy request).
  const second = Math.floor(now.getTime() / 1000);
  const last = LAST_TODAY.get(timeZone);
  if (last && last.second === second) return last.date;
  let format = DATE_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DATE_FORMATS.set(timeZone, format);
  }
  const date = format.format(now);
  LAST_TODAY.set(timeZone, { second, date });
  return date;
}

const LAST_TODAY = new Map<string, { second: number; date: IsoDate }>();

/**
 * No business event is dated after today (docs/domain.md, Capital accounting): a future value date would sit in
 * the books ahead of time and could be undone only by a reversal dated as far ahead.
 * @throws DomainError FUTURE_VALUE_DATE
 */
export function assertNotFuture(date: IsoDate, today: IsoDate, field = 'date'): void {
  if (date > today) {
    throw new DomainError('FUTURE_VALUE_DATE', `${field} ${date} is after today (${today}); business events are dated today or earlier`, {
      field,
      date,
      today,
    });
  }
}

/** Building a DateTimeFormat is costly; one per time zone is kept. */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(targetDay).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
