import type { Request, RequestHandler } from 'express';
import type { Actor, Role } from '../domain/access/roles';
import { DomainError } from '../domain/errors';
import type { SlidingWindowLimiter } from './rate-limit';

/** Resolves a bearer token to its actor, or null when unknown, revoked or expired. */
export type Authenticator = (token: string) => Promise<Actor | null>;

/** Per-app limits on authentication: failures per client address, requests per token (null: off). */
export interface AuthLimits {
  failuresPerAddress: SlidingWindowLimiter;
  requestsPerToken: SlidingWindowLimiter | null;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/;

/**
 * Requires a valid bearer token whose role is one of `roles`; puts the actor in res.locals.actor.
 * 401 when the token is missing or unknown, 403 when the role may not do this, 429 when the
 * token has made too many requests, or when a request without a valid token comes from an address
 * that has failed too often.
 *
 * The failure limit never refuses a valid token: many people can share one address (NAT, a
 * proxy), and one of them guessing must not lock the others out. Guessing still gets nowhere: a
 * token is 256 random bits, and past the limit every wrong guess is a 429 that counts again.
 */
export function authenticate(auth: Authenticator, roles: readonly Role[], limits?: AuthLimits): RequestHandler {
  return async (req, res, next) => {
    const address = clientAddress(req);
    const header = req.get('authorization');
    const match = header ? BEARER.exec(header.trim()) : null;
    const actor = match ? await auth(match[1]) : null;
    if (!actor) {
      const wait = limits?.failuresPerAddress.retryAfter(address) ?? 0;
      limits?.failuresPerAddress.hit(address);
      if (wait > 0) {
        next(tooMany(`Too many failed authentications from this address; retry in ${wait} s`, wait));
        return;
      }
      const detail = match ? 'The API token is unknown, expired or revoked' : 'Send an API token as "Authorization: Bearer <token>"';
      next(new DomainError('UNAUTHENTICATED', detail));
      return;
    }
    const tokenWait = limits?.requestsPerToken?.take(String(actor.tokenId)) ?? 0;
    if (tokenWait > 0) {
      next(tooMany(`This token made more than ${limits!.requestsPerToken!.limit} requests in a minute; retry in ${tokenWait} s`, tokenWait));
      return;
    }
    if (!roles.includes(actor.role)) {
      next(new DomainError('FORBIDDEN', `Role ${actor.role} may not do this; allowed: ${roles.join(', ')}`, { role: actor.role }));
      return;
    }
    res.locals.actor = actor;
    next();
  };
}

/** The peer address; 'trust proxy' is off, so X-Forwarded-For cannot be used to dodge the limit. */
function clientAddress(req: Request): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function tooMany(detail: string, retryAfter: number): DomainError {
  return new DomainError('TOO_MANY_REQUESTS', detail, { retryAfter });
}
