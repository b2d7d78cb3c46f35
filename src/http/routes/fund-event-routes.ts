import { CAN } from '../../domain/access/roles';
import { assertNotFuture } from '../../domain/dates';
import { EVENT_TYPES, EVENTS, type AnyEvent } from '../../application/events/registry';
import { submitWrite } from '../../application/approvals/proposal-service';
import { approvalSettings, replyToWrite, splitDocuments, withDocuments } from '../approval-settings';
import {
  capitalCallsOf,
  capitalCallWithPayments,
  commitmentsOf,
  distributionsOf,
  expensesOf,
  investmentsOf,
  investmentWithHistory,
} from '../../application/events/event-queries';
import type { AppDeps } from '../deps';
import { eventOptions } from '../event-options';
import { presentAmounts, presentCall, presentInvestment } from '../presenters/event-presenters';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, idParamSchema } from '../schemas/common';
import { asOfQuery } from '../schemas/fund-schemas';

const created = { 201: { description: 'The event was booked; entryId names its journal entry', schema: { type: 'object' } } };
const proposed = { 202: { description: 'The fund\'s approval policy lists this event: a pending proposal, nothing booked', schema: { type: 'object' } } };
const listed = { 200: { description: 'The events, oldest first; reversed ones are marked', schema: { type: 'object' } } };

/**
 * The POST route of one event of the registry: its target is the fund code or the call / investment
 * id. It books at once (201), or answers 202 with a proposal when the fund's approval policy lists
 * the event (docs/approvals.md).
 */
function bookingRoute(deps: AppDeps, event: AnyEvent, type: string): RouteSpec {
  return {
    method: 'post',
    path: event.route.path,
    operationId: event.route.operationId,
    summary: event.route.summary,
    tag: 'events',
    access: CAN.bookEvents,
    params: event.target === 'fund' ? codeParamSchema : idParamSchema,
    body: withDocuments(event.schema),
    responses: { ...created, ...proposed },
    handle: (ctx) => {
      const settings = approvalSettings(deps);
      // A future value date is refused before any rule is weighed (book() refuses it again for imports).
      if (typeof ctx.body?.date === 'string') assertNotFuture(ctx.body.date, settings.events.today);
      const target = event.target === 'fund' ? ctx.params.code : ctx.params.id;
      const { body, documents } = splitDocuments(ctx.body);
      return replyToWrite(ctx, deps, (c) => submitWrite(deps.db, c, { action: type, target, body, documents }, settings));
    },
  };
}

/** The fund manager's events: each books one journal entry through its rules, in one transaction. */
export function fundEventRoutes(deps: AppDeps): RouteSpec[] {
  const read = (path: string, operationId: string, summary: string, params: object, run: RouteSpec['handle'], query?: object): RouteSpec => ({
    method: 'get',
    path,
    operationId,
    summary,
    tag: 'events',
    access: CAN.read,
    params,
    query,
    responses: listed,
    handle: run,
  });
  const today = () => eventOptions(deps).today;
  return [
    ...EVENT_TYPES.map((type) => bookingRoute(deps, EVENTS[type], type)),
    read('/funds/{code}/commitments', 'listCommitments', 'Commitments of a fund', codeParamSchema, async ({ params }) => ({
      status: 200,
      body: { commitments: presentAmounts(await commitmentsOf(deps.db, params.code)) },
    })),
    read(
      '/funds/{code}/capital-calls',
      'listCapitalCalls',
      'Capital calls of a fund with their status as of a date (default today)',
      codeParamSchema,
      async ({ params, query }) => {
        const asOf = query.asOf ?? today();
        const rows = await capitalCallsOf(deps.db, params.code, asOf);
        return { status: 200, body: { capitalCalls: rows.map((c) => presentCall(c, asOf)) } };
      },
      asOfQuery,
    ),
    read(
      '/capital-calls/{id}',
      'getCapitalCall',
      'A capital call with its allocations, payments and status as of a date (default today)',
      idParamSchema,
      async ({ params, query }) => {
        const asOf = query.asOf ?? today();
        const { capitalCall, payments } = await capitalCallWithPayments(deps.db, Number(params.id), asOf);
        return { status: 200, body: { ...presentCall(capitalCall, asOf), payments: presentAmounts(payments) } };
      },
      asOfQuery,
    ),
    read('/funds/{code}/investments', 'listInvestments', 'Investments of a fund', codeParamSchema, async ({ params }) => {
      const { investments, sold } = await investmentsOf(deps.db, params.code);
      return { status: 200, body: { investments: investments.map((i) => presentInvestment(i, sold)) } };
    }),
    read('/investments/{id}', 'getInvestment', 'An investment with its exits and valuations', idParamSchema, async ({ params }) => {
      const { investment, exits, valuations, sold } = await investmentWithHistory(deps.db, Number(params.id));
      return { status: 200, body: { ...presentInvestment(investment, sold), exits: presentAmounts(exits), valuations: presentAmounts(valuations) } };
    }),
    read('/funds/{code}/distributions', 'listDistributions', 'Distributions of a fund with their allocations', codeParamSchema, async ({ params }) => ({
      status: 200,
      body: { distributions: presentAmounts(await distributionsOf(deps.db, params.code)) },
    })),
    read('/funds/{code}/expenses', 'listExpenses', 'Expenses of a fund', codeParamSchema, async ({ params }) => ({
      status: 200,
      body: { expenses: presentAmounts(await expensesOf(deps.db, params.code)) },
    })),
  ];
}
