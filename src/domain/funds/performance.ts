import Big from 'big.js';
import { daysBetween, type IsoDate } from '../dates';
import { ratio, type Fen } from '../money';

/** A dated cash flow from the investor's side: paid in is negative, received is positive. */
export interface CashFlow {
  date: IsoDate;
  amount: Fen;
}

export interface Performance {
  paidIn: Fen;
  distributed: Fen;
  nav: Fen;
  /** distributed / paid-in */
  dpi: string | null;
  /** nav / paid-in */
  rvpi: string | null;
  /** (distributed + nav) / paid-in */
  tvpi: string | null;
  /** XIRR of the flows with NAV as a final inflow on the as-of date; annual rate, 4 dp. */
  irr: string | null;
}

/** DPI, RVPI and TVPI: distributed, remaining value, and both, over paid-in (null when nothing is paid in). */
export function multiples(paidIn: Fen, distributed: Fen, nav: Fen): { dpi: string | null; rvpi: string | null; tvpi: string | null } {
  return { dpi: ratio(distributed, paidIn), rvpi: ratio(nav, paidIn), tvpi: ratio(distributed + nav, paidIn) };
}

/**
 * Multiples and IRR of a set of flows with `nav` as the terminal value. The multiples divide by
 * contributed capital: `capital` gives it (and what was distributed) when the flows hold more than
 * capital (compensation such as equalisation or late interest counts in the IRR only); without it,
 * every outflow counts as paid in and every inflow as distributed.
 */
export function performance(flows: readonly CashFlow[], nav: Fen, asOf: IsoDate, capital?: { paidIn: Fen; distributed: Fen }): Performance {
  const paidIn = capital?.paidIn ?? flows.filter((f) => f.amount < 0n).reduce((s, f) => s - f.amount, 0n);
  const distributed = capital?.distributed ?? flows.filter((f) => f.amount > 0n).reduce((s, f) => s + f.amount, 0n);
  const withNav = nav !== 0n ? [...flows, { date: asOf, amount: nav }] : [...flows];
  const irr = xirr(withNav);
  return { paidIn, distributed, nav, ...multiples(paidIn, distributed, nav), irr: irr === null ? null : rate4(irr) };
}

/** A rate to 4 places, half-up; a rate that rounds to zero is "0.0000", never "-0.0000". */
export function rate4(rate: number): string {
  const text = new Big(rate).toFixed(4, Big.roundHalfUp);
  return /^-0\.0+$/.test(text) ? text.slice(1) : text;
}

/**
 * XIRR: the annual rate r at which Σ amount / (1 + r)^(days/365) = 0. IRR is a rate, not money, so
 * it is solved in floating point (amounts converted from fen once, exactly for any realistic fund);
 * Newton's method from 10%, falling back to bisection on [-0.9999, 100]. Null when the flows never
 * change sign or no root is found.
 */
export function xirr(flows: readonly CashFlow[]): number | null {
  if (flows.length < 2) return null;
  const hasIn = flows.some((f) => f.amount > 0n);
  const hasOut = flows.some((f) => f.amount < 0n);
  if (!hasIn || !hasOut) return null;
  const first = flows.reduce((min, f) => (f.date < min ? f.date : min), flows[0].date);
  const points = flows.map((f) => ({ t: daysBetween(first, f.date) / 365, a: Number(f.amount) / 100 }));
  const npv = (r: number) => points.reduce((s, p) => s + p.a / Math.pow(1 + r, p.t), 0);
  const slope = (r: number) => points.reduce((s, p) => s - (p.t * p.a) / Math.pow(1 + r, p.t + 1), 0);
  let rate = 0.1;
  for (let i = 0; i < 100; i += 1) {
    const value = npv(rate);
    const d = slope(rate);
    if (!Number.isFinite(value) || !Number.isFinite(d) || d === 0) break;
    const next = rate - value / d;
    if (next <= -1) break;
    if (Math.abs(next - rate) < 1e-10) return next;
    rate = next;
  }
  return bisect(npv, -0.9999, 100);
}

function bisect(f: (r: number) => number, low: number, high: number): number | null {
  let fLow = f(low);
  if (!Number.isFinite(fLow) || fLow * f(high) > 0) return null;
  for (let i = 0; i < 300; i += 1) {
    const mid = (low + high) / 2;
    const fMid = f(mid);
    if (Math.abs(fMid) < 1e-9 || high - low < 1e-12) return mid;
    if (fLow * fMid < 0) high = mid;
    else {
      low = mid;
      fLow = fMid;
    }
  }
  return (low + high) / 2;
}
