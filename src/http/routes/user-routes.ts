import { CAN, ROLES } from '../../domain/access/roles';
import { PASSWORD_MAX_LENGTH } from '../../domain/access/password';
import { createUser, getUser, resetPassword, setUserDisabled, usersPage } from '../../application/user-service';
import type { CommandContext } from '../../application/command-runner';
import type { AppDeps } from '../deps';
import type { RequestContext, RouteSpec } from '../route-table';
import { cursorSchema, idParamSchema, limitSchema, textSchema } from '../schemas/common';

/** A user as every answer shows one: never the password or its hash. */
export const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    kind: { type: 'string', enum: ['person', 'service'], description: 'person: signs in with a password; service: holds API tokens only' },
    disabled: { type: 'boolean' },
    disabledAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    createdBy: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

/** A password as sent; its length rules are checked (and named) by the service. */
export const passwordSchema = { type: 'string', minLength: 1, maxLength: PASSWORD_MAX_LENGTH * 4, description: 'at least 12 characters' } as const;

const newUserBody = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64, description: 'letters, digits, ".", "_", "@" or "-"; unique ignoring case' },
    displayName: textSchema(100),
    role: { type: 'string', enum: [...ROLES] },
    password: passwordSchema,
  },
  required: ['username', 'displayName', 'role', 'password'],
  additionalProperties: false,
} as const;

const resetBody = {
  type: 'object',
  properties: { password: passwordSchema },
  required: ['password'],
  additionalProperties: false,
} as const;

const listQuery = { type: 'object', properties: { cursor: cursorSchema, limit: limitSchema }, additionalProperties: false } as const;

/** Who asks, for the audit rows of a change to a user. */
export function accessContext(deps: AppDeps, ctx: RequestContext): CommandContext {
  return { actor: ctx.actor, requestId: ctx.requestId, now: deps.clock.now() };
}

/** Admin-only: named users (docs/security.md, Users and sessions). */
export function userRoutes(deps: AppDeps): RouteSpec[] {
  const changeOf = (path: string, operationId: string, summary: string, disabled: boolean): RouteSpec => ({
    method: 'post',
    path,
    operationId,
    summary,
    tag: 'access',
    access: CAN.administer,
    params: idParamSchema,
    responses: { 200: { description: 'The user', schema: userSchema } },
    async handle(ctx) {
      return { status: 200, body: await setUserDisabled(deps.db, accessContext(deps, ctx), Number(ctx.params.id), disabled) };
    },
  });
  return [
    {
      method: 'post',
      path: '/users',
      operationId: 'createUser',
      summary: 'Create a user who signs in with a password (hashed with scrypt, never shown again)',
      tag: 'access',
      access: CAN.administer,
      body: newUserBody,
      responses: { 201: { description: 'The user, never the password', schema: userSchema } },
      async handle(ctx) {
        return { status: 201, body: await createUser(deps.db, accessContext(deps, ctx), ctx.body) };
      },
    },
    {
      method: 'get',
      path: '/users',
      operationId: 'listUsers',
      summary: 'Users, oldest first: people and the service users that hold API tokens',
      tag: 'access',
      access: CAN.administer,
      query: listQuery,
      responses: {
        200: {
          description: 'One page of users and the cursor of the next',
          schema: { type: 'object', properties: { users: { type: 'array', items: userSchema }, nextCursor: { type: ['string', 'null'] } } },
        },
      },
      async handle({ query }) {
        const page = await usersPage(deps.db, query.cursor, query.limit ? Number(query.limit) : 100);
        return { status: 200, body: { users: page.items, nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'get',
      path: '/users/{id}',
      operationId: 'getUser',
      summary: 'One user',
      tag: 'access',
      access: CAN.administer,
      params: idParamSchema,
      responses: { 200: { description: 'The user', schema: userSchema } },
      async handle({ params }) {
        return { status: 200, body: await getUser(deps.db, Number(params.id)) };
      },
    },
    changeOf('/users/{id}/disable', 'disableUser', 'Disable a user: its sessions end and its API tokens stop working at once', true),
    changeOf('/users/{id}/enable', 'enableUser', 'Enable a disabled user again (its tokens work again; it signs in anew)', false),
    {
      method: 'post',
      path: '/users/{id}/password-reset',
      operationId: 'resetUserPassword',
      summary: 'Set a new password for a user (forgotten, or a service user given sign-in); its sessions end',
      tag: 'access',
      access: CAN.administer,
      params: idParamSchema,
      body: resetBody,
      responses: { 200: { description: 'The user', schema: userSchema } },
      async handle(ctx) {
        return { status: 200, body: await resetPassword(deps.db, accessContext(deps, ctx), Number(ctx.params.id), ctx.body.password) };
      },
    },
  ];
}
