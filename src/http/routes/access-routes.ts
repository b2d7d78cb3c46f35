import { CAN, ROLES } from '../../domain/access/roles';
import { personOf } from '../../domain/approvals/approval-policy';
import { DomainError } from '../../domain/errors';
import { createToken, revokeToken, summarizeToken, tokensPage } from '../../application/token-service';
import { auditPage } from '../../application/audit-queries';
import type { AppDeps } from '../deps';
import type { Reply, RequestContext, RouteSpec } from '../route-table';
import { bigCursorSchema, cursorSchema, idParamSchema, limitSchema, textSchema } from '../schemas/common';

export const tokenSummary = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    prefix: { type: 'string', description: 'the first characters of the token, to recognise it' },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    expiresAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    userId: { type: ['integer', 'null'], description: 'the user the token belongs to' },
  },
} as const;

const tokenBody = {
  type: 'object',
  properties: {
    role: { type: 'string', enum: [...ROLES] },
    name: textSchema(100),
    user: {
      ...textSchema(100),
      description:
        "the username the token belongs to: only the caller's own (a token in another person's name is 403; that person issues it with POST /auth/tokens). Default: a service user named after the token, which may not be an approver",
    },
    expiresAt: { type: 'string', format: 'date-time', description: 'when the token stops working (default: never)' },
  },
  required: ['role', 'name'],
  additionalProperties: false,
} as const;

/** A date (the whole UTC day) or an ISO date-time. */
const instantSchema = {
  type: 'string',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9:.]{2,12}Z)?$',
  maxLength: 24,
  description: 'YYYY-MM-DD (a whole UTC day) or an ISO date-time in UTC',
} as const;

const auditQuery = {
  type: 'object',
  properties: {
    actor: textSchema(100),
    action: { type: 'string', pattern: '^[a-z_.-]{1,80}$', description: 'e.g. "commitment.create"' },
    from: instantSchema,
    to: instantSchema,
    cursor: bigCursorSchema,
    limit: limitSchema,
  },
  additionalProperties: false,
} as const;

/** The answer of a token issued: the token, once, and its summary. */
export const ISSUED_TOKEN = {
  201: { description: 'The token (shown once) and its summary', schema: { type: 'object', properties: { token: { type: 'string' }, ...tokenSummary.properties } } },
} as const;

/**
 * Issues a token (token-service rules: no one issues one in another person's name, no approver
 * service token) and answers it once, never cached, with the audit record of the caller.
 */
export async function issueToken(
  deps: AppDeps,
  ctx: Pick<RequestContext, 'actor' | 'requestId' | 'res'>,
  request: { role: string; name: string; user?: string; expiresAt?: string; createdBy: string },
): Promise<Reply> {
  const created = await createToken(deps.db, {
    ...request,
    expiresAt: request.expiresAt ? new Date(request.expiresAt).toISOString() : null,
    now: deps.clock.now(),
    audit: { role: ctx.actor.role, requestId: ctx.requestId },
  });
  ctx.res.setHeader('Cache-Control', 'no-store');
  return { status: 201, body: { token: created.token, ...summarizeToken(created.record) } };
}

/** Admin-only: API tokens (never their hashes) and the audit log. */
export function accessRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/tokens',
      operationId: 'listTokens',
      summary: 'API tokens: id, name, role, prefix, dates; never the token or its hash',
      tag: 'access',
      access: CAN.administer,
      query: { type: 'object', properties: { cursor: cursorSchema, limit: limitSchema }, additionalProperties: false },
      responses: {
        200: {
          description: 'Tokens, oldest first, one page (cursor, limit up to 1000)',
          schema: { type: 'object', properties: { tokens: { type: 'array', items: tokenSummary }, nextCursor: { type: ['string', 'null'] } } },
        },
      },
      async handle({ query }) {
        const page = await tokensPage(deps.db, query.cursor, query.limit ? Number(query.limit) : 1000);
        return { status: 200, body: { tokens: page.items, nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'post',
      path: '/tokens',
      operationId: 'createToken',
      summary: 'Issue a token for a role; the token is in this answer only, and stored hashed',
      tag: 'access',
      access: CAN.administer,
      body: tokenBody,
      responses: ISSUED_TOKEN,
      async handle(ctx) {
        return issueToken(deps, ctx, { role: ctx.body.role, name: ctx.body.name, user: ctx.body.user, expiresAt: ctx.body.expiresAt, createdBy: personOf(ctx.actor) });
      },
    },
    {
      method: 'delete',
      path: '/tokens/{id}',
      operationId: 'revokeToken',
      summary: 'Revoke a token: it stops working at once',
      tag: 'access',
      access: CAN.administer,
      params: idParamSchema,
      responses: { 200: { description: 'The revoked token', schema: tokenSummary } },
      async handle({ params, actor, requestId }) {
        const id = Number(params.id);
        if (id === actor.tokenId) throw new DomainError('CONFLICT', 'A token cannot revoke itself; use another admin token');
        return { status: 200, body: await revokeToken(deps.db, { id, revokedBy: actor.name, now: deps.clock.now(), audit: { role: actor.role, requestId } }) };
      },
    },
    {
      method: 'get',
      path: '/audit',
      operationId: 'listAudit',
      summary: 'The audit log of every mutation, oldest first, filtered by actor, action and time (UTC)',
      tag: 'access',
      access: CAN.administer,
      query: auditQuery,
      responses: {
        200: {
          description: 'One page of audit records and the cursor of the next',
          schema: {
            type: 'object',
            properties: {
              records: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    id: { type: 'integer' },
                    at: { type: 'string' },
                    actor: { type: 'string' },
                    role: { type: 'string' },
                    action: { type: 'string' },
                    target: { type: 'string' },
                    requestId: { type: 'string' },
                    detail: { type: 'object' },
                  },
                },
              },
              nextCursor: { type: ['string', 'null'] },
            },
          },
        },
      },
      async handle({ query }) {
        const limit = query.limit ? Number(query.limit) : 100;
        const from = query.from && instant(query.from, 'from');
        const to = query.to && instant(query.to, 'to');
        const page = await auditPage(deps.db, { actor: query.actor, action: query.action, from, to }, query.cursor, limit);
        return { status: 200, body: { records: page.items, nextCursor: page.nextCursor } };
      },
    },
  ];
}

/** Audit times are ISO strings in UTC, so they compare as text; a bare date covers its whole day. */
function instant(value: string, bound: 'from' | 'to'): string {
  const iso = value.length === 10 ? `${value}T${bound === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : value;
  if (Number.isNaN(Date.parse(iso))) throw DomainError.validation([{ field: bound, message: 'is not a valid date or time' }]);
  return value.length === 10 ? iso : new Date(iso).toISOString();
}
