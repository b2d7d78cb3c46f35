import { MAIN_BOARD_RISK_WARNING_LIMIT } from './limit-down';
import { DEFAULT_DISCOUNT_TABLE, DEFAULT_LOCKUP_MONTHS, parseDiscountTable, parseLockUpMonths, type DiscountBand, type LockUpMonths } from './liquidity-discount';

/** How the fund's holdings are judged on the watch (docs/screening.md, The fund's own holdings). */
export interface WatchSettings {
  /** A price more than this many trading days old is marked stale. */
  staleAfterTradingDays: number;
  /** Liquidity discount by remaining lock-up days. */
  discounts: readonly DiscountBand[];
  /** Lock-up months by acquisition mode. */
  lockUpMonths: LockUpMonths;
  /** Daily limit of a risk-warning (ST, *ST) stock on the main board. */
  mainBoardRiskWarningLimit: string;
}

export const DEFAULT_STALE_TRADING_DAYS = 3;

export const DEFAULT_WATCH_SETTINGS: Readonly<WatchSettings> = Object.freeze({
  staleAfterTradingDays: DEFAULT_STALE_TRADING_DAYS,
  discounts: Object.freeze(parseDiscountTable(DEFAULT_DISCOUNT_TABLE)),
  lockUpMonths: parseLockUpMonths(DEFAULT_LOCKUP_MONTHS),
  mainBoardRiskWarningLimit: MAIN_BOARD_RISK_WARNING_LIMIT,
});
