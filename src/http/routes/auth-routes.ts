import type { Request } from 'express';
import { CAN } from '../../domain/access/roles';
import { DomainError } from '../../domain/errors';
import { signIn, signOut, type SessionCaller } from '../../application/session-service';
import { changeOwnPassword, getUser } from '../../application/user-service';
import { ownTokens } from '../../application/token-service';
import { ISSUED_TOKEN, issueToken, tokenSummary } from './access-routes';
import { textSchema } from '../schemas/common';
import type { AppDeps } from '../deps';
import { SignInThrottle } from '../sign-in-throttle';
import type { RouteSpec } from '../route-table';
import { clearedSessionCookie, sessionCookie } from '../session-cookie';
import { accessContext, passwordSchema, userSchema } from './user-routes';

const loginBody = {
  type: 'object',
  properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: passwordSchema },
  required: ['username', 'password'],
  additionalProperties: false,
} as const;

const passwordChangeBody = {
  type: 'object',
  properties: { currentPassword: passwordSchema, newPassword: passwordSchema },
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
} as const;

const ownTokenBody = {
  type: 'object',
  properties: {
    name: textSchema(100),
    expiresAt: { type: 'string', format: 'date-time', description: 'when the token stops working (default: never)' },
  },
  required: ['name'],
  additionalProperties: false,
} as const;

const meSchema = {
  type: 'object',
  properties: {
    user: { ...userSchema, type: ['object', 'null'] },
    role: { type: 'string' },
    via: { type: 'string', enum: ['token', 'session'] },
    csrfToken: { type: 'string', description: 'a session only: send it back in X-CSRF-Token with every write' },
    expiresAt: { type: 'string', description: 'a session only: when it ends at the latest' },
  },
} as const;

/** Password sign-in, sign-out, who am I, a user's own password change, and their own API tokens. */
export function authRoutes(deps: AppDeps): RouteSpec[] {
  const limits = new SignInThrottle(deps.config.signIn);
  const secure = (req: Request) => deps.config.sessions.cookieSecure === 'always' || req.secure;
  return [
    {
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      summary: 'Sign in with a username and password: sets the session cookie and answers the CSRF token for writes',
      tag: 'access',
      access: 'public',
      body: loginBody,
      responses: {
        200: {
          description: 'Signed in',
          schema: { type: 'object', properties: { user: userSchema, csrfToken: { type: 'string' }, expiresAt: { type: 'string' } } },
        },
      },
      async handle({ body, req, res, requestId }) {
        limits.check(body.username, req);
        const signedIn = await signIn(deps.db, deps.config.sessions, { username: body.username, password: body.password, now: deps.clock.now(), requestId });
        if (!signedIn) {
          limits.failed(body.username, req);
          throw new DomainError('UNAUTHENTICATED', 'Wrong username or password');
        }
        limits.succeeded(body.username, req);
        const maxAgeSeconds = Math.floor(deps.config.sessions.absoluteMs / 1000);
        res.setHeader('Set-Cookie', sessionCookie(signedIn.secret, { maxAgeSeconds, secure: secure(req) }));
        res.setHeader('Cache-Control', 'no-store');
        return { status: 200, body: { user: signedIn.user, csrfToken: signedIn.csrfToken, expiresAt: signedIn.expiresAt } };
      },
    },
    {
      method: 'post',
      path: '/auth/logout',
      operationId: 'logout',
      summary: 'End the session of the cookie (a token has none to end) and clear the cookie',
      tag: 'access',
      access: CAN.signedIn,
      responses: { 204: { description: 'Signed out' } },
      async handle(ctx) {
        const session = ctx.res.locals.session as SessionCaller | undefined;
        if (session) await signOut(deps.db, accessContext(deps, ctx), session.sessionId);
        ctx.res.setHeader('Set-Cookie', clearedSessionCookie(secure(ctx.req)));
        ctx.res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/auth/me',
      operationId: 'whoAmI',
      summary: 'The caller: its user and role, by session or token; a session also gets its CSRF token again',
      tag: 'access',
      access: CAN.signedIn,
      responses: { 200: { description: 'The caller', schema: meSchema } },
      async handle({ actor, res }) {
        const session = res.locals.session as SessionCaller | undefined;
        const user = actor.userId === undefined ? null : await getUser(deps.db, actor.userId);
        res.setHeader('Cache-Control', 'no-store');
        const sessionPart = session ? { csrfToken: session.csrfToken, expiresAt: session.expiresAt } : {};
        return { status: 200, body: { user, role: actor.role, via: actor.via ?? 'token', ...sessionPart } };
      },
    },
    {
      method: 'post',
      path: '/auth/tokens',
      operationId: 'createOwnToken',
      summary: 'Issue an API token in one’s own name and role (signed in with one’s password); shown once, stored hashed',
      tag: 'access',
      access: CAN.signedIn,
      body: ownTokenBody,
      responses: ISSUED_TOKEN,
      async handle(ctx) {
        const { actor, body } = ctx;
        // The person proves who they are with their password (a session), not with another token.
        if (actor.via !== 'session' || actor.username === undefined) {
          throw new DomainError('FORBIDDEN', 'Sign in with your password (POST /auth/login) to issue a token in your name; a token does not issue tokens');
        }
        return issueToken(deps, ctx, { role: actor.role, name: body.name, user: actor.username, expiresAt: body.expiresAt, createdBy: actor.username });
      },
    },
    {
      method: 'get',
      path: '/auth/tokens',
      operationId: 'listOwnTokens',
      summary: 'One’s own API tokens: name, role, prefix, dates, who issued each; never the token',
      tag: 'access',
      access: CAN.signedIn,
      responses: { 200: { description: 'The caller’s tokens, oldest first', schema: { type: 'object', properties: { tokens: { type: 'array', items: tokenSummary } } } } },
      async handle({ actor }) {
        return { status: 200, body: { tokens: actor.userId === undefined ? [] : await ownTokens(deps.db, actor.userId) } };
      },
    },
    {
      method: 'post',
      path: '/auth/password',
      operationId: 'changeOwnPassword',
      summary: 'Change one’s own password, giving the current one; one’s other sessions end',
      tag: 'access',
      access: CAN.signedIn,
      body: passwordChangeBody,
      responses: { 200: { description: 'The user', schema: userSchema } },
      async handle(ctx) {
        const username = ctx.actor.username ?? ctx.actor.name;
        limits.check(username, ctx.req);
        const session = ctx.res.locals.session as SessionCaller | undefined;
        try {
          const user = await changeOwnPassword(deps.db, accessContext(deps, ctx), {
            currentPassword: ctx.body.currentPassword,
            newPassword: ctx.body.newPassword,
            keepSessionId: session?.sessionId,
          });
          return { status: 200, body: user };
        } catch (error) {
          if (error instanceof DomainError && error.code === 'CURRENT_PASSWORD_WRONG') limits.failed(username, ctx.req);
          throw error;
        }
      },
    },
  ];
}
