import type { Knex } from 'knex';
import type { Role } from '../domain/access/roles';
import { idFromDb } from './db-values';
import { userFromRow, type UserRecord } from './user-repository';

type Row = Record<string, unknown>;

export interface TokenRecord {
  id: number;
  name: string;
  role: Role;
  tokenHash: string;
  tokenPrefix: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** The user the token belongs to; null only for a token the user migration has not reached. */
  userId: number | null;
}

export class TokenRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(token: Omit<TokenRecord, 'id' | 'revokedAt'>): Promise<TokenRecord> {
    const [row] = await this.db('api_tokens')
      .insert({
        name: token.name,
        role: token.role,
        token_hash: token.tokenHash,
        token_prefix: token.tokenPrefix,
        created_at: token.createdAt,
        created_by: token.createdBy,
        expires_at: token.expiresAt,
        user_id: token.userId,
      })
      .returning('id');
    const id = idFromDb(typeof row === 'object' ? (row as Row).id : row);
    return { ...token, id, revokedAt: null };
  }

  /** The token with this hash and the user it belongs to. */
  async findWithUser(tokenHash: string): Promise<{ token: TokenRecord; user: UserRecord | null } | null> {
    const row: Row | undefined = await this.db('api_tokens').where({ token_hash: tokenHash }).first();
    if (!row) return null;
    const token = tokenFromRow(row);
    const userRow: Row | undefined = token.userId === null ? undefined : await this.db('users').where({ id: token.userId }).first();
    return { token, user: userRow ? userFromRow(userRow) : null };
  }

  async findById(id: number): Promise<TokenRecord | null> {
    const row: Row | undefined = await this.db('api_tokens').where({ id }).first();
    return row ? tokenFromRow(row) : null;
  }

  async list(page?: { afterId?: number; limit: number }): Promise<TokenRecord[]> {
    const rows: Row[] = await this.db('api_tokens')
      .modify((q) => {
        if (page?.afterId !== undefined) q.where('id', '>', page.afterId);
        if (page) q.limit(page.limit);
      })
      .orderBy('id');
    return rows.map(tokenFromRow);
  }

  async revoke(id: number, at: string): Promise<boolean> {
    const count = await this.db('api_tokens').where({ id }).whereNull('revoked_at').update({ revoked_at: at });
    return count > 0;
  }
}

function tokenFromRow(row: Row): TokenRecord {
  return {
    id: idFromDb(row.id),
    name: String(row.name),
    role: String(row.role) as Role,
    tokenHash: String(row.token_hash),
    tokenPrefix: String(row.token_prefix),
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
    expiresAt: row.expires_at ? String(row.expires_at) : null,
    revokedAt: row.revoked_at ? String(row.revoked_at) : null,
    userId: row.user_id === null || row.user_id === undefined ? null : idFromDb(row.user_id),
  };
}
