import { CAN, type Role } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { STOCK_CODE_PATTERN, priceSchema } from '../../domain/screening/applicant-schema';
import { PLEDGE_LEVELS } from '../../domain/screening/pledge-level';
import { pledgeWatchlist, recordMarketPrices } from '../../application/pledge-watch-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import { eventOptions } from '../event-options';
import { approvalSettings } from '../approval-settings';
import { gateSettings } from '../../application/approvals/proposal-service';
import { presentAmounts } from '../presenters/event-presenters';
import type { RouteSpec } from '../route-table';
import { pledgeePositions, presentPledgeePosition } from '../../application/pledgee-positions';
import { stockCodeSchema } from '../schemas/fund-schemas';
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

const pricesQuery = {
  type: 'object',
  properties: {
    markToMarket: {
      type: 'string',
      enum: ['true', 'false'],
      description: "also book valuations of the funds' equity holdings in these stocks from the stored prices, with the lock-up liquidity discount (admin, fund_manager)",
    },
  },
  additionalProperties: false,
} as const;

/** Recording prices is the risk officer's; booking valuations from them is the fund manager's. */
const PRICE_ROLES: readonly Role[] = [...new Set<Role>([...CAN.screen, ...CAN.bookEvents])];

function assertMayRecord(role: Role, markToMarket: boolean): void {
  const allowed: readonly Role[] = markToMarket ? CAN.bookEvents : CAN.screen;
  if (!allowed.includes(role)) {
    throw new DomainError('FORBIDDEN', markToMarket ? `booking valuations needs one of ${allowed.join(', ')}` : `recording prices needs one of ${allowed.join(', ')}`, { role });
  }
}

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
      access: PRICE_ROLES,
      body: pricesBody,
      query: pricesQuery,
      bodyLimit: '10mb',
      responses: {
        201: {
          description: 'Prices stored; the re-evaluations they caused, the level changes (alerts), the companies left as they were, and the valuations booked',
          schema: {
            type: 'object',
            properties: {
              stored: { type: 'integer' },
              evaluations: { type: 'array' },
              skipped: { type: 'array' },
              alerts: { type: 'array' },
              markToMarket: { type: 'object', properties: { valuations: { type: 'array' }, skipped: { type: 'array' } } },
            },
          },
        },
      },
      async handle(ctx) {
        const marking = ctx.query.markToMarket === 'true';
        assertMayRecord(ctx.actor.role, marking);
        const today = todayIn(deps.config.timeZone, deps.clock.now());
        const request = {
          prices: ctx.body,
          today,
          cause: 'POST /market-prices',
          markToMarket: marking ? { options: eventOptions(deps), settings: deps.config.watch, gate: gateSettings(approvalSettings(deps)) } : undefined,
        };
        return replyTo(ctx, deps, answer(201, presentAmounts), (command) => recordMarketPrices(deps.db, command, request));
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
        const asOf = todayIn(deps.config.timeZone, deps.clock.now());
        const rows = await pledgeWatchlist(
          deps.db,
          { level: query.level, changed: query.changed === undefined ? undefined : query.changed === 'true' },
          { asOf, settings: deps.config.watch },
        );
        return { status: 200, body: { rows: presentAmounts(rows) } };
      },
    },
    {
      method: 'get',
      path: '/pledgee-positions',
      operationId: 'listPledgeePositions',
      summary: 'Share-pledge financings the funds took over (纾困, the fund as pledgee): debt, coverage, warning and liquidation prices at the latest close',
      tag: 'screening',
      access: CAN.read,
      query: { type: 'object', properties: { asOf: dateSchema, stockCode: stockCodeSchema }, additionalProperties: false },
      responses: { 200: { description: 'The positions', schema: { type: 'object' } } },
      async handle({ query }) {
        const asOf = query.asOf ?? todayIn(deps.config.timeZone, deps.clock.now());
        const positions = await deps.db.read((repos) => pledgeePositions(repos, asOf, query.stockCode ? [query.stockCode] : undefined));
        return { status: 200, body: { asOf, positions: positions.map(presentPledgeePosition) } };
      },
    },
  ];
}
