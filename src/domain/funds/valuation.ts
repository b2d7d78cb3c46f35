import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertOpened, yuan } from './event-rules';
import type { Fund } from './fund';
import type { Instrument } from '../deals/instrument';

/**
 * How a fair value was reached (中基协 2018《私募投资基金非上市股权投资估值指引（试行）》: market,
 * income and cost approaches, recent transaction price; and the AAP discount of the 2017
 * 流通受限股票 guideline for restricted listed shares).
 */
export const VALUATION_METHODS = ['market', 'income', 'cost', 'recent_transaction', 'aap'] as const;
export type ValuationMethod = (typeof VALUATION_METHODS)[number];

export interface ValuationRequest {
  fund: Fund;
  investment: { id: number; stockCode: string; instrument: Instrument; date: IsoDate };
  fairValue: Fen;
  date: IsoDate;
  actor: string;
  remainingCost: Fen;
  carriedFairValue: Fen;
}

/**
 * Marks an investment to fair value: the change against its carrying value (cost + unrealized)
 * is posted as unrealized gain or loss. An unchanged value posts nothing (draft is null).
 * @throws DomainError VALIDATION_FAILED, FUND_NOT_ACTIVE
 */
export function planValuation(r: ValuationRequest): { draft: EntryDraft | null; unrealizedChange: Fen } {
  assertOpened(r.fund, 'a valuation');
  if (r.date < r.investment.date) throw DomainError.validation([{ field: 'date', message: `must not be before the investment date ${r.investment.date}` }]);
  if (r.remainingCost === 0n) {
    throw DomainError.validation([{ field: 'investment', message: `investment ${r.investment.id} is fully exited; nothing to value` }]);
  }
  const change = r.fairValue - (r.remainingCost + r.carriedFairValue);
  if (change === 0n) return { draft: null, unrealizedChange: 0n };
  const code = r.fund.code;
  const fv = chart.investmentFairValue(code, r.investment.stockCode, r.investment.instrument, r.investment.id);
  const gains = chart.unrealizedGains(code);
  const magnitude = change > 0n ? change : -change;
  const [debit, credit] = change > 0n ? [fv, gains] : [gains, fv];
  return {
    unrealizedChange: change,
    draft: {
      date: r.date,
      type: 'valuation',
      memo: `Investment ${r.investment.id} (${r.investment.stockCode}) valued at ${yuan(r.fairValue)}: change ${yuan(change)}`,
      actor: r.actor,
      metadata: { fund: code, investment: r.investment.id, fairValue: yuan(r.fairValue) },
      lines: [
        { account: debit, fund: code, debit: magnitude, credit: 0n },
        { account: credit, fund: code, debit: 0n, credit: magnitude },
      ],
    },
  };
}
