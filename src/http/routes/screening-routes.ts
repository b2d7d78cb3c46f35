import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { APPLICANT_SCHEMA, LISTING_CODE_PATTERN } from '../../domain/screening/applicant-schema';
import { PLEDGE_LEVELS } from '../../domain/screening/pledge-level';
import { RULESET_SCHEMA } from '../../domain/screening/ruleset-schema';
import { createRuleset, getRuleset } from '../../application/ruleset-service';
import { getScreening, listScreenings, screenBatch, screenOne } from '../../application/screening-service';
import { batchItemsFromCsv, batchItemsFromJson } from '../applicant-input';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RequestContext, RouteSpec } from '../route-table';
import { applicantsFromCsv } from '../../import/screening-csv';
import { decodeText } from '../../import/text-encoding';
import { csvCharset } from '../csv-charset';
import { bigCursorSchema, dateSchema, bigIdParamSchema, limitSchema, textSchema } from '../schemas/common';

const stockCodeSchema = { type: 'string', pattern: LISTING_CODE_PATTERN, maxLength: 12, description: 'a stock code such as "600000.SH" or "09999.HK"' } as const;

const rulesetResponse = {
  type: 'object',
  properties: { version: { type: 'integer' }, rules: RULESET_SCHEMA, note: { type: ['string', 'null'] }, createdAt: { type: 'string' }, createdBy: { type: 'string' } },
};

const screeningResponse = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    stockCode: { type: 'string' },
    companyName: { type: 'string' },
    screenedOn: { type: 'string' },
    rulesetVersion: { type: 'integer' },
    decision: { type: 'string', enum: ['eligible', 'needs_review', 'ineligible'] },
    route: { type: ['string', 'null'], enum: ['relief', 'ma', null] },
    criteria: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          outcome: { type: 'string', enum: ['pass', 'fail', 'review'] },
          reason: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
        },
      },
    },
    pledgeRisk: { type: 'object', description: 'level, enhancedReview, ratios, reliefQuota and per-tranche figures' },
    current: { type: 'object', description: 'pledge level and route after the latest market price' },
  },
};

const versionParam = {
  type: 'object',
  properties: { version: { type: 'string', pattern: '^[1-9][0-9]{0,8}$', description: 'a rule set version number' } },
  required: ['version'],
  additionalProperties: false,
} as const;

const batchQuery = {
  type: 'object',
  properties: {
    screenedOn: { ...dateSchema, description: 'the screening date (default: today in the fund time zone)' },
    detail: { type: 'string', enum: ['brief', 'full'], description: 'brief (default): outcomes only; full: every reason and tranche' },
  },
  additionalProperties: false,
} as const;

const listQuery = {
  type: 'object',
  properties: {
    decision: { type: 'string', enum: ['eligible', 'needs_review', 'ineligible'] },
    stockCode: stockCodeSchema,
    level: { type: 'string', enum: [...PLEDGE_LEVELS], description: 'the current pledge level' },
    cursor: bigCursorSchema,
    limit: limitSchema,
  },
  additionalProperties: false,
} as const;

export function screeningRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => todayIn(deps.config.timeZone, deps.clock.now());
  return [
    {
      method: 'get',
      path: '/rulesets/current',
      operationId: 'getCurrentRuleset',
      summary: 'The rule set new screenings are judged by',
      tag: 'screening',
      access: CAN.read,
      responses: { 200: { description: 'The latest version', schema: rulesetResponse } },
      async handle() {
        return { status: 200, body: await getRuleset(deps.db, 'current') };
      },
    },
    {
      method: 'get',
      path: '/rulesets/{version}',
      operationId: 'getRuleset',
      summary: 'One version of the rule set',
      tag: 'screening',
      access: CAN.read,
      params: versionParam,
      responses: { 200: { description: 'The version', schema: rulesetResponse } },
      async handle({ params }) {
        return { status: 200, body: await getRuleset(deps.db, Number(params.version)) };
      },
    },
    {
      method: 'post',
      path: '/rulesets',
      operationId: 'createRuleset',
      summary: 'Create the next rule set version (earlier versions and their screenings never change)',
      tag: 'screening',
      access: CAN.screen,
      body: { type: 'object', properties: { rules: RULESET_SCHEMA, note: textSchema(500) }, required: ['rules'], additionalProperties: false },
      responses: { 201: { description: 'The new version', schema: rulesetResponse } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201), (command) => createRuleset(deps.db, command, ctx.body));
      },
    },
    {
      method: 'post',
      path: '/screenings',
      operationId: 'createScreening',
      summary: 'Screen one applicant against the current rule set and store the result',
      tag: 'screening',
      access: CAN.screen,
      body: {
        type: 'object',
        properties: { applicant: APPLICANT_SCHEMA, screenedOn: { ...dateSchema, description: 'default: today in the fund time zone' } },
        required: ['applicant'],
        additionalProperties: false,
      },
      responses: { 201: { description: 'The stored screening', schema: screeningResponse } },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201), (command) =>
          screenOne(deps.db, command, {
            applicant: ctx.body.applicant,
            screenedOn: ctx.body.screenedOn ?? today(),
            today: today(),
          }),
        );
      },
    },
    {
      method: 'post',
      path: '/screenings/batch',
      operationId: 'screenBatch',
      summary: 'Screen many applicants (JSON array, or CSV with one applicant per row); results in input order',
      tag: 'screening',
      access: CAN.screen,
      query: batchQuery,
      body: { type: 'array', items: { type: 'object', description: 'an applicant, checked one by one' }, minItems: 1, maxItems: 10000 },
      consumes: ['application/json', 'text/csv'],
      bodyLimit: '10mb',
      responses: {
        200: {
          description: 'One result per applicant: `screening`, or `error` for a row that could not be screened',
          schema: { type: 'object', properties: { results: { type: 'array' }, counts: { type: 'object' } } },
        },
      },
      async handle(raw) {
        // A CSV body is decoded first, so its fingerprint and its rows are the text, whatever the charset.
        const ctx = Buffer.isBuffer(raw.body) ? { ...raw, body: decodeText(raw.body, csvCharset(raw.req), 'body') } : raw;
        return replyTo(ctx, deps, answer(200), (command) =>
          screenBatch(deps.db, command, {
            items: batchItems(ctx),
            screenedOn: ctx.query.screenedOn ?? today(),
            today: today(),
            detail: ctx.query.detail,
          }),
        );
      },
    },
    {
      method: 'get',
      path: '/screenings',
      operationId: 'listScreenings',
      summary: 'Screenings, oldest first, filtered by decision, stock code or current pledge level',
      tag: 'screening',
      access: CAN.read,
      query: listQuery,
      responses: {
        200: {
          description: 'A page of screenings',
          schema: { type: 'object', properties: { screenings: { type: 'array', items: screeningResponse }, nextCursor: { type: ['string', 'null'] } } },
        },
      },
      async handle({ query }) {
        const page = await listScreenings(deps.db, { ...query, limit: query.limit ? Number(query.limit) : 100 });
        return { status: 200, body: page };
      },
    },
    {
      method: 'get',
      path: '/screenings/{id}',
      operationId: 'getScreening',
      summary: 'One screening with its applicant snapshot and its pledge re-evaluations',
      tag: 'screening',
      access: CAN.read,
      params: bigIdParamSchema,
      responses: { 200: { description: 'The screening', schema: screeningResponse } },
      async handle({ params }) {
        return { status: 200, body: await getScreening(deps.db, Number(params.id)) };
      },
    },
  ];
}

function batchItems(ctx: RequestContext) {
  if (typeof ctx.body === 'string') return batchItemsFromCsv(applicantsFromCsv(ctx.body));
  if (Array.isArray(ctx.body)) return batchItemsFromJson(ctx.body);
  throw DomainError.validation([{ field: 'body', message: 'must be a JSON array of applicants or text/csv' }]);
}
