import type { IsoDate } from '../dates';
import { minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import type { DistributionPart } from '../capital-accounts/capital-account';
import { chart, type DistributionTier } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund } from './fund';
import type { CallAllocation } from './capital-call';

/** The waterfall parts of an allocation (fen); carriedInterest is the manager's catch-up and carry. */
export interface DistributionTiers {
  returnOfCapital: Fen;
  preferredReturn: Fen;
  profit: Fen;
  carriedInterest: Fen;
}

/** One party's part of a distribution: tiers when the fund's terms split it by the waterfall. */
export type DistributionAllocation = CallAllocation & Partial<DistributionTiers>;

export interface DistributionRequest {
  fund: Fund;
  amount: Fen;
  date: IsoDate;
  actor: string;
  cash: Fen;
  /** For investors that are funds of this ledger: the cost of their interest in this fund. */
  internalInterestCost: ReadonlyMap<string, Fen>;
  /**
   * The split of this distribution among the parties (capital-account.ts distributionSplit), asked
   * once the request has passed its own checks.
   */
  split(): readonly DistributionPart[];
  /** True when terms are in force on its date: each part is booked by waterfall tier. */
  byTier: boolean;
}

const TIER_ACCOUNTS: ReadonlyArray<[Exclude<keyof DistributionTiers, 'carriedInterest'>, DistributionTier]> = [
  ['returnOfCapital', 'return-of-capital'],
  ['preferredReturn', 'preferred-return'],
  ['profit', 'profit'],
];

/** A debit of `amount`, or a credit of its magnitude when negative (a waterfall part can be −0.01). */
function signed(account: string, fund: string, amount: Fen): Line {
  return amount >= 0n ? { account, fund, debit: amount, credit: 0n } : { account, fund, debit: 0n, credit: -amount };
}

/**
 * A distribution to the fund's parties by its split (docs/capital-accounting.md): with terms in
 * force, each investor's part in one account per tier and the manager's in its carried-interest
 * account; without, each part in the investor's distribution account. A share going to a fund of
 * this ledger lands in that fund's cash: first as return of the capital it paid in, the rest as a gain.
 * @throws DomainError INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planDistribution(r: DistributionRequest): { draft: EntryDraft; allocations: DistributionAllocation[] } {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a distribution');
  assertNotBeforeInception(r.fund, r.date);
  assertCash(r.fund.code, r.cash, r.amount);
  const code = r.fund.code;
  const lines: Line[] = [{ account: chart.cash(code), fund: code, debit: 0n, credit: r.amount }];
  const allocations: DistributionAllocation[] = r
    .split()
    .filter((a) => a.amount !== 0n || a.returnOfCapital !== 0n || a.preferredReturn !== 0n || a.profit !== 0n || a.carriedInterest !== 0n)
    .map((a) =>
      r.byTier
        ? { investor: a.investor, amount: a.amount, returnOfCapital: a.returnOfCapital, preferredReturn: a.preferredReturn, profit: a.profit, carriedInterest: a.carriedInterest }
        : { investor: a.investor, amount: a.amount },
    )
    .filter((a) => r.byTier || a.amount !== 0n)
    .sort((a, b) => (a.investor < b.investor ? -1 : 1));
  for (const a of allocations) {
    if (r.byTier) {
      for (const [tier, leaf] of TIER_ACCOUNTS) if (a[tier]) lines.push(signed(chart.distributedTier(code, a.investor, leaf), code, a[tier]!));
      if (a.carriedInterest) lines.push(signed(chart.carriedInterest(code, a.investor), code, a.carriedInterest));
    } else {
      lines.push({ account: chart.distributed(code, a.investor), fund: code, debit: a.amount, credit: 0n });
    }
    const interestCost = r.internalInterestCost.get(a.investor);
    if (interestCost === undefined || a.amount === 0n) continue;
    const returned = minFen(a.amount, interestCost > 0n ? interestCost : 0n);
    lines.push(signed(chart.cash(a.investor), a.investor, a.amount));
    if (returned !== 0n) lines.push(signed(chart.fundInterestCost(a.investor, code), a.investor, -returned));
    if (a.amount !== returned) lines.push(signed(chart.fundGains(a.investor, code), a.investor, returned - a.amount));
  }
  return {
    allocations,
    draft: {
      date: r.date,
      type: 'distribution',
      memo: `Distribution of ${yuan(r.amount)} by ${r.fund.name}, ${r.byTier ? 'by the waterfall of its terms, per investor' : 'pro rata to contributed capital net of own charges'}`,
      actor: r.actor,
      metadata: { fund: code, ...(r.byTier ? { waterfall: true } : {}) },
      lines,
    },
  };
}
