import { DomainError } from '../../domain/errors';
import { addDays, type IsoDate } from '../../domain/dates';
import { parseYuan, type Fen } from '../../domain/money';
import { investorFigures } from '../../domain/funds/fund-figures';
import { investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planCommitment } from '../../domain/funds/commitment';
import { callStatus, planCapitalCall, type CallAllocation, type CallHolder, type CallStatus } from '../../domain/funds/capital-call';
import { equalisationRateOf, planEqualisation, withEqualisation, type EarlierCall } from '../../domain/funds/equalisation';
import { planPayment } from '../../domain/funds/payment';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { book, cashOf, investorOrNotFound, lockFunds, overrideOf, type Booked, type EventOptions, type OverrideInput } from './event-support';
import { policyInForce } from '../fund-policy-service';

export interface CommitmentInput {
  investor: string;
  amount: string;
  date: IsoDate;
  equalisationDueDate?: IsoDate;
  override?: OverrideInput;
}

export interface CommitmentBooked {
  id: number;
  fund: string;
  investor: string;
  amount: Fen;
  date: IsoDate;
  /** The catch-up call of a subsequent closing; null for a first closing. */
  equalisation: { capitalCall: number; catchUp: Fen; interest: Fen; interestTo: Array<{ investor: string; amount: Fen }>; dueDate: IsoDate } | null;
  entryId: number;
}

/**
 * 认缴: an investor commits to a fund. Once the fund has called capital, the commitment is a
 * subsequent closing: the same entry calls the newcomer's equalisation (catch-up and interest),
 * recorded as a capital call of its own so it is paid like any other.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, COMMITMENT_EXCEEDS_TARGET,
 *   GOVERNMENT_SHARE_LIMIT, FORBIDDEN (override by a non-admin), VALIDATION_FAILED
 */
export async function bookCommitment(repos: Repositories, ctx: CommandContext, code: string, input: CommitmentInput, options: EventOptions): Promise<Booked<CommitmentBooked>> {
  const override = overrideOf(ctx, input.override);
  const locked = (await lockFunds(repos, [code])).get(code)!;
  // The limits in force on the commitment's own date (a later change never reaches back).
  const fund = { ...locked, policy: await policyInForce(repos, locked, input.date ?? options.today) };
  const investor = await investorOrNotFound(repos, input.investor);
  const byInvestor = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(code)));
  const investors = new Map((await repos.funds.investors(byInvestor.map((f) => f.investor))).map((i) => [i.code, i]));
  const committed = byInvestor.reduce((s, f) => s + f.committed, 0n);
  const governmentCommitted = byInvestor
    .filter((f) => investors.get(f.investor)?.capitalClass === 'government')
    .reduce((s, f) => s + f.committed, 0n);
  const amount = parseYuan(input.amount);
  const dueDate = input.equalisationDueDate ?? addDays(input.date, EQUALISATION_NOTICE_DAYS);
  if (dueDate < input.date) throw DomainError.validation([{ field: 'equalisationDueDate', message: 'must not be before the commitment date' }]);
  const commitment = planCommitment({ fund, investor, amount, date: input.date, actor: ctx.actor.name, override, committed, governmentCommitted });
  const equalisation = planEqualisation({
    fund: code,
    investor: investor.code,
    amount,
    date: input.date,
    called: byInvestor.reduce((s, f) => s + f.called, 0n),
    committed,
    earlierCalls: await earlierCalls(repos, code),
    earlierInvestors: byInvestor,
    rate: equalisationRateOf(await termsInForce(repos, code, input.date)),
  });
  const draft = withEqualisation(commitment, equalisation);
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addCommitment({ fund: code, investor: investor.code, amount, date: input.date, entryId: entry.id });
  const owed = equalisation ? equalisation.catchUp + equalisation.interest : 0n;
  const callId =
    equalisation && owed > 0n
      ? await repos.eventWrites.addCapitalCall({
          fund: code,
          amount: owed,
          date: input.date,
          dueDate,
          entryId: entry.id,
          equalisation: { commitment: id, interest: equalisation.interest },
          allocations: [{ investor: investor.code, amount: owed }],
        })
      : null;
  return {
    result: {
      id,
      fund: code,
      investor: investor.code,
      amount,
      date: input.date,
      equalisation:
        equalisation && callId !== null
          ? { capitalCall: callId, catchUp: equalisation.catchUp, interest: equalisation.interest, interestTo: equalisation.interestTo, dueDate }
          : null,
      entryId: entry.id,
    },
    target: `funds/${code}/commitments/${id}`,
    detail: draft.metadata,
  };
}

/** A subsequent closing's catch-up is due this many days after its commitment unless a date is given. */
const EQUALISATION_NOTICE_DAYS = 30;

/** The fund's ordinary calls not reversed, each with the commitments it was split among. */
async function earlierCalls(repos: Repositories, fund: string): Promise<EarlierCall[]> {
  const commitments = (await repos.events.commitments(fund)).filter((c) => !c.reversed);
  return (await repos.events.capitalCalls(fund))
    .filter((c) => !c.reversed && c.equalisationOf === null)
    .map((c) => ({
      date: c.date,
      amount: c.amount,
      committedAtCall: commitments
        .filter((m) => m.date <= c.date && m.entryId !== null && c.entryId !== null && m.entryId < c.entryId)
        .reduce((s, m) => s + m.amount, 0n),
    }));
}

/**
 * 催缴: a capital call, split among the commitments dated on or before its date, pro rata to commitment.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, CALL_EXCEEDS_UNFUNDED, VALIDATION_FAILED
 */
export async function bookCapitalCall(repos: Repositories, ctx: CommandContext, code: string, input: CapitalCallInput, options: EventOptions): Promise<Booked<CapitalCallBooked>> {
  const fund = (await lockFunds(repos, [code])).get(code)!;
  const holders = await callHolders(repos, code, input.date);
  const amount = parseYuan(input.amount);
  const { draft, allocations } = planCapitalCall({ fund, amount, date: input.date, dueDate: input.dueDate, actor: ctx.actor.name, holders });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addCapitalCall({ fund: code, amount, date: input.date, dueDate: input.dueDate, entryId: entry.id, allocations });
  return {
    result: {
      id,
      fund: code,
      amount,
      date: input.date,
      dueDate: input.dueDate,
      // Judged on the call's own date: a call booked today for a past date is not late at once.
      status: callStatus(amount, 0n, input.dueDate, input.date),
      allocations,
      entryId: entry.id,
    },
    target: `capital-calls/${id}`,
  };
}

export interface CapitalCallInput {
  amount: string;
  date: IsoDate;
  dueDate: IsoDate;
}

export interface CapitalCallBooked {
  id: number;
  fund: string;
  amount: Fen;
  date: IsoDate;
  dueDate: IsoDate;
  status: CallStatus;
  allocations: CallAllocation[];
  entryId: number;
}

/**
 * Who takes part in a call dated `date`: investors with commitments dated on or before it (not
 * reversed), weighted by those commitments and capped by their uncalled balance in the ledger.
 */
async function callHolders(repos: Repositories, fund: string, date: IsoDate): Promise<CallHolder[]> {
  const committedBy = new Map<string, Fen>();
  for (const c of await repos.events.commitments(fund)) {
    if (!c.reversed && c.date <= date) committedBy.set(c.investor, (committedBy.get(c.investor) ?? 0n) + c.amount);
  }
  const unfunded = new Map(investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(fund))).map((f) => [f.investor, f.unfunded]));
  return [...committedBy].map(([investor, committed]) => ({ investor, committed, unfunded: unfunded.get(investor) ?? 0n }));
}

/**
 * 实缴: an investor pays against a call. A fund of this ledger paying into its sub-fund pays from its own cash.
 * @throws DomainError NOT_FOUND, PAYMENT_EXCEEDS_CALLED, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export async function bookPayment(repos: Repositories, ctx: CommandContext, callId: number, input: PaymentInput, options: EventOptions): Promise<Booked<PaymentBooked>> {
  const known = await repos.events.capitalCall(callId);
  if (!known) throw DomainError.notFound('capital call', callId);
  const investor = await investorOrNotFound(repos, input.investor);
  const funds = await lockFunds(repos, investor.fund ? [known.fund, investor.fund] : [known.fund]);
  const capitalCall = (await repos.events.capitalCall(callId))!;
  if (capitalCall.reversed) throw new DomainError('CONFLICT', `capital call ${callId} was reversed`, { capitalCall: callId });
  const allocation = capitalCall.allocations.find((a) => a.investor === investor.code);
  if (!allocation) {
    throw new DomainError('PAYMENT_EXCEEDS_CALLED', `capital call ${callId} called nothing from ${investor.code}`, {
      capitalCall: callId,
      investor: investor.code,
      called: '0.00',
    });
  }
  const amount = parseYuan(input.amount);
  const draft = planPayment({
    fund: funds.get(capitalCall.fund)!,
    investor,
    callId,
    callDate: capitalCall.date,
    allocated: allocation.amount,
    paid: allocation.paid,
    amount,
    date: input.date,
    actor: ctx.actor.name,
    interest: capitalCall.interest,
    payerCash: investor.fund ? await cashOf(repos, investor.fund) : undefined,
  });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addPayment({ capitalCall: callId, fund: capitalCall.fund, investor: investor.code, amount, date: input.date, entryId: entry.id });
  return {
    result: { id, capitalCall: callId, fund: capitalCall.fund, investor: investor.code, amount, date: input.date, entryId: entry.id },
    target: `capital-calls/${callId}/payments/${id}`,
  };
}

export interface PaymentInput {
  investor: string;
  amount: string;
  date: IsoDate;
}

export interface PaymentBooked {
  id: number;
  capitalCall: number;
  fund: string;
  investor: string;
  amount: Fen;
  date: IsoDate;
  entryId: number;
}
