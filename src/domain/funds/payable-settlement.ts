import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, minFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertCash, assertNotBeforeInception, assertOpened, assertPositive, yuan } from './event-rules';
import type { Fund, Investor } from './fund';

/** What a fund owes and may settle in cash: the manager's fees, or equalisation interest due to an earlier investor. */
export type PayableKind = 'fee_payment' | 'equalisation_interest_payment';

export interface SettlementRequest {
  kind: PayableKind;
  fund: Fund;
  /** Who is paid: the manager, or the earlier investor the interest is due to. */
  payee: Investor;
  amount: Fen;
  date: IsoDate;
  actor: string;
  cash: Fen;
  /**
   * What the fund owes the payee on this account (fen, as a positive figure): now, and as of the
   * payment's value date. A payment may not settle more than either, so a back-dated payment
   * cannot clear a payable booked after its date.
   */
  owedNow: Fen;
  owedOnDate: Fen;
}

const WHAT: Record<PayableKind, { label: string; payable(fund: string, payee: string): string }> = {
  fee_payment: { label: 'management fees payable to', payable: chart.feesPayable },
  equalisation_interest_payment: { label: 'equalisation interest due to', payable: chart.equalisationPayable },
};

/**
 * Pays out of the fund's cash what it owes: debits the payable, credits cash. Settling never
 * changes the NAV (an asset and a liability fall together) nor any capital account. When the
 * payee is a fund of this ledger (Phoenix due equalisation interest in its sub-fund), the cash
 * lands in its books as income, so the entry balances in each fund.
 * @throws DomainError PAYMENT_EXCEEDS_PAYABLE, INSUFFICIENT_CASH, FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, VALIDATION_FAILED
 */
export function planSettlement(r: SettlementRequest): EntryDraft {
  assertPositive(r.amount);
  assertOpened(r.fund, 'a payment out of the fund');
  assertNotBeforeInception(r.fund, r.date);
  const code = r.fund.code;
  const what = WHAT[r.kind];
  const payable = what.payable(code, r.payee.code);
  const owed = minFen(r.owedNow, r.owedOnDate);
  if (r.amount > owed) {
    throw new DomainError(
      'PAYMENT_EXCEEDS_PAYABLE',
      `fund ${code} owes ${r.payee.code} ${formatYuanGrouped(owed < 0n ? 0n : owed)} on ${payable}` +
        `${r.owedOnDate < r.owedNow ? ` as of ${r.date}` : ''}, asked ${formatYuanGrouped(r.amount)}`,
      { fund: code, payee: r.payee.code, account: payable, payable: yuan(owed < 0n ? 0n : owed), asked: yuan(r.amount) },
    );
  }
  assertCash(code, r.cash, r.amount);
  const lines: Line[] = [
    { account: payable, fund: code, debit: r.amount, credit: 0n },
    { account: chart.cash(code), fund: code, debit: 0n, credit: r.amount },
  ];
  const receiver = r.payee.fund;
  if (receiver) {
    lines.push(
      { account: chart.cash(receiver), fund: receiver, debit: r.amount, credit: 0n },
      { account: chart.equalisationIncome(receiver, code), fund: receiver, debit: 0n, credit: r.amount },
    );
  }
  return {
    date: r.date,
    type: r.kind,
    memo: `${r.fund.name} pays ${yuan(r.amount)} of ${what.label} ${r.payee.name}`,
    actor: r.actor,
    metadata: { fund: code, payee: r.payee.code },
    lines,
  };
}
