import Big from 'big.js';
import { DomainError } from '../errors';
import { daysBetween, type IsoDate } from '../dates';
import { allocateProRata, bigToFen, sumFen, type Fen } from '../money';
import type { FundTerms } from './fund-terms';

/** A calendar quarter, 'YYYYQn'. */
export const QUARTER_PATTERN = '^[0-9]{4}Q[1-4]$';

export interface Quarter {
  period: string;
  /** First and last day, both inclusive. */
  from: IsoDate;
  to: IsoDate;
}

/** '2024Q1' -> 2024-01-01 .. 2024-03-31. @throws DomainError VALIDATION_FAILED */
export function quarterOf(period: string): Quarter {
  if (!new RegExp(QUARTER_PATTERN).test(period)) throw DomainError.validation([{ field: 'period', message: 'must be a calendar quarter YYYYQn, e.g. "2024Q1"' }]);
  const year = period.slice(0, 4);
  const q = Number(period.slice(5));
  const firstMonth = (q - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(Number(year), lastMonth, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, '0');
  return { period, from: `${year}-${mm(firstMonth)}-01`, to: `${year}-${mm(lastMonth)}-${lastDay}` };
}

export interface ManagementFeeInput {
  period: string;
  terms: Pick<FundTerms, 'investmentPeriodEnd' | 'managementFee'>;
  /** Each investor's commitment at the quarter's end (fen). */
  commitments: ReadonlyArray<{ investor: string; amount: Fen }>;
  /** The fund's net invested cost at the quarter's end (fen): cost of investments not yet released. */
  netInvestedCost: Fen;
  /** The fund's first closing (its earliest commitment): no fee accrues before it. */
  firstClosing?: IsoDate;
}

export interface ManagementFee {
  quarter: Quarter;
  /** Days of the quarter from the first closing on or before investmentPeriodEnd, and after it. */
  investmentPeriodDays: number;
  postPeriodDays: number;
  /** The bases the rates apply to (fen): after the investment period, net invested cost × the fee-paying share of commitments. */
  feePayingCommitments: Fen;
  netInvestedCost: Fen;
  /** Fee-paying commitments / all commitments, exact (the post-period base's share). */
  feePayingShare: string;
  /** The fund total, half-up to the fen. */
  amount: Fen;
  /** Fee-paying investors' parts, pro rata to commitment by largest remainder; they sum to `amount`. */
  allocations: Array<{ investor: string; amount: Fen }>;
}

/**
 * The management fee of one calendar quarter, in arrears (docs/capital-accounting.md, "Fees"):
 *   investmentPeriodRate × fee-paying commitments × investment-period days / 365
 * + postPeriodRate × net invested cost × fee-paying share of commitments × days after it / 365,
 * counting days from the later of the quarter's start and the fund's first closing; summed exactly
 * and rounded half-up to the fen once; exempt investors pay none and carry no part.
 * Both bases scale with the fee-paying commitments, so a fund nobody pays a fee in owes none.
 * @throws DomainError VALIDATION_FAILED (period)
 */
export function managementFee(input: ManagementFeeInput): ManagementFee {
  const quarter = quarterOf(input.period);
  const { investmentPeriodRate, postPeriodRate, exempt = [] } = input.terms.managementFee;
  const from = input.firstClosing && input.firstClosing > quarter.from ? input.firstClosing : quarter.from;
  const accrualDays = from > quarter.to ? 0 : daysBetween(from, quarter.to) + 1;
  const investmentPeriodDays = Math.min(accrualDays, Math.max(0, daysBetween(from, input.terms.investmentPeriodEnd) + 1));
  const postPeriodDays = accrualDays - investmentPeriodDays;
  const payers = input.commitments.filter((c) => !exempt.includes(c.investor));
  const feePayingCommitments = sumFen(payers.map((c) => c.amount));
  const allCommitments = sumFen(input.commitments.map((c) => c.amount));
  const share = allCommitments > 0n ? new Big(feePayingCommitments.toString()).div(allCommitments.toString()) : new Big(0);
  const fen = new Big(investmentPeriodRate)
    .times(feePayingCommitments.toString())
    .times(investmentPeriodDays)
    .plus(new Big(postPeriodRate).times(input.netInvestedCost.toString()).times(feePayingCommitments.toString()).times(postPeriodDays).div(allCommitments > 0n ? allCommitments.toString() : 1))
    .div(365);
  const amount = bigToFen(fen.div(100));
  const parts = amount === 0n ? payers.map(() => 0n) : allocateProRata(amount, payers.map((c) => c.amount));
  return {
    quarter,
    investmentPeriodDays,
    postPeriodDays,
    feePayingCommitments,
    netInvestedCost: input.netInvestedCost,
    feePayingShare: share.toFixed(6, Big.roundHalfUp),
    amount,
    allocations: payers.map((c, i) => ({ investor: c.investor, amount: parts[i] })),
  };
}

/** An earlier quarter already charged: the commitments and cost it was charged on. */
export interface ChargedQuarter {
  period: string;
  terms: ManagementFeeInput['terms'];
  commitments: ReadonlyArray<{ investor: string; amount: Fen }>;
  netInvestedCost: Fen;
}

/**
 * Fee catch-up of investors closing after the first closing (docs/capital-accounting.md): for each
 * quarter already charged, the fee the newcomers would have paid had they closed at the first
 * closing: that quarter's fee recomputed with their commitments added, their parts of it. One sum
 * per newcomer, charged with its first fee.
 */
export function feeCatchUp(newcomers: ReadonlyArray<{ investor: string; amount: Fen }>, charged: readonly ChargedQuarter[], firstClosing: IsoDate): Array<{ investor: string; amount: Fen }> {
  const owed = new Map<string, Fen>(newcomers.map((n) => [n.investor, 0n]));
  for (const q of charged) {
    const withNewcomers = [...q.commitments.filter((c) => !owed.has(c.investor)), ...newcomers];
    const fee = managementFee({ period: q.period, terms: q.terms, commitments: withNewcomers, netInvestedCost: q.netInvestedCost, firstClosing });
    for (const a of fee.allocations) if (owed.has(a.investor)) owed.set(a.investor, owed.get(a.investor)! + a.amount);
  }
  return [...owed].map(([investor, amount]) => ({ investor, amount })).filter((a) => a.amount > 0n);
}
