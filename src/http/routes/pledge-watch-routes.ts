import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { STOCK_CODE_PATTERN, priceSchema } from '../../domain/screening/applicant-schema';
import { PLEDGE_LEVELS } from '../../domain/screening/pledge-level';
import { pledgeWatchlist, recordMarketPrices } from '../../application/pledge-watch-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { dateSchema } from '../schemas/common';

const pricesBody = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      stockCode: { type: 'string', pattern: STOCK_CODE_PATTERN, description: 'a stock code such as "600000.SH"' },
      date: dateSchema,
      close: priceSchema,
    },
    required: ['stockCode', 'date', 'close'],
    additionalProperties: false,
  },
  minItems: 1,
  maxItems: 20000,
} as const;

const watchlistQuery = {
  type: 'object',
  properties: {
    level: { type: 'string', enum: [...PLEDGE_LEVELS] },
    changed: { type: 'string', enum: ['true', 'false'], description: 'only rows whose level changed (or did not) at the latest price' },
  },
  additionalProperties: false,
} as const;

export function pledgeWatchRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/market-prices',
      operationId: 'recordMarketPrices',
      summary: "Record closing prices; re-evaluates the pledge level of each company's latest screening",
      tag: 'screening',
      access: CAN.screen,
      body: pricesBody,
      bodyLimit: '10mb',
      responses: {
        201: {
          description: 'Prices stored; the re-evaluations they caused and the companies left as they were',
          schema: { type: 'object', properties: { stored: { type: 'integer' }, evaluations: { type: 'array' }, skipped: { type: 'array' } } },
        },
      },
      async handle(ctx) {
        const today = todayIn(deps.config.timeZone, deps.clock.now());
        return replyTo(ctx, deps, answer(201), (command) => recordMarketPrices(deps.db, command, { prices: ctx.body, today }));
      },
    },
    {
      method: 'get',
      path: '/pledge-watchlist',
      operationId: 'getPledgeWatchlist',
      summary: 'Companies by buffer to the liquidation line, weakest first; level changes at the latest price flagged',
      tag: 'screening',
      access: CAN.read,
      query: watchlistQuery,
      responses: { 200: { description: 'The watchlist', schema: { type: 'object', properties: { rows: { type: 'array' } } } } },
      async handle({ query }) {
        const rows = await pledgeWatchlist(deps.db, {
          level: query.level,
          changed: query.changed === undefined ? undefined : query.changed === 'true',
        });
        return { status: 200, body: { rows } };
      },
    },
  ];
}
