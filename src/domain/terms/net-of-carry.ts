import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import { performance, type CashFlow, type Performance } from '../funds/performance';

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
  /** What the manager would receive more if the fund were wound up at its NAV on the date (its HLBV carried interest). */
  carriedInterestAccrued: Fen;
  /** Paid-in, distributed less carried interest paid, NAV less carried interest accrued, and their multiples and IRR. */
  net: Performance;
}

/**
 * Net of carry: the flows without the carried interest they hold, and the NAV less the carried
 * interest accrued, measured as performance() measures the gross figures.
 */
export function netOfCarry(flows: readonly CarryFlow[], nav: Fen, accrued: Fen, asOf: IsoDate, capital?: { paidIn: Fen; distributed: Fen }): NetOfCarry {
  const carriedInterestPaid = flows.reduce((sum, f) => sum + f.carriedInterest, 0n);
  const netFlows = flows.map((f) => ({ date: f.date, amount: f.amount - f.carriedInterest })).filter((f) => f.amount !== 0n);
  const netCapital = capital ? { paidIn: capital.paidIn, distributed: capital.distributed - carriedInterestPaid } : undefined;
  return { carriedInterestPaid, carriedInterestAccrued: accrued, net: performance(netFlows, nav - accrued, asOf, netCapital) };
}
