import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { TERMS_SCHEMA } from '../../domain/terms/fund-terms';
import { getTerms, setTerms, termsHistory } from '../../application/fund-terms-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeParamSchema } from '../schemas/common';
import { asOfQuery } from '../schemas/fund-schemas';

/** A stored version: the terms object with `fund`, `version`, `recordedAt` and `actor`. */
const termsVersionSchema = {
  type: 'object',
  properties: {
    ...TERMS_SCHEMA.properties,
    fund: { type: 'string' },
    version: { type: 'integer', minimum: 1, maximum: 2147483647 },
    recordedAt: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
  },
} as const;

/** A fund's terms (docs/fund-terms.md): versions are appended, the one in force at a date is read. */
export function fundTermsRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'put',
      path: '/funds/{code}/terms',
      operationId: 'setFundTerms',
      summary: 'Record a new version of the fund’s terms (fees, waterfall, 让利, late and equalisation interest) from its effectiveFrom',
      tag: 'funds',
      access: CAN.bookEvents,
      params: codeParamSchema,
      body: TERMS_SCHEMA,
      responses: { 201: { description: 'The stored version with its number', schema: termsVersionSchema } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201), (command) => setTerms(deps.db, command, ctx.params.code, ctx.body));
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/terms',
      operationId: 'getFundTerms',
      summary: 'The version of the fund’s terms in force on asOf (default today); 404 when none is',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: asOfQuery,
      responses: { 200: { description: 'The version in force', schema: termsVersionSchema } },
      async handle({ params, query }) {
        const asOf = query.asOf ?? todayIn(deps.config.timeZone, deps.clock.now());
        return { status: 200, body: await getTerms(deps.db, params.code, asOf) };
      },
    },
    {
      method: 'get',
      path: '/funds/{code}/terms/versions',
      operationId: 'listFundTermsVersions',
      summary: 'Every version of the fund’s terms, oldest first, and the number of the one in force on asOf (default today); empty for a fund without terms',
      tag: 'funds',
      access: CAN.read,
      params: codeParamSchema,
      query: asOfQuery,
      responses: {
        200: {
          description: 'The version history',
          schema: {
            type: 'object',
            properties: {
              fund: { type: 'string' },
              asOf: { type: 'string', format: 'date' },
              inForce: { type: ['integer', 'null'] },
              versions: { type: 'array', items: termsVersionSchema },
            },
          },
        },
      },
      async handle({ params, query }) {
        const asOf = query.asOf ?? todayIn(deps.config.timeZone, deps.clock.now());
        return { status: 200, body: await termsHistory(deps.db, params.code, asOf) };
      },
    },
  ];
}
