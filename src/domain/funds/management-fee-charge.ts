import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import type { FundTerms } from '../terms/fund-terms';
import { managementFee, quarterOf, type ManagementFee } from '../terms/management-fee';
import { chart } from './chart-of-accounts';
import { assertNotBeforeInception, assertOpened, yuan } from './event-rules';
import type { Fund } from './fund';

export interface ManagementFeeRequest {
  fund: Fund;
  period: string;
  /** The booking date; the quarter's last day when not given. */
  date?: IsoDate;
  actor: string;
  /** The terms in force at the quarter's end, null for a fund without terms. */
  terms: FundTerms | null;
  /** Each investor's commitment at the quarter's end (fen), reversed commitments left out. */
  commitments: ReadonlyArray<{ investor: string; amount: Fen }>;
  /** The fund's net invested cost at the quarter's end (fen). */
  netInvestedCost: Fen;
}

/**
 * The management fee of one quarter, booked in arrears as a liability to the manager: no cash moves
 * when the fee is charged (paying the manager later is an ordinary cash movement against the
 * payable). Each fee-paying investor's part is charged to its own capital account
 * (`equity:F:fees:I`), so capital accounts and statements read what each investor paid, and the
 * NAV (assets − liabilities) falls by the fee.
 * @throws DomainError NO_FUND_TERMS, NO_FEE_DUE, NO_FEE_PAYING_INVESTORS, FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, VALIDATION_FAILED (period, or a date inside the quarter)
 */
export function planManagementFee(r: ManagementFeeRequest): { draft: EntryDraft; fee: ManagementFee; date: IsoDate; manager: string } {
  const quarter = quarterOf(r.period);
  const date = r.date ?? quarter.to;
  if (date < quarter.to) {
    throw DomainError.validation([{ field: 'date', message: `a fee is charged in arrears: on or after the quarter's last day ${quarter.to}` }]);
  }
  assertOpened(r.fund, 'a management fee');
  assertNotBeforeInception(r.fund, quarter.to);
  if (!r.terms) {
    throw new DomainError('NO_FUND_TERMS', `fund ${r.fund.code} has no terms in force on ${quarter.to}: set them with PUT /funds/${r.fund.code}/terms`, {
      fund: r.fund.code,
      asOf: quarter.to,
    });
  }
  const fee = managementFee({ period: quarter.period, terms: r.terms, commitments: r.commitments, netInvestedCost: r.netInvestedCost });
  if (fee.amount === 0n) {
    throw new DomainError('NO_FEE_DUE', `the ${quarter.period} management fee of fund ${r.fund.code} is 0.00: nothing to charge`, { fund: r.fund.code, period: quarter.period });
  }
  const code = r.fund.code;
  const manager = r.terms.manager;
  const lines: Line[] = fee.allocations.filter((a) => a.amount > 0n).map((a) => ({ account: chart.fees(code, a.investor), fund: code, debit: a.amount, credit: 0n }));
  lines.push({ account: chart.feesPayable(code, manager), fund: code, debit: 0n, credit: fee.amount });
  return {
    fee,
    date,
    manager,
    draft: {
      date,
      type: 'management_fee',
      memo: `Management fee ${quarter.period} of ${yuan(fee.amount)} payable by ${r.fund.name} to ${manager}`,
      actor: r.actor,
      metadata: { fund: code, period: quarter.period },
      lines,
    },
  };
}
