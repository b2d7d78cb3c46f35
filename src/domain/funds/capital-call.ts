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
  /**
   * The investors whose commitments are dated on or before the call date, in any order: what they
   * committed by then (the weight of the split) and what of it is still uncalled (the cap).
   */
  holders: CallHolder[];
}

export interface CallHolder {
  investor: string;
  committed: Fen;
  unfunded: Fen;
}

/**
 * A capital call (催缴): split among the commitments dated on or before the call date, pro rata to
 * commitment by the largest-remainder rule, so the allocations sum exactly to the call. Equalisation
 * keeps every investor at the same called fraction, so no part exceeds what is uncalled but by a fen
 * of rounding; a part that would is capped there and the rest split again among the others.
 * @throws DomainError FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, CALL_EXCEEDS_UNFUNDED, VALIDATION_FAILED
 */
export function planCapitalCall(r: CapitalCallRequest): { draft: EntryDraft; allocations: CallAllocation[] } {
  assertPositive(r.amount);
  if (r.dueDate < r.date) throw DomainError.validation([{ field: 'dueDate', message: 'must not be before the call date' }]);
  assertActive(r.fund, 'a capital call');
  assertNotBeforeInception(r.fund, r.date);
  const holders = r.holders.filter((h) => h.unfunded > 0n && h.committed > 0n).sort((a, b) => (a.investor < b.investor ? -1 : 1));
  const unfunded = holders.reduce((sum, h) => sum + h.unfunded, 0n);
  if (r.amount > unfunded) {
    throw new DomainError(
      'CALL_EXCEEDS_UNFUNDED',
      `fund ${r.fund.code} has unfunded commitment ${formatYuanGrouped(unfunded)} dated on or before ${r.date}, asked ${formatYuanGrouped(r.amount)}`,
      { fund: r.fund.code, unfunded: yuan(unfunded), asked: yuan(r.amount) },
    );
  }
  const parts = splitCapped(r.amount, holders);
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

/**
 * Pro rata to commitment, each part capped at the holder's unfunded commitment; what a cap leaves
 * over is split again among the uncapped holders. Ends within one round per holder, since the
 * total never exceeds the unfunded sum.
 */
function splitCapped(total: Fen, holders: readonly CallHolder[]): Fen[] {
  const parts: Fen[] = holders.map(() => 0n);
  const capped = new Set<number>();
  let rest = total;
  for (;;) {
    const open = holders.map((_, i) => i).filter((i) => !capped.has(i));
    const split = allocateProRata(rest, open.map((i) => holders[i].committed));
    const over = open.filter((i, k) => split[k] > holders[i].unfunded);
    if (over.length === 0) {
      open.forEach((i, k) => (parts[i] = split[k]));
      return parts;
    }
    for (const i of over) {
      parts[i] = holders[i].unfunded;
      rest -= holders[i].unfunded;
      capped.add(i);
    }
  }
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
