import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import { parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { chart } from '../../domain/funds/chart-of-accounts';
import { planSettlement, type PayableKind } from '../../domain/funds/payable-settlement';
import type { Investor } from '../../domain/funds/fund';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { book, investorOrNotFound, lockFunds, type Booked, type EventOptions } from './event-support';

export interface FeePaymentInput {
  manager?: string;
  amount: string;
  date: IsoDate;
}

export interface FeePaymentBooked {
  id: number;
  fund: string;
  manager: string;
  amount: Fen;
  date: IsoDate;
  /** Fees still payable to the manager after this payment. */
  payable: Fen;
  entryId: number;
}

export interface EqualisationInterestPaymentInput {
  investor: string;
  amount: string;
  date: IsoDate;
}

export interface EqualisationInterestPaymentBooked {
  id: number;
  fund: string;
  investor: string;
  amount: Fen;
  date: IsoDate;
  /** Equalisation interest still due to the investor after this payment. */
  payable: Fen;
  entryId: number;
}

/**
 * Pays the manager management fees booked payable (liabilities:F:fees-payable:M) out of the fund's
 * cash. Without `manager`, the manager of the terms in force on the date is paid.
 * @throws DomainError NOT_FOUND (fund or manager), NO_FUND_TERMS (no manager named and no terms in
 *   force), PAYMENT_EXCEEDS_PAYABLE, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION,
 *   FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookFeePayment(repos: Repositories, ctx: CommandContext, code: string, input: FeePaymentInput, options: EventOptions): Promise<Booked<FeePaymentBooked>> {
  await lockFunds(repos, [code]);
  let managerCode = input.manager;
  if (!managerCode) {
    const terms = await termsInForce(repos, code, input.date);
    if (!terms) {
      throw new DomainError('NO_FUND_TERMS', `fund ${code} has no terms in force on ${input.date}: name the manager paid`, { fund: code, asOf: input.date });
    }
    managerCode = terms.manager;
  }
  const manager = await investorOrNotFound(repos, managerCode);
  const { booked, amount, payable } = await settle(repos, ctx, options, { kind: 'fee_payment', code, payee: manager, amount: input.amount, date: input.date });
  const id = await repos.eventWrites.addFeePayment({ fund: code, manager: manager.code, amount, date: input.date, entryId: booked.id });
  return {
    result: { id, fund: code, manager: manager.code, amount, date: input.date, payable, entryId: booked.id },
    target: `funds/${code}/fee-payments/${id}`,
  };
}

/**
 * Pays an earlier investor equalisation interest a subsequent closing owes it
 * (liabilities:F:equalisation-interest:I) out of the fund's cash. A fund of this ledger receives it
 * in its own cash, as income.
 * @throws DomainError NOT_FOUND (fund or investor), PAYMENT_EXCEEDS_PAYABLE, INSUFFICIENT_CASH (of
 *   the paying fund), FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookEqualisationInterestPayment(
  repos: Repositories,
  ctx: CommandContext,
  code: string,
  input: EqualisationInterestPaymentInput,
  options: EventOptions,
): Promise<Booked<EqualisationInterestPaymentBooked>> {
  const investor = await investorOrNotFound(repos, input.investor);
  const { booked, amount, payable } = await settle(repos, ctx, options, {
    kind: 'equalisation_interest_payment',
    code,
    payee: investor,
    amount: input.amount,
    date: input.date,
  });
  const id = await repos.eventWrites.addEqualisationInterestPayment({ fund: code, investor: investor.code, amount, date: input.date, entryId: booked.id });
  return {
    result: { id, fund: code, investor: investor.code, amount, date: input.date, payable, entryId: booked.id },
    target: `funds/${code}/equalisation-interest-payments/${id}`,
  };
}

/** Locks the paying fund (and a receiving fund of this ledger), reads what is owed and the cash, plans and books. */
async function settle(
  repos: Repositories,
  ctx: CommandContext,
  options: EventOptions,
  r: { kind: PayableKind; code: string; payee: Investor; amount: string; date: IsoDate },
): Promise<{ booked: { id: number }; amount: Fen; payable: Fen }> {
  const funds = await lockFunds(repos, r.payee.fund ? [r.code, r.payee.fund] : [r.code]);
  const payable = r.kind === 'fee_payment' ? chart.feesPayable(r.code, r.payee.code) : chart.equalisationPayable(r.code, r.payee.code);
  const cash = chart.cash(r.code);
  const locked = await repos.ledger.lockAccounts([
    { account: payable, fund: r.code },
    { account: cash, fund: r.code },
  ]);
  const owed = (b: { debit: Fen; credit: Fen } | undefined) => (b ? -balanceOf(b) : 0n);
  const onDate = (await repos.journal.balancesUnder([payable], r.date)).find((b) => b.account === payable);
  const amount = parseYuan(r.amount);
  const draft = planSettlement({
    kind: r.kind,
    fund: funds.get(r.code)!,
    payee: r.payee,
    amount,
    date: r.date,
    actor: ctx.actor.name,
    cash: locked.get(cash) ? balanceOf(locked.get(cash)!) : 0n,
    owedNow: owed(locked.get(payable)),
    owedOnDate: owed(onDate),
  });
  const booked = await book(repos, ctx, draft, options);
  return { booked, amount, payable: owed(locked.get(payable)) - amount };
}
