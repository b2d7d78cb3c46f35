import { DomainError } from '../../domain/errors';
import { assertNotFuture, type IsoDate } from '../../domain/dates';
import type { Fen } from '../../domain/money';
import { fundFigures } from '../../domain/funds/fund-figures';
import { planLateInterest } from '../../domain/funds/late-interest-charge';
import { planLateInterestPayment } from '../../domain/funds/late-interest-payment';
import { parseYuan } from '../../domain/money';
import { planManagementFee } from '../../domain/funds/management-fee-charge';
import { feeCatchUp, quarterOf, type ChargedQuarter } from '../../domain/terms/management-fee';
import type { CallAllocation } from '../../domain/funds/capital-call';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { book, cashOf, investorOrNotFound, lockFunds, type Booked, type EventOptions } from './event-support';

export interface ManagementFeeInput {
  period: string;
  date?: IsoDate;
}

export interface ManagementFeeBooked {
  id: number;
  fund: string;
  period: string;
  date: IsoDate;
  manager: string;
  /** Booked payable: the quarter's fee plus any fee catch-up. */
  amount: Fen;
  /** The quarter's own fee. */
  quarterFee: Fen;
  /** Fee catch-up of investors closing after the first closing, charged with their first fee. */
  catchUp: CallAllocation[];
  /** Each investor's charge (its part of the quarter's fee and its catch-up). */
  allocations: CallAllocation[];
  entryId: number;
}

/**
 * 管理费: the management fee of one quarter under the terms in force at its end, payable to the
 * manager and charged to the fee-paying investors' capital accounts. One fee stands per fund and
 * quarter; a reversed one may be charged again.
 * @throws DomainError NOT_FOUND, CONFLICT (the quarter already charged), NO_FUND_TERMS, NO_FEE_DUE,
 *   FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookManagementFee(repos: Repositories, ctx: CommandContext, code: string, input: ManagementFeeInput, options: EventOptions): Promise<Booked<ManagementFeeBooked>> {
  const fund = (await lockFunds(repos, [code])).get(code)!;
  const quarter = quarterOf(input.period);
  // A quarter not yet over has no fee in arrears: say so before computing one.
  assertNotFuture(input.date ?? quarter.to, options.today);
  const earlier = await repos.events.managementFees(code, quarter.period);
  const standing = earlier.find((f) => !f.reversed);
  if (standing) {
    throw new DomainError('CONFLICT', `the ${quarter.period} management fee of fund ${code} is already booked (fee ${standing.id}); reverse it to charge it again`, {
      fund: code,
      period: quarter.period,
      managementFee: standing.id,
    });
  }
  const standingCommitments = (await repos.events.commitments(code)).filter((c) => !c.reversed);
  const commitmentsAt = (date: IsoDate) => {
    const committed = new Map<string, Fen>();
    for (const c of standingCommitments) if (c.date <= date) committed.set(c.investor, (committed.get(c.investor) ?? 0n) + c.amount);
    return [...committed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([investor, amount]) => ({ investor, amount }));
  };
  const firstClosing = standingCommitments.reduce<IsoDate | undefined>((first, c) => (first === undefined || c.date < first ? c.date : first), undefined);
  const terms = await termsInForce(repos, code, quarter.to);
  const commitments = commitmentsAt(quarter.to);
  const figures = fundFigures(await repos.journal.figureBalances([code], quarter.to));
  const planned = planManagementFee({
    fund,
    period: quarter.period,
    date: input.date,
    actor: ctx.actor.name,
    terms,
    commitments,
    netInvestedCost: figures.invested,
    firstClosing,
    catchUp: terms && firstClosing ? await catchUpOf(repos, code, quarter.period, terms.managementFee.exempt ?? [], commitments, commitmentsAt, firstClosing) : [],
  });
  const entry = await book(repos, ctx, planned.draft, options);
  const allocations = planned.charged;
  const id = await repos.eventWrites.addManagementFee({
    fund: code,
    period: quarter.period,
    generation: earlier.length,
    manager: planned.manager,
    amount: planned.total,
    date: planned.date,
    entryId: entry.id,
    allocations,
  });
  return {
    result: {
      id,
      fund: code,
      period: quarter.period,
      date: planned.date,
      manager: planned.manager,
      amount: planned.total,
      quarterFee: planned.fee.amount,
      catchUp: planned.catchUp,
      allocations,
      entryId: entry.id,
    },
    target: `funds/${code}/management-fees/${id}`,
    detail: { period: quarter.period },
  };
}

/**
 * The fee catch-up owed with this quarter's fee: fee-paying investors at its end that no earlier
 * quarter's standing fee charged, over every earlier quarter charged (feeCatchUp).
 */
async function catchUpOf(
  repos: Repositories,
  code: string,
  period: string,
  exempt: readonly string[],
  commitments: ReadonlyArray<{ investor: string; amount: Fen }>,
  commitmentsAt: (date: IsoDate) => Array<{ investor: string; amount: Fen }>,
  firstClosing: IsoDate,
): Promise<Array<{ investor: string; amount: Fen }>> {
  const earlier = (await repos.events.managementFees(code)).filter((f) => !f.reversed && f.period < period);
  if (earlier.length === 0) return [];
  const charged = new Set(earlier.flatMap((f) => f.allocations.map((a) => a.investor)));
  const newcomers = commitments.filter((c) => !exempt.includes(c.investor) && !charged.has(c.investor));
  if (newcomers.length === 0) return [];
  const quarters: ChargedQuarter[] = [];
  for (const f of earlier) {
    const q = quarterOf(f.period);
    const terms = await termsInForce(repos, code, q.to);
    if (!terms) continue;
    const cost = fundFigures(await repos.journal.figureBalances([code], q.to)).invested;
    quarters.push({ period: f.period, terms, commitments: commitmentsAt(q.to), netInvestedCost: cost });
  }
  return feeCatchUp(newcomers, quarters, firstClosing);
}

export interface LateInterestInput {
  investor: string;
  date: IsoDate;
}

export interface LateInterestBooked {
  id: number;
  capitalCall: number;
  fund: string;
  investor: string;
  date: IsoDate;
  /** Booked by this charge. */
  amount: Fen;
  /** Late interest accrued on the investor's part of the call to `date`, all charges together. */
  accrued: Fen;
  entryId: number;
}

/**
 * 违约金: charges an investor the late interest accrued on its part of a call to a date, less what
 * earlier charges on the call booked.
 * @throws DomainError NOT_FOUND (call, investor, or no allocation to it), CONFLICT (a reversed call),
 *   NO_FUND_TERMS, NO_LATE_INTEREST_DUE, FUND_NOT_ACTIVE, FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookLateInterest(repos: Repositories, ctx: CommandContext, callId: number, input: LateInterestInput, options: EventOptions): Promise<Booked<LateInterestBooked>> {
  const known = await repos.events.capitalCall(callId);
  if (!known) throw DomainError.notFound('capital call', callId);
  const fund = (await lockFunds(repos, [known.fund])).get(known.fund)!;
  const call = (await repos.events.capitalCall(callId))!;
  if (call.reversed) throw new DomainError('CONFLICT', `capital call ${callId} was reversed`, { capitalCall: callId });
  const allocation = call.allocations.find((a) => a.investor === input.investor);
  if (!allocation) {
    throw new DomainError('NOT_FOUND', `capital call ${callId} has no allocation to investor ${input.investor}`, { resource: 'allocation', key: input.investor });
  }
  assertNotFuture(input.date, options.today);
  const payments = (await repos.events.payments({ capitalCall: callId })).filter((p) => p.investor === input.investor && !p.reversed);
  const charges = (await repos.events.lateInterestCharges(callId, input.investor)).filter((c) => !c.reversed);
  const planned = planLateInterest({
    fund,
    callId,
    investor: input.investor,
    allocation: allocation.amount,
    dueDate: call.dueDate,
    payments,
    charged: charges.reduce((s, c) => s + c.amount, 0n),
    date: input.date,
    actor: ctx.actor.name,
    terms: await termsInForce(repos, call.fund, input.date),
  });
  const entry = await book(repos, ctx, planned.draft, options);
  const id = await repos.eventWrites.addLateInterest({
    capitalCall: callId,
    fund: call.fund,
    investor: input.investor,
    amount: planned.amount,
    accrued: planned.accrued,
    date: input.date,
    entryId: entry.id,
  });
  return {
    result: { id, capitalCall: callId, fund: call.fund, investor: input.investor, date: input.date, amount: planned.amount, accrued: planned.accrued, entryId: entry.id },
    target: `capital-calls/${callId}/late-interest/${id}`,
  };
}

export interface LateInterestPaymentInput {
  investor: string;
  amount: string;
  date: IsoDate;
}

export interface LateInterestPaymentBooked {
  id: number;
  capitalCall: number;
  fund: string;
  investor: string;
  amount: Fen;
  date: IsoDate;
  /** Late interest on the call the investor still owes after this payment. */
  owed: Fen;
  entryId: number;
}

/**
 * 违约金 collected: the investor pays late interest charged to it on a call, at most what its
 * standing charges on the call leave unpaid (now, and as of the payment's date).
 * @throws DomainError NOT_FOUND (call or investor), CONFLICT (a reversed call), PAYMENT_EXCEEDS_PAYABLE,
 *   INSUFFICIENT_CASH (of a paying fund), FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookLateInterestPayment(
  repos: Repositories,
  ctx: CommandContext,
  callId: number,
  input: LateInterestPaymentInput,
  options: EventOptions,
): Promise<Booked<LateInterestPaymentBooked>> {
  const known = await repos.events.capitalCall(callId);
  if (!known) throw DomainError.notFound('capital call', callId);
  const investor = await investorOrNotFound(repos, input.investor);
  const funds = await lockFunds(repos, investor.fund ? [known.fund, investor.fund] : [known.fund]);
  const call = (await repos.events.capitalCall(callId))!;
  if (call.reversed) throw new DomainError('CONFLICT', `capital call ${callId} was reversed`, { capitalCall: callId });
  assertNotFuture(input.date, options.today);
  const charges = (await repos.events.lateInterestCharges(callId, investor.code)).filter((c) => !c.reversed);
  const paid = await repos.events.lateInterestPayments(callId, investor.code);
  const owedBy = (date?: IsoDate) =>
    charges.filter((c) => !date || c.date <= date).reduce((s, c) => s + c.amount, 0n) - paid.filter((p) => !date || p.date <= date).reduce((s, p) => s + p.amount, 0n);
  const amount = parseYuan(input.amount);
  const draft = planLateInterestPayment({
    fund: funds.get(call.fund)!,
    investor,
    callId,
    amount,
    date: input.date,
    actor: ctx.actor.name,
    owedNow: owedBy(),
    owedOnDate: owedBy(input.date),
    payerCash: investor.fund ? await cashOf(repos, investor.fund) : undefined,
  });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addLateInterestPayment({ capitalCall: callId, fund: call.fund, investor: investor.code, amount, date: input.date, entryId: entry.id });
  return {
    result: { id, capitalCall: callId, fund: call.fund, investor: investor.code, amount, date: input.date, owed: owedBy() - amount, entryId: entry.id },
    target: `capital-calls/${callId}/late-interest-payments/${id}`,
  };
}
