import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund, Investor } from './fund';

export interface LateInterestPaymentRequest {
  fund: Fund;
  investor: Investor;
  callId: number;
  amount: Fen;
  date: IsoDate;
  actor: string;
  /** Late interest charged on this call to this investor less paid, now and as of `date` (fen). */
  owedNow: Fen;
  owedOnDate: Fen;
  /** When the investor is a fund of this ledger: its cash, since the payment leaves its books. */
  payerCash?: Fen;
}

/**
 * 违约金 collected: the defaulter pays the late interest charged to it on a call. Cash comes in
 * and its late-interest receivable falls: the charge stops being a deduction from its capital
 * account and the cash is the fund's (docs/capital-accounting.md). A fund of this ledger paying it
 * books the cost in its own books.
 * @throws DomainError PAYMENT_EXCEEDS_PAYABLE, INSUFFICIENT_CASH (of a paying fund), FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, VALIDATION_FAILED
 */
export function planLateInterestPayment(r: LateInterestPaymentRequest): EntryDraft {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a late-interest payment');
  assertNotBeforeInception(r.fund, r.date);
  const code = r.fund.code;
  const owed = minFen(r.owedNow, r.owedOnDate);
  if (r.amount > owed) {
    throw new DomainError(
      'PAYMENT_EXCEEDS_PAYABLE',
      `${r.investor.code} owes ${formatYuanGrouped(owed < 0n ? 0n : owed)} of late interest on capital call ${r.callId}` +
        `${r.owedOnDate < r.owedNow ? ` as of ${r.date}` : ''}, asked ${formatYuanGrouped(r.amount)}`,
      { capitalCall: r.callId, investor: r.investor.code, payable: yuan(owed < 0n ? 0n : owed), asked: yuan(r.amount) },
    );
  }
  const lines: Line[] = [
    { account: chart.cash(code), fund: code, debit: r.amount, credit: 0n },
    { account: chart.lateInterestReceivable(code, r.investor.code), fund: code, debit: 0n, credit: r.amount },
  ];
  const payer = r.investor.fund;
  if (payer) {
    assertCash(payer, r.payerCash ?? 0n, r.amount);
    lines.push(
      { account: chart.expense(payer, 'late-interest'), fund: payer, debit: r.amount, credit: 0n },
      { account: chart.cash(payer), fund: payer, debit: 0n, credit: r.amount },
    );
  }
  return {
    date: r.date,
    type: 'late_interest_payment',
    memo: `${r.investor.name} pays ${yuan(r.amount)} of late interest on capital call ${r.callId} of ${r.fund.name}`,
    actor: r.actor,
    metadata: { fund: code, investor: r.investor.code, capitalCall: r.callId },
    lines,
  };
}
