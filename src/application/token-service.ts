import { DomainError } from '../domain/errors';
import { isRole, ROLES, type Actor, type Role } from '../domain/access/roles';
import { displayPrefix, generateToken, hashToken, sameDigest } from '../domain/access/token-secret';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { TokenRecord } from '../data/token-repository';
import type { UserRecord } from '../data/user-repository';

export interface CreatedToken {
  token: string;
  record: TokenRecord;
}

/**
 * Issues a token for a role, belonging to a user: the one named by `user`, whose role it must
 * carry, or else the service user named after the token (created on first use, reused by later
 * tokens of the same name and role). The plain token is returned once and only its sha256 is kept.
 * @throws DomainError VALIDATION_FAILED for an unknown role, an empty name, a past expiry or a
 *   role other than the named user's; NOT_FOUND for an unknown user; CONFLICT when the user is
 *   disabled, or a user named after the token exists that is not a service user of this role
 */
export async function createToken(
  db: Database,
  request: { role: string; name: string; createdBy: string; user?: string; expiresAt?: string | null; now?: Date; audit?: TokenAudit },
): Promise<CreatedToken> {
  const now = request.now ?? new Date();
  if (!isRole(request.role)) {
    throw DomainError.validation([{ field: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
  }
  const role = request.role;
  const name = request.name.trim();
  if (!name || name.length > 100) throw DomainError.validation([{ field: 'name', message: 'must be 1 to 100 characters' }]);
  if (request.expiresAt && Date.parse(request.expiresAt) <= now.getTime()) {
    throw DomainError.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
  }
  const token = generateToken();
  const at = now.toISOString();
  const record = await db.write(async (repos) => {
    const owner = request.user !== undefined ? await namedOwner(repos, request.user, role) : await serviceOwner(repos, name, role);
    const userId = owner?.id ?? (await repos.users.insert(serviceUser(name, role, request.createdBy, at))).id;
    const inserted = await repos.tokens.insert({
      name,
      role,
      tokenHash: hashToken(token),
      tokenPrefix: displayPrefix(token),
      createdAt: at,
      createdBy: request.createdBy,
      expiresAt: request.expiresAt ?? null,
      userId,
    });
    if (request.audit) {
      await repos.audit.record({
        at,
        actor: request.createdBy,
        role: request.audit.role,
        action: 'token.create',
        target: `tokens/${inserted.id}`,
        requestId: request.audit.requestId,
        detail: { name, role: inserted.role, expiresAt: inserted.expiresAt, userId },
      });
    }
    return inserted;
  });
  return { token, record };
}

function serviceUser(name: string, role: Role, createdBy: string, at: string): Omit<UserRecord, 'id'> {
  return { username: name, displayName: name, role, kind: 'service', passwordHash: null, disabledAt: null, createdAt: at, createdBy, updatedAt: at };
}

/** The user a token is issued to by name; it must hold the token's role and be enabled. */
async function namedOwner(repos: Repositories, username: string, role: Role): Promise<UserRecord> {
  const user = await repos.users.findByUsername(username);
  if (!user) throw DomainError.notFound('user', username);
  if (user.disabledAt) throw new DomainError('CONFLICT', `User ${user.username} is disabled`, { username: user.username });
  if (user.role !== role) {
    throw DomainError.validation([{ field: 'role', message: `must be the role of user ${user.username} (${user.role})` }]);
  }
  return user;
}

/** The service user named after the token, or null when one is to be created. */
async function serviceOwner(repos: Repositories, name: string, role: Role): Promise<UserRecord | null> {
  const user = await repos.users.findByUsername(name);
  if (!user) return null;
  if (user.kind !== 'service' || user.role !== role || user.disabledAt) {
    throw new DomainError(
      'CONFLICT',
      `A user named ${user.username} exists (${user.kind}, ${user.role}${user.disabledAt ? ', disabled' : ''}); name the token's user, or give the token another name`,
      { username: user.username },
    );
  }
  return user;
}

/** Who asked, for the audit record of a token change made over the API (the CLI leaves none). */
export interface TokenAudit {
  role: string;
  requestId: string;
}

/** What an admin may see of a token: never its hash, never the token. */
export interface TokenSummary {
  id: number;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The user the token belongs to. */
  userId: number | null;
}

export function summarizeToken(record: TokenRecord): TokenSummary {
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    prefix: record.tokenPrefix,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    userId: record.userId,
  };
}

export async function listTokens(db: Database): Promise<TokenSummary[]> {
  return (await db.read((repos) => repos.tokens.list())).map(summarizeToken);
}

/**
 * Revokes a token; it stops working at once in this process (the lookup cache is cleared).
 * Revoking a revoked token again is harmless and answers the same.
 * @throws DomainError NOT_FOUND when no token has this id
 */
export async function revokeToken(
  db: Database,
  request: { id: number; revokedBy: string; now?: Date; audit?: TokenAudit },
): Promise<TokenSummary> {
  const at = (request.now ?? new Date()).toISOString();
  const record = await db.write(async (repos) => {
    const revoked = await repos.tokens.revoke(request.id, at);
    const found = await repos.tokens.findById(request.id);
    if (!found) throw DomainError.notFound('token', request.id);
    if (revoked && request.audit) {
      await repos.audit.record({
        at,
        actor: request.revokedBy,
        role: request.audit.role,
        action: 'token.revoke',
        target: `tokens/${request.id}`,
        requestId: request.audit.requestId,
        detail: { name: found.name, role: found.role },
      });
    }
    return found;
  });
  forgetCachedTokens(db);
  return summarizeToken(record);
}

type TokenWithUser = { token: TokenRecord; user: UserRecord | null };

/** Token lookups (with their users) made recently, per database, so a revocation or a disabled user clears them at once. */
const lookupCaches = new WeakMap<Database, Map<string, { found: TokenWithUser; until: number }>>();
const CACHE_MAX = 1000;

/** Forgets the cached token lookups of `db`, after a change that must take effect at once. */
export function forgetCachedTokens(db: Database): void {
  lookupCaches.get(db)?.clear();
}

/**
 * Resolves a presented token to its actor, named by the user it belongs to; unknown, revoked and
 * expired tokens, and the tokens of a disabled user, resolve to null. Known tokens are cached for
 * `cacheMs` (a revocation or a disabled user in this process clears the cache at once; one made by
 * another process, such as the CLI, takes effect within `cacheMs`). Expiry is checked on every
 * request. Unknown tokens are never cached.
 */
export function tokenAuthenticator(db: Database, clock: () => Date = () => new Date(), options: { cacheMs?: number } = {}) {
  const cacheMs = options.cacheMs ?? 5000;
  let cache = lookupCaches.get(db);
  if (!cache) lookupCaches.set(db, (cache = new Map()));
  const lookups = cache;
  return async (token: string): Promise<Actor | null> => {
    const digest = hashToken(token);
    const now = clock().getTime();
    const cached = lookups.get(digest);
    let found = cached && cached.until > now ? cached.found : null;
    if (!found) {
      found = await db.read((repos) => repos.tokens.findWithUser(digest));
      if (found && cacheMs > 0) {
        if (lookups.size >= CACHE_MAX) lookups.clear();
        lookups.set(digest, { found, until: now + cacheMs });
      }
    }
    if (!found || !sameDigest(found.token.tokenHash, digest)) return null;
    const { token: record, user } = found;
    if (record.revokedAt || user?.disabledAt) return null;
    if (record.expiresAt && Date.parse(record.expiresAt) <= clock().getTime()) return null;
    // The audit log names the user; a token no user migration reached keeps its own name.
    return { tokenId: record.id, name: user?.username ?? record.name, role: record.role, userId: user?.id, username: user?.username, via: 'token' };
  };
}
