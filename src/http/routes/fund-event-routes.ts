import { CAN } from '../../domain/access/roles';
import { assertNotFuture } from '../../domain/dates';
import { EVENT_TYPES, EVENTS, type AnyEvent } from '../../application/events/registry';
import { submitWrite } from '../../application/approvals/proposal-service';
import { presentSellable } from '../../application/listed-positions';
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
import { bigCursorSchema, bigIdParamSchema, codeParamSchema, limitSchema } from '../schemas/common';
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
    params: event.target === 'fund' ? codeParamSchema : bigIdParamSchema,
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

/**
 * Every list of events pages (issue 22: 50,003 expenses came back in one 6 MB answer): `cursor`
 * is the nextCursor of the page before, `limit` 1 to 1000 (default 1000).
 */
const PAGE_QUERY = {
  type: 'object',
  properties: { cursor: bigCursorSchema, limit: limitSchema },
  additionalProperties: false,
} as const;

function pageOf(query: { cursor?: string; limit?: string }): { cursor?: string; limit: number } {
  return { cursor: query.cursor, limit: query.limit ? Number(query.limit) : 1000 };
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
  /** A fund's list of one kind of event, one page, its rows presented with their amounts. */
  const pagedList = (
    path: string,
    operationId: string,
    summary: string,
    key: string,
    fetch: (db: AppDeps['db'], fund: string, page: { cursor?: string; limit: number }) => Promise<{ items: unknown[]; nextCursor: string | null }>,
  ) =>
    read(
      path,
      operationId,
      summary,
      codeParamSchema,
      async ({ params, query }) => {
        const page = await fetch(deps.db, params.code, pageOf(query));
        return { status: 200, body: { [key]: presentAmounts(page.items), nextCursor: page.nextCursor } };
      },
      PAGE_QUERY,
    );
  return [
    ...EVENT_TYPES.map((type) => bookingRoute(deps, EVENTS[type], type)),
    pagedList('/funds/{code}/commitments', 'listCommitments', 'Commitments of a fund, one page (cursor, limit up to 1000; nextCursor)', 'commitments', commitmentsOf),
    read(
      '/funds/{code}/capital-calls',
      'listCapitalCalls',
      'Capital calls of a fund with their status as of a date (default today), one page',
      codeParamSchema,
      async ({ params, query }) => {
        const asOf = query.asOf ?? today();
        const page = await capitalCallsOf(deps.db, params.code, asOf, pageOf(query));
        return { status: 200, body: { capitalCalls: page.items.map((c) => presentCall(c, asOf)), nextCursor: page.nextCursor } };
      },
      { ...PAGE_QUERY, properties: { ...PAGE_QUERY.properties, ...asOfQuery.properties } },
    ),
    read(
      '/capital-calls/{id}',
      'getCapitalCall',
      'A capital call with its allocations, payments and status as of a date (default today)',
      bigIdParamSchema,
      async ({ params, query }) => {
        const asOf = query.asOf ?? today();
        const { capitalCall, payments } = await capitalCallWithPayments(deps.db, Number(params.id), asOf);
        return { status: 200, body: { ...presentCall(capitalCall, asOf), payments: presentAmounts(payments) } };
      },
      asOfQuery,
    ),
    read(
      '/funds/{code}/investments',
      'listInvestments',
      'Investments of a fund, one page',
      codeParamSchema,
      async ({ params, query }) => {
        const { investments, sold, nextCursor } = await investmentsOf(deps.db, params.code, pageOf(query));
        return { status: 200, body: { investments: investments.map((i) => presentInvestment(i, sold)), nextCursor } };
      },
      PAGE_QUERY,
    ),
    read('/investments/{id}', 'getInvestment', 'An investment with its exits and valuations', bigIdParamSchema, async ({ params }) => {
      const { investment, exits, valuations, sold, sellable } = await investmentWithHistory(deps.db, Number(params.id), { asOf: today(), lockUpMonths: deps.config.watch.lockUpMonths });
      return {
        status: 200,
        body: {
          ...presentInvestment(investment, sold),
          ...(sellable ? { position: presentSellable(sellable), lockupEndsOn: sellable.lockupEndsOn, sellableShares: { exchange: sellable.exchange, blockTrade: sellable.blockTrade } } : {}),
          exits: presentAmounts(exits),
          valuations: presentAmounts(valuations),
        },
      };
    }),
    pagedList('/funds/{code}/distributions', 'listDistributions', 'Distributions of a fund with their allocations, one page', 'distributions', distributionsOf),
    pagedList('/funds/{code}/expenses', 'listExpenses', 'Expenses of a fund, one page', 'expenses', expensesOf),
  ];
}
