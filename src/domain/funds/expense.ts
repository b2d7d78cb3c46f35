import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund } from './fund';

/** Expense kinds are data (a lower-case key), e.g. management_fee, custody_fee, audit_fee. */
export const EXPENSE_KIND_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

/**
 * An expense paid from the fund's cash.
 * @throws DomainError INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planExpense(r: { fund: Fund; amount: Fen; date: IsoDate; kind: string; memo?: string; actor: string; cash: Fen }): EntryDraft {
  assertPositive(r.amount);
  assertOpened(r.fund, 'an expense');
  assertNotBeforeInception(r.fund, r.date);
  assertCash(r.fund.code, r.cash, r.amount);
  const code = r.fund.code;
  return {
    date: r.date,
    type: 'expense',
    memo: r.memo ? `${r.kind}: ${r.memo}` : `${r.kind} of ${yuan(r.amount)} paid by ${r.fund.name}`,
    actor: r.actor,
    metadata: { fund: code, kind: r.kind },
    lines: [
      { account: chart.expense(code, r.kind), fund: code, debit: r.amount, credit: 0n },
      { account: chart.cash(code), fund: code, debit: 0n, credit: r.amount },
    ],
  };
}
