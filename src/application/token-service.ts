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
  request: { role: string; name: string; createdBy: string; expiresAt?: string | null; now?: Date },
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
  const record = await db.write((repos) =>
    repos.tokens.insert({
      name,
      role: request.role as Role,
      tokenHash: hashToken(token),
      tokenPrefix: displayPrefix(token),
      createdAt: now.toISOString(),
      createdBy: request.createdBy,
      expiresAt: request.expiresAt ?? null,
    }),
  );
  return { token, record };
}

/** Resolves a presented token to its actor; unknown, revoked and expired tokens resolve to null. */
export function tokenAuthenticator(db: Database, clock: () => Date = () => new Date()) {
  return async (token: string): Promise<Actor | null> => {
    const digest = hashToken(token);
    const record = await db.read((repos) => repos.tokens.findByHash(digest));
    if (!record || !sameDigest(record.tokenHash, digest)) return null;
    if (record.revokedAt) return null;
    if (record.expiresAt && Date.parse(record.expiresAt) <= clock().getTime()) return null;
    return { tokenId: record.id, name: record.name, role: record.role };
  };
}
