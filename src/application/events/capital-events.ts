import { DomainError } from '../../domain/errors';
import { addDays, type IsoDate } from '../../domain/dates';
import { formatYuan, parseYuan, type Fen } from '../../domain/money';
import { investorFigures } from '../../domain/funds/fund-figures';
import { investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planCommitment } from '../../domain/funds/commitment';
import { callStatus, planCapitalCall, type CallHolder } from '../../domain/funds/capital-call';
import { equalisationRateOf, planEqualisation, withEqualisation, type EarlierCall } from '../../domain/funds/equalisation';
import { planPayment } from '../../domain/funds/payment';
import type { Database } from '../../data/database';
import type { Repositories } from '../../data/repositories';
import { runCommand, type CommandContext, type CommandResult } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { book, cashOf, investorOrNotFound, lockFunds, overrideOf, type EventOptions, type OverrideInput } from './event-support';

/**
 * 认缴: an investor commits to a fund. Once the fund has called capital, the commitment is a
 * subsequent closing: the same entry calls the newcomer's equalisation (catch-up and interest),
 * recorded as a capital call of its own so it is paid like any other.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, COMMITMENT_EXCEEDS_TARGET,
 *   GOVERNMENT_SHARE_LIMIT, FORBIDDEN (override by a non-admin), VALIDATION_FAILED
 */
export function commit(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { investor: string; amount: string; date: IsoDate; equalisationDueDate?: IsoDate; override?: OverrideInput },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'commitment.create',
    async execute(repos) {
      const override = overrideOf(ctx, input.override);
      const fund = (await lockFunds(repos, [code])).get(code)!;
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
      const id = await repos.events.insert('commitments', { fund: code, investor: investor.code, amount: amount.toString(), date: input.date, entry_id: entry.id });
      const owed = equalisation ? equalisation.catchUp + equalisation.interest : 0n;
      let callId: number | null = null;
      if (equalisation && owed > 0n) {
        callId = await repos.events.insert('capital_calls', {
          fund: code,
          amount: owed.toString(),
          date: input.date,
          due_date: dueDate,
          entry_id: entry.id,
          equalisation_of: id,
          interest: equalisation.interest.toString(),
        });
        await repos.events.insertAllocations('capital_call_allocations', 'capital_call_id', callId, [{ investor: investor.code, amount: owed }]);
      }
      return {
        status: 201,
        body: {
          id,
          fund: code,
          investor: investor.code,
          amount: formatYuan(amount),
          date: input.date,
          equalisation:
            equalisation && callId !== null
              ? {
                  capitalCall: callId,
                  catchUp: formatYuan(equalisation.catchUp),
                  interest: formatYuan(equalisation.interest),
                  interestTo: equalisation.interestTo.map((t) => ({ investor: t.investor, amount: formatYuan(t.amount) })),
                  dueDate,
                }
              : null,
          entryId: entry.id,
        },
        target: `funds/${code}/commitments/${id}`,
        detail: draft.metadata,
      };
    },
  });
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
export function call(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate; dueDate: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'capital_call.create',
    async execute(repos) {
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const holders = await callHolders(repos, code, input.date);
      const amount = parseYuan(input.amount);
      const { draft, allocations } = planCapitalCall({ fund, amount, date: input.date, dueDate: input.dueDate, actor: ctx.actor.name, holders });
      const entry = await book(repos, ctx, draft, options);
      const id = await repos.events.insert('capital_calls', { fund: code, amount: amount.toString(), date: input.date, due_date: input.dueDate, entry_id: entry.id });
      await repos.events.insertAllocations('capital_call_allocations', 'capital_call_id', id, allocations);
      return {
        status: 201,
        body: {
          id,
          fund: code,
          amount: formatYuan(amount),
          date: input.date,
          dueDate: input.dueDate,
          // Judged on the call's own date: a call booked today for a past date is not late at once.
          status: callStatus(amount, 0n, input.dueDate, input.date),
          allocations: allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount) })),
          entryId: entry.id,
        },
        target: `capital-calls/${id}`,
      };
    },
  });
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
export function pay(
  db: Database,
  ctx: CommandContext,
  callId: number,
  input: { investor: string; amount: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'payment.create',
    async execute(repos) {
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
      const id = await repos.events.insert('payments', {
        capital_call_id: callId,
        fund: capitalCall.fund,
        investor: investor.code,
        amount: amount.toString(),
        date: input.date,
        entry_id: entry.id,
      });
      return {
        status: 201,
        body: { id, capitalCall: callId, fund: capitalCall.fund, investor: investor.code, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `capital-calls/${callId}/payments/${id}`,
      };
    },
  });
}
