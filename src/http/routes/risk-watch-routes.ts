import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { STOCK_CODE_PATTERN } from '../../domain/screening/applicant-schema';
import { fundHoldings } from '../../application/holdings-service';
import { listPledgeAlerts } from '../../application/pledge-alert-queries';
import { presentAlert } from '../../application/pledge-watch-service';
import type { AppDeps } from '../deps';
import { presentAmounts } from '../presenters/event-presenters';
import type { RouteSpec } from '../route-table';
import { codeSchema, bigCursorSchema, dateSchema, limitSchema } from '../schemas/common';

const alertsQuery = {
  type: 'object',
  properties: {
    since: {
      type: 'string',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,3})?)?Z)?$',
      description: 'a date YYYY-MM-DD or a UTC instant such as 2019-07-10T02:00:00Z: alerts recorded at or after it',
    },
    stockCode: { type: 'string', pattern: STOCK_CODE_PATTERN },
    before: { ...bigCursorSchema, description: 'the nextBefore of the previous page' },
    limit: limitSchema,
  },
  additionalProperties: false,
} as const;

const holdingsQuery = {
  type: 'object',
  properties: { fund: codeSchema, asOf: dateSchema },
  additionalProperties: false,
} as const;

/** The risk officer's watch beyond the pledge maths: level-change alerts and the funds' own holdings. */
export function riskWatchRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/pledge-alerts',
      operationId: 'listPledgeAlerts',
      summary: 'Pledge level changes (normal, elevated, warning, critical, either way) with the close, the time and what caused them, newest first',
      tag: 'screening',
      access: CAN.read,
      query: alertsQuery,
      responses: {
        200: {
          description: 'The alerts, newest first, and the id to page further back from',
          schema: { type: 'object', properties: { alerts: { type: 'array' }, nextBefore: { type: ['integer', 'null'] } } },
        },
      },
      async handle({ query }) {
        const page = await listPledgeAlerts(deps.db, {
          since: query.since,
          stockCode: query.stockCode,
          before: query.before === undefined ? undefined : Number(query.before),
          limit: query.limit === undefined ? 100 : Number(query.limit),
        });
        return { status: 200, body: { alerts: page.alerts.map(presentAlert), nextBefore: page.nextBefore } };
      },
    },
    {
      method: 'get',
      path: '/holdings',
      operationId: 'getHoldings',
      summary: "The funds' listed equity holdings at the latest stored close: value, unrealised gain, stale prices, lock-up discount; exposure per fund and per company",
      tag: 'screening',
      access: CAN.read,
      query: holdingsQuery,
      responses: {
        200: {
          description: 'Holdings and exposures',
          schema: {
            type: 'object',
            properties: { asOf: { type: 'string' }, staleAfterTradingDays: { type: 'integer' }, holdings: { type: 'array' }, funds: { type: 'array' }, companies: { type: 'array' } },
          },
        },
      },
      async handle({ query }) {
        const asOf = query.asOf ?? todayIn(deps.config.timeZone, deps.clock.now());
        const view = await fundHoldings(deps.db, { asOf, fund: query.fund }, deps.config.watch);
        return { status: 200, body: presentAmounts(view) };
      },
    },
  ];
}
