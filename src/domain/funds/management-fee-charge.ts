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
  /** The fund's first closing: no fee accrues before it. */
  firstClosing?: IsoDate;
  /** Fee catch-up of investors that closed later, charged with their first fee (feeCatchUp). */
  catchUp?: ReadonlyArray<{ investor: string; amount: Fen }>;
}

/**
 * The management fee of one quarter, booked in arrears as a liability to the manager, with the fee
 * catch-up of investors that closed after the first closing (docs/capital-accounting.md): no cash moves
 * when the fee is charged (paying the manager later is an ordinary cash movement against the
 * payable). Each fee-paying investor's part is charged to its own capital account
 * (`equity:F:fees:I`), so capital accounts and statements read what each investor paid, and the
 * NAV (assets − liabilities) falls by the fee.
 * @throws DomainError NO_FUND_TERMS, NO_FEE_DUE, FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, VALIDATION_FAILED (period, or a date inside the quarter)
 */
export function planManagementFee(r: ManagementFeeRequest): {
  draft: EntryDraft;
  fee: ManagementFee;
  date: IsoDate;
  manager: string;
  /** Per investor: its part of the quarter's fee plus its catch-up. */
  charged: Array<{ investor: string; amount: Fen }>;
  catchUp: Array<{ investor: string; amount: Fen }>;
  total: Fen;
} {
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
  const fee = managementFee({ period: quarter.period, terms: r.terms, commitments: r.commitments, netInvestedCost: r.netInvestedCost, firstClosing: r.firstClosing });
  const catchUp = (r.catchUp ?? []).filter((c) => c.amount > 0n);
  const catchUpTotal = catchUp.reduce((s, c) => s + c.amount, 0n);
  if (fee.amount === 0n && catchUpTotal === 0n) {
    throw new DomainError('NO_FEE_DUE', `the ${quarter.period} management fee of fund ${r.fund.code} is 0.00: nothing to charge`, { fund: r.fund.code, period: quarter.period });
  }
  const code = r.fund.code;
  const manager = r.terms.manager;
  const byInvestor = new Map<string, Fen>();
  for (const a of [...fee.allocations, ...catchUp]) byInvestor.set(a.investor, (byInvestor.get(a.investor) ?? 0n) + a.amount);
  const charged = [...byInvestor].sort(([a], [b]) => (a < b ? -1 : 1)).map(([investor, amount]) => ({ investor, amount })).filter((a) => a.amount > 0n);
  const total = fee.amount + catchUpTotal;
  const lines: Line[] = charged.map((a) => ({ account: chart.fees(code, a.investor), fund: code, debit: a.amount, credit: 0n }));
  lines.push({ account: chart.feesPayable(code, manager), fund: code, debit: 0n, credit: total });
  const caughtUp = catchUp.length ? `, with the fee catch-up of ${catchUp.map((c) => `${c.investor} ${yuan(c.amount)}`).join(', ')}` : '';
  return {
    fee,
    date,
    manager,
    charged,
    catchUp,
    total,
    draft: {
      date,
      type: 'management_fee',
      memo: `Management fee ${quarter.period} of ${yuan(fee.amount)} payable by ${r.fund.name} to ${manager}${caughtUp}`,
      actor: r.actor,
      metadata: { fund: code, period: quarter.period, ...(catchUp.length ? { catchUp: catchUp.map((c) => ({ investor: c.investor, amount: yuan(c.amount) })) } : {}) },
      lines,
    },
  };
}
