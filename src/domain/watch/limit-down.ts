import Big from 'big.js';

/** The A-share boards, each with its own daily price limit. */
export type Board = 'main' | 'chinext' | 'star' | 'bse';

/**
 * Daily price limit (涨跌幅限制) by board as a decimal string. A risk-warning stock (ST, *ST)
 * on the main board is limited to 5%; ChiNext, STAR and BSE keep their board's limit for ST too.
 */
export const BOARD_LIMITS: Readonly<Record<Board, string>> = { main: '0.10', chinext: '0.20', star: '0.20', bse: '0.30' };
export const MAIN_BOARD_RISK_WARNING_LIMIT = '0.05';

/** Days counted at most; beyond that the distance is reported as unknown (null). */
const MAX_DAYS = 1000;

/** The tick (价格最小变动单位) of A shares: 0.01 yuan. */
const TICK_DP = 2;

/**
 * The board a stock trades on, from its code: `.BJ` (or exchange BSE) is the Beijing exchange;
 * SZSE codes 300–302 are ChiNext (创业板); SSE codes 688–689 are STAR (科创板); the rest main board.
 */
export function boardOf(stockCode: string, exchange?: string): Board {
  if (exchange === 'BSE' || stockCode.endsWith('.BJ')) return 'bse';
  const prefix = stockCode.slice(0, 3);
  if (stockCode.endsWith('.SZ') && ['300', '301', '302'].includes(prefix)) return 'chinext';
  if (stockCode.endsWith('.SH') && ['688', '689'].includes(prefix)) return 'star';
  return 'main';
}

/** The limit of a stock; `riskWarningLimit` replaces the main board's 5% for ST and *ST stocks when given. */
export function limitRatio(board: Board, riskWarning?: string, riskWarningLimit = MAIN_BOARD_RISK_WARNING_LIMIT): string {
  const warned = riskWarning === 'ST' || riskWarning === '*ST';
  return board === 'main' && warned ? riskWarningLimit : BOARD_LIMITS[board];
}

/**
 * Reads a limit given in configuration: a decimal from 0.01 to 0.99 with at most 2 decimals.
 * @throws Error naming what is wrong
 */
export function parseLimit(text: string): string {
  if (!/^0\.[0-9]{1,2}$/.test(text) || text === '0.0' || text === '0.00') throw new Error(`"${text}" is not a daily limit such as 0.05`);
  return text.length === 3 ? `${text}0` : text;
}

/**
 * The next day's limit-down price as the exchanges compute it: previous close × (1 − limit),
 * rounded half-up to the 0.01-yuan tick (SSE and SZSE trading rules, §3.4, 涨跌幅价格).
 */
export function limitDownPrice(previousClose: Big, ratio: string): Big {
  return previousClose.times(new Big(1).minus(ratio)).round(TICK_DP, Big.roundHalfUp);
}

/**
 * 跌停板数: how many consecutive limit-down closes take the price from `price` to the liquidation
 * price or below, compared exactly as pledged shares × price ≤ liquidation line × D. 0 when the
 * price is already there; null when the rounded price stops falling (a tick too small to move)
 * before it gets there, or after MAX_DAYS.
 */
export function limitDownDays(price: Big, ratio: string, tranche: { pledgedShares: number; atLiquidation: Big }): number | null {
  const shares = new Big(tranche.pledgedShares);
  let current = price;
  for (let days = 0; days <= MAX_DAYS; days += 1) {
    if (shares.times(current).lte(tranche.atLiquidation)) return days;
    const next = limitDownPrice(current, ratio);
    if (next.gte(current)) return null;
    current = next;
  }
  return null;
}
