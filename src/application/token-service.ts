import { DomainError } from '../domain/errors';
import { isRole, type Actor, type Role } from '../domain/access/roles';
import { displayPrefix, generateToken, hashToken, sameDigest } from '../domain/access/token-secret';
import type { Database } from '../data/database';
import type { TokenRecord } from '../data/token-repository';

export interface CreatedToken {
  token: string;
  record: TokenRecord;
}

/**
 * Issues a token for a role. The plain token is returned once and only its sha256 is kept.
 * @throws DomainError VALIDATION_FAILED for an unknown role, an empty name or a past expiry
 */
export async function createToken(
  db: Database,
  request: { role: string; name: string; createdBy: string; expiresAt?: string | null; now?: Date; audit?: TokenAudit },
): Promise<CreatedToken> {
  const now = request.now ?? new Date();
  if (!isRole(request.role)) {
    throw DomainError.validation([{ field: 'role', message: 'must be one of admin, fund_manager, risk_officer, viewer' }]);
  }
  const name = request.name.trim();
  if (!name || name.length > 100) throw DomainError.validation([{ field: 'name', message: 'must be 1 to 100 characters' }]);
  if (request.expiresAt && Date.parse(request.expiresAt) <= now.getTime()) {
    throw DomainError.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
  }
  const token = generateToken();
  const record = await db.write(async (repos) => {
    const inserted = await repos.tokens.insert({
      name,
      role: request.role as Role,
      tokenHash: hashToken(token),
      tokenPrefix: displayPrefix(token),
      createdAt: now.toISOString(),
      createdBy: request.createdBy,
      expiresAt: request.expiresAt ?? null,
    });
    if (request.audit) {
      await repos.audit.record({
        at: now.toISOString(),
        actor: request.createdBy,
        role: request.audit.role,
        action: 'token.create',
        target: `tokens/${inserted.id}`,
        requestId: request.audit.requestId,
        detail: { name, role: inserted.role, expiresAt: inserted.expiresAt },
      });
    }
    return inserted;
  });
  return { token, record };
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
  lookupCaches.get(db)?.clear();
  return summarizeToken(record);
}

/** Token records looked up recently, per database, so revokeToken can clear them at once. */
const lookupCaches = new WeakMap<Database, Map<string, { record: TokenRecord; until: number }>>();
const CACHE_MAX = 1000;

/**
 * Resolves a presented token to its actor; unknown, revoked and expired tokens resolve to null.
 * Known tokens are cached for `cacheMs` (a revocation made in this process clears the cache at
 * once; one made by another process, such as the CLI, takes effect within `cacheMs`). Expiry is
 * checked on every request. Unknown tokens are never cached.
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
    let record = cached && cached.until > now ? cached.record : null;
    if (!record) {
      record = await db.read((repos) => repos.tokens.findByHash(digest));
      if (record && cacheMs > 0) {
        if (lookups.size >= CACHE_MAX) lookups.clear();
        lookups.set(digest, { record, until: now + cacheMs });
      }
    }
    if (!record || !sameDigest(record.tokenHash, digest)) return null;
    if (record.revokedAt) return null;
    if (record.expiresAt && Date.parse(record.expiresAt) <= clock().getTime()) return null;
    return { tokenId: record.id, name: record.name, role: record.role };
  };
}
