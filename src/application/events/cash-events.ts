import type { IsoDate } from '../../domain/dates';
import { formatYuan, parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { investorFigures } from '../../domain/funds/fund-figures';
import { chart, investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planDistribution } from '../../domain/funds/distribution';
import { planExpense } from '../../domain/funds/expense';
import type { Database } from '../../data/database';
import { runCommand, type CommandContext, type CommandResult } from '../command-runner';
import { book, cashOf, lockFunds, type EventOptions } from './event-support';

/**
 * A distribution pro rata to paid-in capital; shares of funds of this ledger land in their cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function distribute(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'distribution.create',
    async execute(repos) {
      // Funds of this ledger among the holders receive cash too: lock them with this fund in one
      // sorted call, then read the figures under those locks.
      const holderCodes = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(code))).map((f) => f.investor);
      const internal = (await repos.funds.investors(holderCodes)).filter((i) => i.fund !== null).map((i) => i.code);
      const funds = await lockFunds(repos, [code, ...internal]);
      const byInvestor = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(code)));
      const internalCost = new Map<string, Fen>();
      for (const payer of internal) {
        const account = chart.fundInterestCost(payer, code);
        const b = (await repos.ledger.lockAccounts([{ account, fund: payer }])).get(account);
        internalCost.set(payer, b ? balanceOf(b) : 0n);
      }
      const amount = parseYuan(input.amount);
      const { draft, allocations } = planDistribution({
        fund: funds.get(code)!,
        amount,
        date: input.date,
        actor: ctx.actor.name,
        cash: await cashOf(repos, code),
        paidIn: byInvestor.map((f) => ({ investor: f.investor, amount: f.paidIn })),
        internalInterestCost: internalCost,
      });
      const entry = await book(repos, ctx, draft, options);
      const id = await repos.events.insert('distributions', { fund: code, amount: amount.toString(), date: input.date, entry_id: entry.id });
      await repos.events.insertAllocations('distribution_allocations', 'distribution_id', id, allocations);
      return {
        status: 201,
        body: {
          id,
          fund: code,
          amount: formatYuan(amount),
          date: input.date,
          allocations: allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount) })),
          entryId: entry.id,
        },
        target: `funds/${code}/distributions/${id}`,
      };
    },
  });
}

/**
 * An expense (management fee and other costs) paid from cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function recordExpense(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate; kind: string; memo?: string },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'expense.create',
    async execute(repos) {
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const amount = parseYuan(input.amount);
      const draft = planExpense({ fund, amount, date: input.date, kind: input.kind, memo: input.memo, actor: ctx.actor.name, cash: await cashOf(repos, code) });
      const entry = await book(repos, ctx, draft, options);
      const id = await repos.events.insert('expenses', { fund: code, kind: input.kind, amount: amount.toString(), date: input.date, entry_id: entry.id });
      return {
        status: 201,
        body: { id, fund: code, kind: input.kind, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `funds/${code}/expenses/${id}`,
      };
    },
  });
}

