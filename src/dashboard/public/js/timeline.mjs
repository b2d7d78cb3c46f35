// Dates and exact differences for the fund page's charts (pure: unit-tested without a browser).
import { toFen } from './format.mjs';

/** Quarter ends from `from` to `to` (inclusive of the quarter `to` falls in, which ends at `to`). */
export function quarterEnds(from, to) {
  const ends = [];
  let [year, month] = from.split('-').map((p) => Number.parseInt(p, 10));
  let quarter = Math.floor((month - 1) / 3);
  for (let guard = 0; guard < 400; guard++) {
    const endMonth = quarter * 3 + 3;
    const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
    const end = `${year}-${String(endMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
    if (end >= to) {
      ends.push(to);
      break;
    }
    ends.push(end);
    quarter += 1;
    if (quarter === 4) [quarter, year] = [0, year + 1];
  }
  return ends;
}

/** At most `max` dates: every n-th, counting back from the last, so today's point is always drawn. */
export function thin(dates, max) {
  if (dates.length <= max) return dates;
  const step = Math.ceil(dates.length / max);
  return dates.filter((_, i) => (dates.length - 1 - i) % step === 0);
}

/** Distributed − paid-in, exactly (fen in BigInt): the investors' net cash flow, the J-curve. */
export function netCashFlow(distributed, paidIn) {
  const d = toFen(distributed);
  const p = toFen(paidIn);
  if (d === null || p === null) return null;
  const fen = d - p;
  const magnitude = fen < 0n ? -fen : fen;
  return `${fen < 0n ? '-' : ''}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}
