import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, maxFen, minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund, Investor } from './fund';

export interface PaymentRequest {
  fund: Fund;
  investor: Investor;
  callId: number;
  callDate: IsoDate;
  /** Allocated to this investor by the call, and already paid against it (fen). */
  allocated: Fen;
  paid: Fen;
  amount: Fen;
  date: IsoDate;
  actor: string;
  /** Equalisation interest the allocation includes (fen): a payment settles it first. */
  interest?: Fen;
  /** When the investor is a fund of this ledger: its cash, since the payment leaves its books. */
  payerCash?: Fen;
}

/**
 * A payment (实缴) against a capital call. When the investor is a fund of this ledger (Phoenix
 * paying into its sub-fund), the cash leaves the payer's books into its sub-fund interest:
 * the entry balances in each fund.
 * @throws DomainError PAYMENT_EXCEEDS_CALLED, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planPayment(r: PaymentRequest): EntryDraft {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a payment');
  assertNotBeforeInception(r.fund, r.date);
  if (r.date < r.callDate) throw DomainError.validation([{ field: 'date', message: `must not be before the call date ${r.callDate}` }]);
  const outstanding = r.allocated - r.paid;
  if (r.amount > outstanding) {
    throw new DomainError(
      'PAYMENT_EXCEEDS_CALLED',
      `call ${r.callId} asked ${formatYuanGrouped(r.allocated)} of ${r.investor.code}, paid ${formatYuanGrouped(r.paid)}, ` +
        `outstanding ${formatYuanGrouped(outstanding)}, asked ${formatYuanGrouped(r.amount)}`,
      { capitalCall: r.callId, investor: r.investor.code, called: yuan(r.allocated), paid: yuan(r.paid), asked: yuan(r.amount) },
    );
  }
  const code = r.fund.code;
  const interestDue = minFen(r.amount, maxFen(0n, (r.interest ?? 0n) - r.paid));
  const lines: Line[] = [{ account: chart.cash(code), fund: code, debit: r.amount, credit: 0n }];
  if (interestDue > 0n) lines.push({ account: chart.equalisationInterest(code, r.investor.code), fund: code, debit: 0n, credit: interestDue });
  if (r.amount > interestDue) lines.push({ account: chart.receivable(code, r.investor.code), fund: code, debit: 0n, credit: r.amount - interestDue });
  const payer = r.investor.fund;
  if (payer) {
    assertCash(payer, r.payerCash ?? 0n, r.amount);
    lines.push(
      { account: chart.fundInterestCost(payer, code), fund: payer, debit: r.amount, credit: 0n },
      { account: chart.cash(payer), fund: payer, debit: 0n, credit: r.amount },
    );
  }
  return {
    date: r.date,
    type: 'payment',
    memo: `${r.investor.name} pays ${yuan(r.amount)} against call ${r.callId} of ${r.fund.name}`,
    actor: r.actor,
    metadata: { fund: code, investor: r.investor.code, capitalCall: r.callId },
    lines,
  };
}
