import type { IsoDate } from '../dates';
import { maxFen, type Fen } from '../money';
import { performance, type CashFlow, type Performance } from '../funds/performance';
import { distributionSplit, type WaterfallInput } from './waterfall';

/** A dated flow from the investors' side (performance.ts) with the carried interest it holds (fen). */
export interface CarryFlow extends CashFlow {
  carriedInterest: Fen;
}

/**
 * A fund's figures net of carried interest: what its investors, the manager left out, have had
 * and still hold. The fund's own DPI, TVPI and IRR count the manager's carried interest as
 * distributed (gross of carry); both are net of management fees, which the NAV already bears.
 */
export interface NetOfCarry {
  /** Carried interest distributed to the manager to date (catch-up and carry). */
  carriedInterestPaid: Fen;
  /** What the manager would receive more if the fund were wound up at its NAV on the date. */
  carriedInterestAccrued: Fen;
  /** Paid-in, distributed less carried interest paid, NAV less carried interest accrued, and their multiples and IRR. */
  net: Performance;
}

/**
 * The carried interest accrued on `asOf`: the manager's part of a hypothetical last distribution of
 * the whole NAV on that date, through the cumulative waterfall of every distribution to date
 * (docs/fund-terms.md). Nothing accrues on a NAV of zero or less, nor without paid-in capital.
 */
export function accruedCarry(input: WaterfallInput, nav: Fen, asOf: IsoDate): Fen {
  if (nav <= 0n || !input.investors.some((i) => i.payments.some((p) => p.amount > 0n))) return 0n;
  const split = distributionSplit({ ...input, distributions: [...input.distributions, { date: asOf, amount: nav }] });
  const manager = split.find((a) => a.investor === input.terms.manager);
  // A fen moved between cumulative roundings can make the hypothetical part −0.01: none accrues.
  return manager ? maxFen(0n, manager.carriedInterest) : 0n;
}

/**
 * Net of carry: the flows without the carried interest they hold, and the NAV less the carried
 * interest accrued, measured as performance() measures the gross figures.
 */
export function netOfCarry(flows: readonly CarryFlow[], nav: Fen, accrued: Fen, asOf: IsoDate): NetOfCarry {
  const carriedInterestPaid = flows.reduce((sum, f) => sum + f.carriedInterest, 0n);
  const netFlows = flows.map((f) => ({ date: f.date, amount: f.amount - f.carriedInterest })).filter((f) => f.amount !== 0n);
  return { carriedInterestPaid, carriedInterestAccrued: accrued, net: performance(netFlows, nav - accrued, asOf) };
}
