import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import { parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { investorFigures } from '../../domain/funds/fund-figures';
import { chart, investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planDistribution, type DistributionAllocation } from '../../domain/funds/distribution';
import { distributionSplit, type WaterfallAllocation } from '../../domain/terms/waterfall';
import { planExpense } from '../../domain/funds/expense';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { waterfallInvestors } from '../waterfall-basis';
import { book, cashOf, lockFunds, type Booked, type EventOptions } from './event-support';

export interface DistributionInput {
  amount: string;
  date: IsoDate;
}

export interface DistributionBooked {
  id: number;
  fund: string;
  amount: Fen;
  date: IsoDate;
  allocations: DistributionAllocation[];
  entryId: number;
}

export interface ExpenseInput {
  amount: string;
  date: IsoDate;
  kind: string;
  memo?: string;
}

export interface ExpenseBooked {
  id: number;
  fund: string;
  kind: string;
  amount: Fen;
  date: IsoDate;
  entryId: number;
}

/**
 * A distribution: by the waterfall of the fund's terms when terms are in force on its date, else
 * pro rata to paid-in capital; shares of funds of this ledger land in their cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, LATER_DISTRIBUTION_EXISTS,
 *   FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export async function bookDistribution(repos: Repositories, ctx: CommandContext, code: string, input: DistributionInput, options: EventOptions): Promise<Booked<DistributionBooked>> {
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
    waterfall: await waterfallOf(repos, code, amount, input.date),
  });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addDistribution({ fund: code, amount, date: input.date, entryId: entry.id, allocations });
  return {
    result: { id, fund: code, amount, date: input.date, allocations, entryId: entry.id },
    target: `funds/${code}/distributions/${id}`,
  };
}

/**
 * The waterfall split of a new distribution of `amount` on `date` when the fund has terms in force
 * then (undefined without terms): the cumulative waterfall of every distribution not reversed, this
 * one included, less that of the earlier ones. Paid-in is each investor's payments to the date.
 * A distribution dated before a standing one would change splits already booked, so it is refused.
 * @throws DomainError LATER_DISTRIBUTION_EXISTS, NO_PAID_IN_CAPITAL
 */
async function waterfallOf(repos: Repositories, code: string, amount: Fen, date: IsoDate): Promise<{ manager: string; split: WaterfallAllocation[] } | undefined> {
  const terms = await termsInForce(repos, code, date);
  if (!terms) return undefined;
  const earlier = (await repos.events.distributions(code)).filter((d) => !d.reversed);
  const later = earlier.find((d) => d.date > date);
  if (later) {
    throw new DomainError('LATER_DISTRIBUTION_EXISTS', `distribution ${later.id} of fund ${code} is dated ${later.date}, after ${date}: the waterfall splits distributions in date order`, {
      fund: code,
      distribution: later.id,
      date: later.date,
    });
  }
  const distributions = [...earlier.map((d) => ({ date: d.date, amount: d.amount })), { date, amount }].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const split = distributionSplit({ terms, investors: await waterfallInvestors(repos, code, date), distributions });
  return { manager: terms.manager, split };
}

/**
 * An expense (management fee and other costs) paid from cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export async function bookExpense(repos: Repositories, ctx: CommandContext, code: string, input: ExpenseInput, options: EventOptions): Promise<Booked<ExpenseBooked>> {
  const fund = (await lockFunds(repos, [code])).get(code)!;
  const amount = parseYuan(input.amount);
  const draft = planExpense({ fund, amount, date: input.date, kind: input.kind, memo: input.memo, actor: ctx.actor.name, cash: await cashOf(repos, code) });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addExpense({ fund: code, kind: input.kind, amount, date: input.date, entryId: entry.id });
  return {
    result: { id, fund: code, kind: input.kind, amount, date: input.date, entryId: entry.id },
    target: `funds/${code}/expenses/${id}`,
  };
}
