import type { RequestHandler } from 'express';
import type { Actor, Role } from '../domain/access/roles';
import { DomainError } from '../domain/errors';

/** Resolves a bearer token to its actor, or null when unknown, revoked or expired. */
export type Authenticator = (token: string) => Promise<Actor | null>;

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,200})$/;

/**
 * Requires a valid bearer token whose role is one of `roles`; puts the actor in res.locals.actor.
 * 401 when the token is missing or unknown, 403 when the role may not do this.
 */
export function authenticate(auth: Authenticator, roles: readonly Role[]): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    const match = header ? BEARER.exec(header.trim()) : null;
    if (!match) {
      next(new DomainError('UNAUTHENTICATED', 'Send an API token as "Authorization: Bearer <token>"'));
      return;
    }
    const actor = await auth(match[1]);
    if (!actor) {
      next(new DomainError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked'));
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
