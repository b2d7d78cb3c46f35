import { DomainError } from '../domain/errors';
import { addDays, assertNotFuture, type IsoDate } from '../domain/dates';
import { isMonthEnd } from '../domain/periods/period';
import { planFundRevaluation } from '../domain/funds/fund-revaluation';
import type { Database } from '../data/database';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';
import { book, lockFunds, type EventOptions } from './events/event-support';
import { valueFunds } from './fund-valuation';

export interface PeriodState {
  fund: string;
  closedThrough: IsoDate | null;
}

export interface PeriodClosed extends PeriodState {
  /** The revaluation entries of the fund's interests in its sub-funds, one per interest that changed. */
  entryIds: number[];
}

/** @throws DomainError NOT_FOUND */
export async function periodOf(db: Database, fund: string): Promise<PeriodState> {
  return db.read(async (repos) => {
    if (!(await repos.funds.fund(fund))) throw DomainError.notFound('fund', fund);
    return { fund, closedThrough: (await repos.periods.closedThrough([fund])).get(fund) ?? null };
  });
}

/**
 * Closes a fund's books through a month's last day: first books each of its fund interests at
 * its look-through value on that day (the sub-fund's books as of the day), then refuses every
 * later posting dated on or before it, of the fund and of its sub-funds (whose books its closed
 * figures include). The fund and its sub-funds stay locked throughout, so no booking slips in between.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED (not a month's last day), FUTURE_VALUE_DATE,
 *   CONFLICT (already closed through that day or later), AMOUNT_OUT_OF_RANGE
 */
export function closePeriod(db: Database, ctx: CommandContext, input: { fund: string; through: IsoDate }, options: EventOptions): Promise<CommandOutcome<PeriodClosed>> {
  return runCommand(db, ctx, {
    action: 'period.close',
    async execute(repos) {
      if (!isMonthEnd(input.through)) throw DomainError.validation([{ field: 'through', message: 'must be the last day of a month' }]);
      assertNotFuture(input.through, options.today, 'through');
      // Its sub-funds too: their postings meet this close from now on (period-closes.ts).
      const subFunds = (await repos.funds.funds({ parent: input.fund })).map((f) => f.code);
      await lockFunds(repos, [input.fund, ...subFunds]);
      const current = (await repos.periods.closedThrough([input.fund])).get(input.fund) ?? null;
      if (current !== null && input.through <= current) {
        throw new DomainError('CONFLICT', `fund ${input.fund} is already closed through ${current}`, { fund: input.fund, closedThrough: current });
      }
      const { interests } = await valueFunds(repos, [input.fund], input.through, undefined, { sharesOf: 'held funds' });
      const entryIds: number[] = [];
      // Each revaluation is its own entry; none carries the request's key (a key names one entry).
      const bookingCtx: CommandContext = { ...ctx, idempotency: undefined, documents: undefined };
      for (const interest of interests.filter((i) => i.holder === input.fund)) {
        const draft = planFundRevaluation(interest, input.through, ctx.actor.name);
        if (draft) entryIds.push((await book(repos, bookingCtx, draft, options)).id);
      }
      await repos.periods.setClosedThrough(input.fund, input.through, ctx.now.toISOString(), ctx.actor.name);
      return {
        result: { fund: input.fund, closedThrough: input.through, entryIds },
        target: `funds/${input.fund}/periods`,
        detail: { closedThrough: input.through, previous: current, revaluationEntryIds: entryIds },
      };
    },
  });
}

/**
 * Reopens a fund's books from the first day of a month (admin): postings dated from that day are
 * accepted again. Nothing booked is changed; the reason stays in the audit log.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED (not a month's first day), CONFLICT (not closed there)
 */
export function reopenPeriod(db: Database, ctx: CommandContext, input: { fund: string; from: IsoDate; reason: string }): Promise<CommandOutcome<PeriodState>> {
  return runCommand(db, ctx, {
    action: 'period.reopen',
    async execute(repos) {
      if (!input.from.endsWith('-01')) throw DomainError.validation([{ field: 'from', message: 'must be the first day of a month' }]);
      await lockFunds(repos, [input.fund]);
      const current = (await repos.periods.closedThrough([input.fund])).get(input.fund) ?? null;
      if (current === null || input.from > current) {
        throw new DomainError('CONFLICT', `fund ${input.fund} is not closed on ${input.from}${current ? ` (closed through ${current})` : ''}`, { fund: input.fund, closedThrough: current });
      }
      const closedThrough = addDays(input.from, -1);
      await repos.periods.setClosedThrough(input.fund, closedThrough, ctx.now.toISOString(), ctx.actor.name);
      return {
        result: { fund: input.fund, closedThrough },
        target: `funds/${input.fund}/periods`,
        detail: { reason: input.reason, previous: current, closedThrough },
      };
    },
  });
}
