import { DomainError } from '../../domain/errors';
import { assertNotFuture, type IsoDate } from '../../domain/dates';
import type { Fen } from '../../domain/money';
import { fundFigures } from '../../domain/funds/fund-figures';
import { planManagementFee } from '../../domain/funds/management-fee-charge';
import { quarterOf } from '../../domain/terms/management-fee';
import type { CallAllocation } from '../../domain/funds/capital-call';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { termsInForce } from '../fund-terms-service';
import { book, lockFunds, type Booked, type EventOptions } from './event-support';

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
  amount: Fen;
  allocations: CallAllocation[];
  entryId: number;
}

/**
 * 管理费: the management fee of one quarter under the terms in force at its end, payable to the
 * manager and charged to the fee-paying investors' capital accounts. One fee stands per fund and
 * quarter; a reversed one may be charged again.
 * @throws DomainError NOT_FOUND, CONFLICT (the quarter already charged), NO_FUND_TERMS, NO_FEE_DUE,
 *   NO_FEE_PAYING_INVESTORS, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FUTURE_VALUE_DATE, VALIDATION_FAILED
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
  const committed = new Map<string, Fen>();
  for (const c of await repos.events.commitments(code)) {
    if (!c.reversed && c.date <= quarter.to) committed.set(c.investor, (committed.get(c.investor) ?? 0n) + c.amount);
  }
  const figures = fundFigures(await repos.journal.figureBalances([code], quarter.to));
  const planned = planManagementFee({
    fund,
    period: quarter.period,
    date: input.date,
    actor: ctx.actor.name,
    terms: await termsInForce(repos, code, quarter.to),
    commitments: [...committed].sort(([a], [b]) => (a < b ? -1 : 1)).map(([investor, amount]) => ({ investor, amount })),
    netInvestedCost: figures.invested,
  });
  const entry = await book(repos, ctx, planned.draft, options);
  const allocations = planned.fee.allocations.filter((a) => a.amount > 0n);
  const id = await repos.eventWrites.addManagementFee({
    fund: code,
    period: quarter.period,
    generation: earlier.length,
    manager: planned.manager,
    amount: planned.fee.amount,
    date: planned.date,
    entryId: entry.id,
    allocations,
  });
  return {
    result: { id, fund: code, period: quarter.period, date: planned.date, manager: planned.manager, amount: planned.fee.amount, allocations, entryId: entry.id },
    target: `funds/${code}/management-fees/${id}`,
    detail: { period: quarter.period },
  };
}
