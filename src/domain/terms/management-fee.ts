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
}

export interface ManagementFee {
  quarter: Quarter;
  /** Days of the quarter on or before investmentPeriodEnd, and after it. */
  investmentPeriodDays: number;
  postPeriodDays: number;
  /** The bases the rates apply to (fen). */
  feePayingCommitments: Fen;
  netInvestedCost: Fen;
  /** The fund total, half-up to the fen. */
  amount: Fen;
  /** Fee-paying investors' parts, pro rata to commitment by largest remainder; they sum to `amount`. */
  allocations: Array<{ investor: string; amount: Fen }>;
}

/**
 * The management fee of one calendar quarter, in arrears (docs/fund-terms.md):
 *   investmentPeriodRate × fee-paying commitments × days in the investment period / 365
 * + postPeriodRate × net invested cost × days after it / 365,
 * summed exactly and rounded half-up to the fen once; exempt investors pay none and carry no part.
 * @throws DomainError VALIDATION_FAILED (period), NO_FEE_PAYING_INVESTORS (a fee with nobody to pay it)
 */
export function managementFee(input: ManagementFeeInput): ManagementFee {
  const quarter = quarterOf(input.period);
  const { investmentPeriodRate, postPeriodRate, exempt = [] } = input.terms.managementFee;
  const quarterDays = daysBetween(quarter.from, quarter.to) + 1;
  const investmentPeriodDays = Math.min(quarterDays, Math.max(0, daysBetween(quarter.from, input.terms.investmentPeriodEnd) + 1));
  const postPeriodDays = quarterDays - investmentPeriodDays;
  const payers = input.commitments.filter((c) => !exempt.includes(c.investor));
  const feePayingCommitments = sumFen(payers.map((c) => c.amount));
  const fen = new Big(investmentPeriodRate)
    .times(feePayingCommitments.toString())
    .times(investmentPeriodDays)
    .plus(new Big(postPeriodRate).times(input.netInvestedCost.toString()).times(postPeriodDays))
    .div(365);
  const amount = bigToFen(fen.div(100));
  if (amount > 0n && feePayingCommitments === 0n) {
    throw new DomainError('NO_FEE_PAYING_INVESTORS', `the ${quarter.period} fee of the fund has no fee-paying commitment to be split over`, { period: quarter.period });
  }
  const parts = amount === 0n ? payers.map(() => 0n) : allocateProRata(amount, payers.map((c) => c.amount));
  return {
    quarter,
    investmentPeriodDays,
    postPeriodDays,
    feePayingCommitments,
    netInvestedCost: input.netInvestedCost,
    amount,
    allocations: payers.map((c, i) => ({ investor: c.investor, amount: parts[i] })),
  };
}
