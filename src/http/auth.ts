import type { Request, RequestHandler } from 'express';
import type { Actor, Role } from '../domain/access/roles';
import { sameCsrfToken } from '../domain/access/session-secret';
import { DomainError } from '../domain/errors';
import type { SessionAuthenticator, SessionCaller } from '../application/session-service';
import type { SlidingWindowLimiter } from './rate-limit';
import { sessionSecretOf } from './session-cookie';

/** Resolves a bearer token to its actor, or null when unknown, revoked or expired. */
export type Authenticator = (token: string) => Promise<Actor | null>;

/** Per-app limits on authentication: failures per client address, requests per token or session (null: off). */
export interface AuthLimits {
  failuresPerAddress: SlidingWindowLimiter;
  requestsPerToken: SlidingWindowLimiter | null;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/;

/** Methods that change nothing; every other method sent with a session cookie needs the CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a valid bearer token, or else a valid session cookie, whose role is one of `roles`;
 * puts the actor in res.locals.actor (and the session in res.locals.session). 401 when neither is
 * valid, 403 CSRF_TOKEN_INVALID when a write comes with the cookie but without the session's
 * X-CSRF-Token, 403 when the role may not do this, 429 when the token or session has made too many
 * requests, or when a request without valid credentials comes from an address that has failed too
 * often.
 *
 * An Authorization header, when present, decides alone: a wrong token is a 401 even beside a good
 * cookie, so a script never acts under a browser session it did not know about.
 *
 * The failure limit never refuses valid credentials: many people can share one address (NAT, a
 * proxy), and one of them guessing must not lock the others out. Guessing still gets nowhere: a
 * token or session secret is 256 random bits, and past the limit every wrong guess is a 429 that
 * counts again.
 */
export function authenticate(auth: Authenticator, roles: readonly Role[], limits?: AuthLimits, sessions?: SessionAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const address = clientAddress(req);
    const header = req.get('authorization');
    const match = header ? BEARER.exec(header.trim()) : null;
    const secret = header === undefined && sessions ? sessionSecretOf(req) : null;
    const session = secret ? await sessions!(secret) : null;
    const actor = match ? await auth(match[1]) : session?.actor ?? null;
    if (!actor) {
      const wait = limits?.failuresPerAddress.retryAfter(address) ?? 0;
      limits?.failuresPerAddress.hit(address);
      if (wait > 0) {
        next(tooMany(`Too many failed authentications from this address; retry in ${wait} s`, wait));
        return;
      }
      next(new DomainError('UNAUTHENTICATED', unauthenticatedDetail(Boolean(match), Boolean(secret))));
      return;
    }
    if (session && !SAFE_METHODS.has(req.method) && !csrfTokenMatches(req, session)) {
      next(new DomainError('CSRF_TOKEN_INVALID', 'A write signed in by the session cookie must send the session\'s token in X-CSRF-Token (from POST /auth/login or GET /auth/me)'));
      return;
    }
    const rateKey = session ? `session:${session.sessionId}` : String(actor.tokenId);
    const tokenWait = limits?.requestsPerToken?.take(rateKey) ?? 0;
    if (tokenWait > 0) {
      next(tooMany(`This token made more than ${limits!.requestsPerToken!.limit} requests in a minute; retry in ${tokenWait} s`, tokenWait));
      return;
    }
    if (!roles.includes(actor.role)) {
      next(new DomainError('FORBIDDEN', `Role ${actor.role} may not do this; allowed: ${roles.join(', ')}`, { role: actor.role }));
      return;
    }
    res.locals.actor = actor;
    if (session) res.locals.session = session;
    next();
  };
}

function unauthenticatedDetail(sentToken: boolean, sentCookie: boolean): string {
  if (sentToken) return 'The API token is unknown, expired or revoked';
  if (sentCookie) return 'The session has ended (signed out, expired or idle too long); sign in again';
  return 'Send an API token as "Authorization: Bearer <token>", or sign in (POST /auth/login) and send the session cookie';
}

function csrfTokenMatches(req: Request, session: SessionCaller): boolean {
  const presented = req.get('x-csrf-token');
  return typeof presented === 'string' && sameCsrfToken(presented, session.csrfToken);
}

/** The peer address; 'trust proxy' is off, so X-Forwarded-For cannot be used to dodge the limit. */
export function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export function tooMany(detail: string, retryAfter: number): DomainError {
  return new DomainError('TOO_MANY_REQUESTS', detail, { retryAfter });
}
