import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import { formatYuan, parseYuan } from '../../domain/money';
import { investorFigures } from '../../domain/funds/fund-figures';
import { investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planCommitment } from '../../domain/funds/commitment';
import { callStatus, planCapitalCall } from '../../domain/funds/capital-call';
import { planPayment } from '../../domain/funds/payment';
import type { Database } from '../../data/database';
import { runCommand, type CommandContext, type CommandResult } from '../command-runner';
import { book, cashOf, investorOrNotFound, lockFunds, overrideOf, type EventOptions, type OverrideInput } from './event-support';

/**
 * 认缴: an investor commits to a fund.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, COMMITMENT_EXCEEDS_TARGET,
 *   GOVERNMENT_SHARE_LIMIT, FORBIDDEN (override by a non-admin), VALIDATION_FAILED
 */
export function commit(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { investor: string; amount: string; date: IsoDate; override?: OverrideInput },
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
      const draft = planCommitment({ fund, investor, amount, date: input.date, actor: ctx.actor.name, override, committed, governmentCommitted });
      const entry = await book(repos, ctx, draft, options);
      const id = await repos.events.insert('commitments', { fund: code, investor: investor.code, amount: amount.toString(), date: input.date, entry_id: entry.id });
      return {
        status: 201,
        body: { id, fund: code, investor: investor.code, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `funds/${code}/commitments/${id}`,
        detail: draft.metadata,
      };
    },
  });
}

/**
 * 催缴: a capital call, allocated pro rata to unfunded commitment.
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
      const unfunded = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(code))).map((f) => ({ investor: f.investor, amount: f.unfunded }));
      const amount = parseYuan(input.amount);
      const { draft, allocations } = planCapitalCall({ fund, amount, date: input.date, dueDate: input.dueDate, actor: ctx.actor.name, unfunded });
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
