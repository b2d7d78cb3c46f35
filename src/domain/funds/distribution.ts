import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { allocateProRata, minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import type { WaterfallAllocation } from '../terms/waterfall';
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
  /** Each investor's paid-in capital. */
  paidIn: CallAllocation[];
  /** For investors that are funds of this ledger: the cost of their interest in this fund. */
  internalInterestCost: ReadonlyMap<string, Fen>;
  /**
   * The waterfall split of this distribution (distributionSplit) when the fund has terms in force
   * on its date; absent, the distribution is pro rata to paid-in.
   */
  waterfall?: { manager: string; split: readonly WaterfallAllocation[] };
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
 * A distribution to investors: pro rata to paid-in capital (largest remainder), or by the fund's
 * waterfall when its terms are in force, each investor's part in one account per tier and the
 * manager's in its carried-interest account. A share going to a fund of this ledger lands in that
 * fund's cash: first as return of the capital it paid in, the rest as a gain.
 * @throws DomainError INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planDistribution(r: DistributionRequest): { draft: EntryDraft; allocations: DistributionAllocation[] } {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a distribution');
  assertNotBeforeInception(r.fund, r.date);
  assertCash(r.fund.code, r.cash, r.amount);
  const holders = r.paidIn.filter((p) => p.amount > 0n).sort((a, b) => (a.investor < b.investor ? -1 : 1));
  if (holders.length === 0) {
    throw new DomainError('NO_PAID_IN_CAPITAL', `fund ${r.fund.code} has no paid-in capital to distribute against`, { fund: r.fund.code });
  }
  const code = r.fund.code;
  const lines: Line[] = [{ account: chart.cash(code), fund: code, debit: 0n, credit: r.amount }];
  let allocations: DistributionAllocation[];
  if (r.waterfall) {
    allocations = r.waterfall.split
      .filter((a) => a.amount !== 0n || a.returnOfCapital !== 0n || a.preferredReturn !== 0n || a.profit !== 0n || a.carriedInterest !== 0n)
      .map((a) => ({ investor: a.investor, amount: a.amount, returnOfCapital: a.returnOfCapital, preferredReturn: a.preferredReturn, profit: a.profit, carriedInterest: a.carriedInterest }))
      .sort((a, b) => (a.investor < b.investor ? -1 : 1));
  } else {
    const parts = allocateProRata(r.amount, holders.map((h) => h.amount));
    allocations = holders.map((h, i) => ({ investor: h.investor, amount: parts[i] })).filter((a) => a.amount > 0n);
  }
  for (const a of allocations) {
    if (r.waterfall) {
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
      memo: `Distribution of ${yuan(r.amount)} by ${r.fund.name}, ${r.waterfall ? 'by the waterfall of its terms' : 'pro rata to paid-in capital'}`,
      actor: r.actor,
      metadata: { fund: code, ...(r.waterfall ? { waterfall: true } : {}) },
      lines,
    },
  };
}
