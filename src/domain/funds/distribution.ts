import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { allocateProRata, minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund } from './fund';
import type { CallAllocation } from './capital-call';

export interface DistributionRequest {
  fund: Fund;
  amount: Fen;
  date: IsoDate;
  actor: string;
  cash: Fen;
  /** Each investor's paid-in capital. */
  paidIn: CallAllocation[];
  /** For investors that are funds of this ledger: the cost of their interest in this fund. */
  internalInterestCost: ReadonlyMap<string, Fen>;
}

/**
 * A distribution to investors pro rata to paid-in capital (largest remainder). A share going to a
 * fund of this ledger lands in that fund's cash: first as return of the capital it paid in, the
 * rest as a gain.
 * @throws DomainError INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planDistribution(r: DistributionRequest): { draft: EntryDraft; allocations: CallAllocation[] } {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a distribution');
  assertNotBeforeInception(r.fund, r.date);
  assertCash(r.fund.code, r.cash, r.amount);
  const holders = r.paidIn.filter((p) => p.amount > 0n).sort((a, b) => (a.investor < b.investor ? -1 : 1));
  if (holders.length === 0) {
    throw new DomainError('NO_PAID_IN_CAPITAL', `fund ${r.fund.code} has no paid-in capital to distribute against`, { fund: r.fund.code });
  }
  const parts = allocateProRata(r.amount, holders.map((h) => h.amount));
  const allocations = holders.map((h, i) => ({ investor: h.investor, amount: parts[i] })).filter((a) => a.amount > 0n);
  const code = r.fund.code;
  const lines: Line[] = [{ account: chart.cash(code), fund: code, debit: 0n, credit: r.amount }];
  for (const a of allocations) {
    lines.push({ account: chart.distributed(code, a.investor), fund: code, debit: a.amount, credit: 0n });
    const interestCost = r.internalInterestCost.get(a.investor);
    if (interestCost === undefined) continue;
    const returned = minFen(a.amount, interestCost > 0n ? interestCost : 0n);
    lines.push({ account: chart.cash(a.investor), fund: a.investor, debit: a.amount, credit: 0n });
    if (returned > 0n) lines.push({ account: chart.fundInterestCost(a.investor, code), fund: a.investor, debit: 0n, credit: returned });
    if (a.amount > returned) lines.push({ account: chart.fundGains(a.investor, code), fund: a.investor, debit: 0n, credit: a.amount - returned });
  }
  return {
    allocations,
    draft: {
      date: r.date,
      type: 'distribution',
      memo: `Distribution of ${yuan(r.amount)} by ${r.fund.name}, pro rata to paid-in capital`,
      actor: r.actor,
      metadata: { fund: code },
      lines,
    },
  };
}
