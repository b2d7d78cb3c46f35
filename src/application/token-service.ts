import { DomainError } from '../domain/errors';
import { isRole, ROLES, type Actor, type Role } from '../domain/access/roles';
import { displayPrefix, generateToken, hashToken, sameDigest } from '../domain/access/token-secret';
import { verifyNothing, verifyPassword } from '../domain/access/password';
import type { Database } from '../data/database';
import { keysetPage, type KeysetPage } from './keyset-page';
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
 *
 * No one issues a credential for another person (docs/security.md, "What an admin can and cannot
 * do alone"): a token for a named user is made by that user (`createdBy` is their username: the
 * self-service route) or on proof of their password (`confirmedByPassword`: the CLI asks for it).
 * A service token never carries the approver role: committee members decide as themselves.
 * @throws DomainError VALIDATION_FAILED for an unknown role, an empty name, a past expiry, a
 *   role other than the named user's, or an approver service token; FORBIDDEN for a token in
 *   another person's name; NOT_FOUND for an unknown user; CONFLICT when the user is disabled, or a
 *   user named after the token exists that is not a service user of this role
 */
export async function createToken(
  db: Database,
  request: {
    role: string;
    name: string;
    createdBy: string;
    user?: string;
    /** The named user's password was verified by the caller (the CLI): the user is the issuer. */
    confirmedByPassword?: boolean;
    expiresAt?: string | null;
    now?: Date;
    audit?: TokenAudit;
  },
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
  if (request.user === undefined && role === 'approver') {
    throw DomainError.validation([
      { field: 'role', message: 'a service token never approves: committee members sign in, or issue their own token (POST /auth/tokens)' },
    ]);
  }
  const token = generateToken();
  const at = now.toISOString();
  const record = await db.write(async (repos) => {
    const owner = request.user !== undefined ? await namedOwner(repos, request.user, role) : await serviceOwner(repos, name, role);
    if (owner && request.user !== undefined && owner.username !== request.createdBy && !request.confirmedByPassword) {
      throw new DomainError(
        'FORBIDDEN',
        `No one issues a token in another person's name: ${owner.username} makes their own (POST /auth/tokens, signed in), or an operator runs phoenix token create --user ${owner.username} with their password`,
        { username: owner.username },
      );
    }
    const userId = owner?.id ?? (await repos.users.insert(serviceUser(name, role, request.createdBy, at))).id;
    const inserted = await repos.tokens.insert({
      name,
      role,
      tokenHash: hashToken(token),
      tokenPrefix: displayPrefix(token),
      createdAt: at,
      // A token confirmed by its user's password is the user's own.
      createdBy: request.confirmedByPassword && owner ? owner.username : request.createdBy,
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
        detail: { name, role: inserted.role, expiresAt: inserted.expiresAt, userId, issuedBy: inserted.createdBy },
      });
    }
    return inserted;
  });
  return { token, record };
}

function serviceUser(name: string, role: Role, createdBy: string, at: string): Omit<UserRecord, 'id'> {
  return { username: name, displayName: name, role, kind: 'service', passwordHash: null, passwordSetBy: null, disabledAt: null, createdAt: at, createdBy, updatedAt: at };
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

/**
 * Checks that `password` is the named person's own, before a token is issued in their name
 * outside a session (the CLI). The same answer for an unknown user and a wrong password.
 * @throws DomainError FORBIDDEN
 */
export async function confirmUserPassword(db: Database, username: string, password: string): Promise<void> {
  const user = await db.read((repos) => repos.users.findByUsername(username));
  const valid = user?.passwordHash ? await verifyPassword(password, user.passwordHash) : await verifyNothing(password);
  if (!valid || !user) throw new DomainError('FORBIDDEN', `the password is not ${username}'s: a token in a person's name needs that person's own password`);
}

/** The tokens of one user, oldest first. */
export async function ownTokens(db: Database, userId: number): Promise<TokenSummary[]> {
  return (await db.read((repos) => repos.tokens.list())).filter((t) => t.userId === userId).map(summarizeToken);
}

/** One page of tokens in id order. */
export async function tokensPage(db: Database, cursor: string | undefined, limit: number): Promise<KeysetPage<TokenSummary>> {
  const page = await db.read((repos) => keysetPage(cursor, limit, (afterId, size) => repos.tokens.list({ afterId, limit: size })));
  return { items: page.items.map(summarizeToken), nextCursor: page.nextCursor };
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
 * expired tokens, and the tokens of a disabled user, resolve to null. By default every request
 * reads the token and its user afresh (one indexed lookup), so a revocation or a disabled user
 * takes effect on the next request, whichever process made it (issue 22: a 5 s cache let a
 * disabled user's token keep writing). `cacheMs` > 0 caches known tokens that long (a change in
 * this process still clears it at once). Expiry is checked on every request. Unknown tokens are
 * never cached.
 */
export function tokenAuthenticator(db: Database, clock: () => Date = () => new Date(), options: { cacheMs?: number } = {}) {
  const cacheMs = options.cacheMs ?? 0;
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
    return { tokenId: record.id, name: user?.username ?? record.name, role: record.role, userId: user?.id, username: user?.username, via: 'token', issuedBy: record.createdBy };
  };
}
