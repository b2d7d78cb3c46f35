import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import { parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { investorFigures } from '../../domain/funds/fund-figures';
import { chart, investorAccountPrefixes } from '../../domain/funds/chart-of-accounts';
import { planDistribution, type DistributionAllocation } from '../../domain/funds/distribution';
import { distributionSplit } from '../../domain/capital-accounts/capital-account';
import { planExpense } from '../../domain/funds/expense';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { capitalAccountBooks } from '../capital-accounts/capital-account-books';
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
 * A distribution, split as the fund's capital accounts divide it (docs/capital-accounting.md): the
 * gross apportioned pro rata to contributed capital, each investor's portion less its own charges
 * through the waterfall of the terms in force for it alone (without terms: no tiers); shares of
 * funds of this ledger land in their cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, LATER_DISTRIBUTION_EXISTS,
 *   FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export async function bookDistribution(repos: Repositories, ctx: CommandContext, code: string, input: DistributionInput, options: EventOptions): Promise<Booked<DistributionBooked>> {
  // Funds of this ledger among the holders receive cash too: lock them with this fund in one
  // sorted call, then read the figures under those locks.
  const holderCodes = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(code))).map((f) => f.investor);
  const internal = (await repos.funds.investors(holderCodes)).filter((i) => i.fund !== null).map((i) => i.code);
  const funds = await lockFunds(repos, [code, ...internal]);
  const internalCost = new Map<string, Fen>();
  for (const payer of internal) {
    const account = chart.fundInterestCost(payer, code);
    const b = (await repos.ledger.lockAccounts([{ account, fund: payer }])).get(account);
    internalCost.set(payer, b ? balanceOf(b) : 0n);
  }
  const amount = parseYuan(input.amount);
  const terms = await termsInForce(repos, code, input.date);
  if (terms) await refuseBackDated(repos, code, input.date);
  // Without terms the split needs the partners' totals as they stand (the old pro rata to paid-in
  // read them so too); under terms, their history to the date.
  const books = await capitalAccountBooks(repos, code, input.date, { terms, history: 'when terms need it', balances: 'now' });
  const { draft, allocations } = planDistribution({
    fund: funds.get(code)!,
    amount,
    date: input.date,
    actor: ctx.actor.name,
    cash: await cashOf(repos, code),
    internalInterestCost: internalCost,
    split: () => distributionSplit(books, amount, input.date),
    byTier: terms !== null,
  });
  const entry = await book(repos, ctx, draft, options);
  const id = await repos.eventWrites.addDistribution({ fund: code, amount, date: input.date, entryId: entry.id, allocations });
  return {
    result: { id, fund: code, amount, date: input.date, allocations, entryId: entry.id },
    target: `funds/${code}/distributions/${id}`,
  };
}

/**
 * Under terms, a distribution dated before a standing one would change splits already booked (the
 * waterfall divides in date order), so it is refused.
 * @throws DomainError LATER_DISTRIBUTION_EXISTS
 */
async function refuseBackDated(repos: Repositories, code: string, date: IsoDate): Promise<void> {
  const later = (await repos.events.distributions(code)).find((d) => !d.reversed && d.date > date);
  if (later) {
    throw new DomainError('LATER_DISTRIBUTION_EXISTS', `distribution ${later.id} of fund ${code} is dated ${later.date}, after ${date}: the waterfall splits distributions in date order`, {
      fund: code,
      distribution: later.id,
      date: later.date,
    });
  }
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
