import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertNotBeforeInception, assertOpened, yuan } from './event-rules';
import type { Fund } from './fund';
import type { Instrument } from './investment';

export const EXIT_KINDS = ['sale', 'repayment', 'income'] as const;
export type ExitKind = (typeof EXIT_KINDS)[number];

export interface ExitRequest {
  fund: Fund;
  investment: { id: number; stockCode: string; instrument: Instrument; date: IsoDate };
  kind: ExitKind;
  proceeds: Fen;
  cost: Fen;
  date: IsoDate;
  actor: string;
  /** Remaining cost and the unrealized change still carried on the investment. */
  remainingCost: Fen;
  fairValue: Fen;
}

export interface PlannedExit {
  draft: EntryDraft;
  realizedGain: Fen;
  unrealizedReleased: Fen;
}

/**
 * An exit: sale proceeds, a loan repayment, or income. Realized gain = proceeds − cost released;
 * the unrealized change carried on the released cost is released with it, pro rata.
 * @throws DomainError EXIT_EXCEEDS_COST, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planExit(r: ExitRequest): PlannedExit {
  assertOpened(r.fund, 'an exit');
  assertNotBeforeInception(r.fund, r.date);
  if (r.date < r.investment.date) throw DomainError.validation([{ field: 'date', message: `must not be before the investment date ${r.investment.date}` }]);
  if (r.kind === 'income' && r.cost !== 0n) throw DomainError.validation([{ field: 'cost', message: 'must be 0 for income' }]);
  if (r.kind === 'income' && r.proceeds === 0n) throw DomainError.validation([{ field: 'proceeds', message: 'must be greater than zero for income' }]);
  if (r.kind !== 'income' && r.cost === 0n) throw DomainError.validation([{ field: 'cost', message: `must be greater than zero for a ${r.kind}` }]);
  if (r.kind === 'repayment' && r.investment.instrument === 'equity') {
    throw DomainError.validation([{ field: 'kind', message: 'equity is exited by sale (dividends are income), not repayment' }]);
  }
  if (r.cost > r.remainingCost) {
    throw new DomainError(
      'EXIT_EXCEEDS_COST',
      `investment ${r.investment.id} has remaining cost ${formatYuanGrouped(r.remainingCost)}, asked to release ${formatYuanGrouped(r.cost)}`,
      { investment: r.investment.id, remainingCost: yuan(r.remainingCost), asked: yuan(r.cost) },
    );
  }
  const code = r.fund.code;
  const { id, stockCode, instrument } = r.investment;
  const lines: Line[] = [];
  const push = (account: string, amount: Fen) => {
    if (amount > 0n) lines.push({ account, fund: code, debit: amount, credit: 0n });
    if (amount < 0n) lines.push({ account, fund: code, debit: 0n, credit: -amount });
  };
  push(chart.cash(code), r.proceeds);
  if (r.kind === 'income') {
    push(chart.investmentIncome(code, stockCode), -r.proceeds);
    return { draft: draftOf(r, lines), realizedGain: r.proceeds, unrealizedReleased: 0n };
  }
  push(chart.investmentCost(code, stockCode, instrument, id), -r.cost);
  const released = r.cost === r.remainingCost ? r.fairValue : (r.fairValue * r.cost) / r.remainingCost;
  push(chart.investmentFairValue(code, stockCode, instrument, id), -released);
  push(chart.unrealizedGains(code), released);
  const realizedGain = r.proceeds - r.cost;
  push(chart.realizedGains(code), -realizedGain);
  return { draft: draftOf(r, lines), realizedGain, unrealizedReleased: released };
}

function draftOf(r: ExitRequest, lines: Line[]): EntryDraft {
  return {
    date: r.date,
    type: 'exit',
    memo: `${r.kind} of investment ${r.investment.id} (${r.investment.stockCode}): proceeds ${yuan(r.proceeds)}, cost released ${yuan(r.cost)}`,
    actor: r.actor,
    metadata: { fund: r.fund.code, investment: r.investment.id, kind: r.kind },
    lines,
  };
}
