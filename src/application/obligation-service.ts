import { DomainError } from '../domain/errors';
import { addDays, type IsoDate } from '../domain/dates';
import { parseYuan } from '../domain/money';
import {
  isAlert,
  planObligation,
  viewOf,
  type Obligation,
  type ObligationState,
  type ObligationStatus,
  type ObligationView,
} from '../domain/deals/obligation';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { ObligationFilter } from '../data/obligation-repository';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

/** The request body as the schema let it through: amounts in yuan strings. */
export interface ObligationInput {
  kind: string;
  counterparty: string;
  dueDate: IsoDate;
  amount?: string;
  terms?: string;
}

/** The business date the statuses are worked out on, and how far ahead the watch looks. */
export interface ObligationWatch {
  today: IsoDate;
  alertDays: number;
}

/**
 * Records an obligation of an investment (audit action `obligation.create`, target `obligations/{id}`).
 * Every check runs before the row is written, so a refusal writes nothing.
 * @throws DomainError NOT_FOUND (no such investment), CONFLICT (the investment was reversed),
 *   VALIDATION_FAILED (amount, dueDate before the investment, …), IDEMPOTENCY_CONFLICT
 */
export function recordObligation(db: Database, ctx: CommandContext, investmentId: number, input: ObligationInput): Promise<CommandOutcome<Obligation>> {
  return runCommand(db, ctx, {
    action: 'obligation.create',
    async execute(repos) {
      const investment = await repos.events.investment(investmentId);
      if (!investment) throw DomainError.notFound('investment', investmentId);
      const planned = planObligation({
        investment,
        kind: input.kind,
        counterparty: input.counterparty,
        dueDate: input.dueDate,
        amount: input.amount === undefined ? null : parseYuan(input.amount, { field: 'amount' }),
        terms: input.terms ?? null,
      });
      const recorded = { ...planned, recordedAt: ctx.now.toISOString(), recordedBy: ctx.actor.name };
      const id = await repos.obligations.insert(recorded);
      return { result: { id, ...recorded }, target: `obligations/${id}`, detail: { investment: investmentId } };
    },
  });
}

/** Obligations by due date then id, filtered by fund, due date (before, exclusive) and status. */
export function listObligations(db: Database, filter: ObligationFilter & { status?: ObligationStatus }, watch: ObligationWatch): Promise<ObligationView[]> {
  return db.snapshot(async (repos) => {
    const views = await viewsOf(repos, await repos.obligations.list(filter), watch);
    return filter.status === undefined ? views : views.filter((v) => v.status === filter.status);
  });
}

/**
 * The obligations of one investment, by due date then id.
 * @throws DomainError NOT_FOUND
 */
export function investmentObligations(db: Database, investmentId: number, watch: ObligationWatch): Promise<ObligationView[]> {
  return db.snapshot(async (repos) => {
    if (!(await repos.events.investment(investmentId))) throw DomainError.notFound('investment', investmentId);
    return viewsOf(repos, await repos.obligations.byInvestment(investmentId), watch);
  });
}

/** The watch: unsettled obligations due within `alertDays` of `today` or already overdue, by due date then id. */
export async function obligationAlerts(repos: Repositories, today: IsoDate, alertDays: number): Promise<ObligationView[]> {
  const due = await repos.obligations.list({ dueBefore: addDays(today, alertDays + 1) });
  return (await viewsOf(repos, due, { today, alertDays })).filter((v) => isAlert(v.status));
}

/**
 * An obligation with the exit settling it, for an exit booking to check with `assertSettlableBy`
 * before it names it (`repos.obligations.linkExit`).
 * @throws DomainError NOT_FOUND
 */
export async function obligationState(repos: Repositories, id: number): Promise<ObligationState> {
  const obligation = await repos.obligations.get(id);
  if (!obligation) throw DomainError.notFound('obligation', id);
  const settled = await repos.obligations.settledBy([id]);
  return { ...obligation, settledBy: settled.get(id) ?? null };
}

async function viewsOf(repos: Repositories, obligations: readonly Obligation[], watch: ObligationWatch): Promise<ObligationView[]> {
  const settled = await repos.obligations.settledBy(obligations.map((o) => o.id));
  return obligations.map((o) => viewOf({ ...o, settledBy: settled.get(o.id) ?? null }, watch.today, watch.alertDays));
}
