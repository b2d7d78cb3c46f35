import Big from 'big.js';
import type { Applicant } from '../screening/applicant';
import type { PledgeRisk } from '../screening/pledge-risk';
import { boardOf, limitDownDays, limitRatio, type Board } from './limit-down';

export interface LimitDownDistance {
  board: Board;
  /** The daily limit applied, a decimal string ("0.10"). */
  limitRatio: string;
  /** The weakest tranche's count of limit-down days to its liquidation price; null when unknown. */
  days: number | null;
  tranches: Array<{ lender: string | null; days: number | null }>;
}

/**
 * 跌停板数 of each tranche at the price the risk was assessed at, and the company's (the smallest).
 * A tranche without debt, or one the price cannot reach, is left out of the smallest.
 */
export function limitDownDistance(
  applicant: Pick<Applicant, 'stockCode' | 'exchange' | 'riskWarning'>,
  risk: PledgeRisk,
  riskWarningLimit?: string,
): LimitDownDistance {
  const board = boardOf(applicant.stockCode, applicant.exchange);
  const ratio = limitRatio(board, applicant.riskWarning, riskWarningLimit);
  const price = risk.sharePrice === null ? null : new Big(risk.sharePrice);
  const tranches = risk.tranches.map((t) => {
    const debt = new Big(t.outstandingDebt);
    if (price === null || debt.lte(0)) return { lender: t.lender, days: null, owes: debt.gt(0) };
    return { lender: t.lender, days: limitDownDays(price, ratio, { pledgedShares: t.pledgedShares, atLiquidation: debt.times(t.liquidationLine) }), owes: true };
  });
  const reached = tranches.filter((t) => t.owes && t.days !== null).map((t) => t.days!);
  return {
    board,
    limitRatio: ratio,
    days: reached.length > 0 ? Math.min(...reached) : null,
    tranches: tranches.map(({ lender, days }) => ({ lender, days })),
  };
}
