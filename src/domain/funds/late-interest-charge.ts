import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import type { Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import type { FundTerms } from '../terms/fund-terms';
import { lateInterest } from '../terms/late-interest';
import { chart } from './chart-of-accounts';
import { assertOpened, yuan } from './event-rules';
import type { Fund } from './fund';

export interface LateInterestRequest {
  fund: Fund;
  callId: number;
  investor: string;
  /** The investor's part of the call, the call's due date and its payments against it that stand. */
  allocation: Fen;
  dueDate: IsoDate;
  payments: ReadonlyArray<{ date: IsoDate; amount: Fen }>;
  /** Interest already charged on this call to this investor (charges not reversed). */
  charged: Fen;
  date: IsoDate;
  actor: string;
  /** The terms in force on `date`, null for a fund without terms. */
  terms: FundTerms | null;
}

/**
 * 违约金: late interest on an investor's part of a call, accrued to `date` at the terms'
 * lateInterestRate (lateInterest()), less what was already charged, booked as due from the investor
 * (`assets:F:late-interest:I`) and fund income (`income:F:late-interest`). It is not capital: the
 * investor's receivable and paid-in stay as they were.
 * @throws DomainError NO_FUND_TERMS (no terms, or terms without lateInterestRate), NO_LATE_INTEREST_DUE,
 *   FUND_NOT_ACTIVE
 */
export function planLateInterest(r: LateInterestRequest): { draft: EntryDraft; amount: Fen; accrued: Fen } {
  assertOpened(r.fund, 'late interest');
  const rate = r.terms?.lateInterestRate;
  if (rate === undefined) {
    throw new DomainError('NO_FUND_TERMS', `fund ${r.fund.code} has no terms with a lateInterestRate in force on ${r.date}`, { fund: r.fund.code, asOf: r.date, field: 'lateInterestRate' });
  }
  const accrued = lateInterest({ allocation: r.allocation, payments: r.payments, dueDate: r.dueDate, rate, asOf: r.date }).interest;
  const amount = accrued - r.charged;
  if (amount <= 0n) {
    throw new DomainError('NO_LATE_INTEREST_DUE', `no late interest is due from ${r.investor} on capital call ${r.callId} by ${r.date} beyond the ${yuan(r.charged)} already charged`, {
      capitalCall: r.callId,
      investor: r.investor,
      accrued: yuan(accrued),
      charged: yuan(r.charged),
    });
  }
  const code = r.fund.code;
  return {
    amount,
    accrued,
    draft: {
      date: r.date,
      type: 'late_interest',
      memo: `Late interest of ${yuan(amount)} charged to ${r.investor} on capital call ${r.callId} (accrued to ${r.date}: ${yuan(accrued)})`,
      actor: r.actor,
      metadata: { fund: code, capitalCall: r.callId, investor: r.investor },
      lines: [
        { account: chart.lateInterestReceivable(code, r.investor), fund: code, debit: amount, credit: 0n },
        { account: chart.lateInterestIncome(code), fund: code, debit: 0n, credit: amount },
      ],
    },
  };
}
