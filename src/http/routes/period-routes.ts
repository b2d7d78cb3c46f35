import { CONTROLS } from '../../domain/access/control-roles';
import { closePeriod, periodOf, reopenPeriod, type PeriodClosed, type PeriodState } from '../../application/period-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import { eventOptions } from '../event-options';
import type { RouteSpec } from '../route-table';
import { codeParamSchema, dateSchema, textSchema } from '../schemas/common';

const closeBody = {
  type: 'object',
  properties: { through: { ...dateSchema, description: 'the last day of the month to close through' } },
  required: ['through'],
  additionalProperties: false,
} as const;

const reopenBody = {
  type: 'object',
  properties: { from: { ...dateSchema, description: 'the first day of the first month to reopen' }, reason: textSchema(500) },
  required: ['from', 'reason'],
  additionalProperties: false,
} as const;

const object = { type: 'object' } as const;

/** A fund's closed periods: close (booking the fund-interest revaluations) and reopen. */
export function periodRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/funds/{code}/periods',
      operationId: 'getPeriods',
      summary: 'How far the books of a fund are closed',
      tag: 'periods',
      access: CONTROLS.readControls,
      params: codeParamSchema,
      responses: { 200: { description: '`closedThrough` (null when nothing is closed)', schema: object } },
      handle: async ({ params }) => ({ status: 200, body: await periodOf(deps.db, params.code) }),
    },
    {
      method: 'post',
      path: '/funds/{code}/periods/close',
      operationId: 'closePeriod',
      summary: 'Close the books through a month’s last day, booking the look-through revaluation of the fund’s interests in its sub-funds',
      tag: 'periods',
      access: CONTROLS.closePeriods,
      params: codeParamSchema,
      body: closeBody,
      responses: { 200: { description: '`closedThrough` and the revaluation `entryIds`', schema: object } },
      handle: (ctx) =>
        replyTo(ctx, deps, answer(200, (r: PeriodClosed) => r), (command) =>
          closePeriod(deps.db, command, { fund: ctx.params.code, through: ctx.body.through }, eventOptions(deps)),
        ),
    },
    {
      method: 'post',
      path: '/funds/{code}/periods/reopen',
      operationId: 'reopenPeriod',
      summary: 'Reopen the books from a month’s first day (admin, with a reason)',
      tag: 'periods',
      access: CONTROLS.reopenPeriods,
      params: codeParamSchema,
      body: reopenBody,
      responses: { 200: { description: 'The new `closedThrough`', schema: object } },
      handle: (ctx) =>
        replyTo(ctx, deps, answer(200, (r: PeriodState) => r), (command) =>
          reopenPeriod(deps.db, command, { fund: ctx.params.code, from: ctx.body.from, reason: ctx.body.reason }),
        ),
    },
  ];
}
