import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { formatYuan } from '../../domain/money';
import { viewOf, type Obligation, type ObligationView } from '../../domain/deals/obligation';
import {
  investmentObligations,
  listObligations,
  obligationAlerts,
  recordObligation,
  type ObligationWatch,
} from '../../application/obligation-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { bigIdParamSchema } from '../schemas/common';
import { obligationBody, obligationsQuery } from '../schemas/obligation-schemas';

const object = { type: 'object' } as const;

/** An obligation at the edge: its amount in yuan (null when none was given), its status as of today. */
function presentObligation(o: ObligationView) {
  return {
    id: o.id,
    investment: o.investment,
    fund: o.fund,
    kind: o.kind,
    counterparty: o.counterparty,
    dueDate: o.dueDate,
    amount: o.amount === null ? null : formatYuan(o.amount),
    terms: o.terms,
    status: o.status,
    daysUntilDue: o.daysUntilDue,
    settledBy: o.settledBy,
    recordedAt: o.recordedAt,
    recordedBy: o.recordedBy,
  };
}

/** Post-investment obligations (投后义务) of investments: recorded, listed, and watched as they fall due. */
export function obligationRoutes(deps: AppDeps): RouteSpec[] {
  const watch = (): ObligationWatch => ({ today: todayIn(deps.config.timeZone, deps.clock.now()), alertDays: deps.config.obligationAlertDays });
  return [
    {
      method: 'post',
      path: '/investments/{id}/obligations',
      operationId: 'createObligation',
      summary: 'Record a post-investment obligation (投后义务): a buyback (回购), a performance commitment (业绩承诺) or a covenant (承诺事项), due on a date',
      tag: 'events',
      access: CAN.bookEvents,
      params: bigIdParamSchema,
      body: obligationBody,
      responses: { 201: { description: 'The obligation, with its status as of today', schema: object } },
      handle(ctx) {
        const present = (o: Obligation) => {
          const { today, alertDays } = watch();
          return presentObligation(viewOf({ ...o, settledBy: null }, today, alertDays));
        };
        return replyTo(ctx, deps, answer(201, present), (command) => recordObligation(deps.db, command, Number(ctx.params.id), ctx.body));
      },
    },
    {
      method: 'get',
      path: '/investments/{id}/obligations',
      operationId: 'listInvestmentObligations',
      summary: 'The obligations of an investment by due date, each with its status (open, due_soon, overdue, settled) as of today',
      tag: 'events',
      access: CAN.read,
      params: bigIdParamSchema,
      responses: { 200: { description: 'The obligations', schema: object } },
      async handle({ params }) {
        const obligations = await investmentObligations(deps.db, Number(params.id), watch());
        return { status: 200, body: { obligations: obligations.map(presentObligation) } };
      },
    },
    {
      method: 'get',
      path: '/obligations',
      operationId: 'listObligations',
      summary: 'Obligations of every investment by due date then id, filtered by fund, due date and status as of today',
      tag: 'events',
      access: CAN.read,
      query: obligationsQuery,
      responses: { 200: { description: 'The obligations and the date their statuses are worked out on', schema: object } },
      async handle({ query }) {
        const w = watch();
        const obligations = await listObligations(deps.db, { fund: query.fund, dueBefore: query.dueBefore, status: query.status }, w);
        return { status: 200, body: { asOf: w.today, alertDays: w.alertDays, obligations: obligations.map(presentObligation) } };
      },
    },
    {
      method: 'get',
      path: '/obligation-alerts',
      operationId: 'listObligationAlerts',
      summary: 'The watch of obligations: unsettled ones overdue or due within PHOENIX_OBLIGATION_ALERT_DAYS, by due date',
      tag: 'screening',
      access: CAN.read,
      responses: {
        200: {
          description: 'The business date, the alert window in days and the obligations due soon or overdue',
          schema: { type: 'object', properties: { asOf: { type: 'string' }, alertDays: { type: 'integer' }, alerts: { type: 'array' } } },
        },
      },
      async handle() {
        const { today, alertDays } = watch();
        const alerts = await deps.db.snapshot((repos) => obligationAlerts(repos, today, alertDays));
        return { status: 200, body: { asOf: today, alertDays, alerts: alerts.map(presentObligation) } };
      },
    },
  ];
}
