import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { allocateProRata, formatYuanGrouped, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertActive, assertNotBeforeInception, assertPositive, yuan } from './event-rules';
import type { Fund } from './fund';

export interface CallAllocation {
  investor: string;
  amount: Fen;
}

export interface CapitalCallRequest {
  fund: Fund;
  amount: Fen;
  date: IsoDate;
  dueDate: IsoDate;
  actor: string;
  /** Each investor's unfunded (uncalled) commitment, in any order. */
  unfunded: CallAllocation[];
}

/**
 * A capital call (催缴): allocated to investors pro rata to their unfunded commitment by the
 * largest-remainder rule, so the allocations sum exactly to the call.
 * @throws DomainError FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, CALL_EXCEEDS_UNFUNDED, VALIDATION_FAILED
 */
export function planCapitalCall(r: CapitalCallRequest): { draft: EntryDraft; allocations: CallAllocation[] } {
  assertPositive(r.amount);
  if (r.dueDate < r.date) throw DomainError.validation([{ field: 'dueDate', message: 'must not be before the call date' }]);
  assertActive(r.fund, 'a capital call');
  assertNotBeforeInception(r.fund, r.date);
  const holders = r.unfunded.filter((u) => u.amount > 0n).sort((a, b) => (a.investor < b.investor ? -1 : 1));
  const unfunded = holders.reduce((sum, u) => sum + u.amount, 0n);
  if (r.amount > unfunded) {
    throw new DomainError(
      'CALL_EXCEEDS_UNFUNDED',
      `fund ${r.fund.code} has unfunded commitment ${formatYuanGrouped(unfunded)}, asked ${formatYuanGrouped(r.amount)}`,
      { fund: r.fund.code, unfunded: yuan(unfunded), asked: yuan(r.amount) },
    );
  }
  const parts = allocateProRata(r.amount, holders.map((h) => h.amount));
  const allocations = holders.map((h, i) => ({ investor: h.investor, amount: parts[i] })).filter((a) => a.amount > 0n);
  const code = r.fund.code;
  const lines: Line[] = allocations.flatMap((a) => [
    { account: chart.called(code, a.investor), fund: code, debit: a.amount, credit: 0n },
    { account: chart.uncalled(code, a.investor), fund: code, debit: 0n, credit: a.amount },
    { account: chart.receivable(code, a.investor), fund: code, debit: a.amount, credit: 0n },
    { account: chart.contributed(code, a.investor), fund: code, debit: 0n, credit: a.amount },
  ]);
  return {
    allocations,
    draft: {
      date: r.date,
      type: 'capital_call',
      memo: `Capital call of ${yuan(r.amount)} on ${r.fund.name}, due ${r.dueDate}`,
      actor: r.actor,
      metadata: { fund: code, dueDate: r.dueDate },
      lines,
    },
  };
}

export type CallStatus = 'open' | 'partial' | 'paid' | 'late';

/**
 * The status on `asOf`, with `paid` the payments dated on or before it: paid when the call is
 * paid in full; late when past due and not; partial when something is paid.
 */
export function callStatus(allocated: Fen, paid: Fen, dueDate: IsoDate, asOf: IsoDate): CallStatus {
  if (paid >= allocated) return 'paid';
  if (asOf > dueDate) return 'late';
  return paid > 0n ? 'partial' : 'open';
}
