import type { Knex } from 'knex';
import { idFromDb } from './db-values';
import { userFromRow, type UserRecord } from './user-repository';

type Row = Record<string, unknown>;

export interface SessionRecord {
  id: number;
  sessionHash: string;
  userId: number;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end: no activity extends a session past it. */
  expiresAt: string;
}

export class SessionRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(session: Omit<SessionRecord, 'id'>): Promise<SessionRecord> {
    const [row] = await this.db('sessions')
      .insert({
        session_hash: session.sessionHash,
        user_id: session.userId,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .returning('id');
    return { ...session, id: idFromDb(typeof row === 'object' ? (row as Row).id : row) };
  }

  /** The session with this hash and its user, in one read. */
  async findByHash(sessionHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const row: Row | undefined = await this.db('sessions')
      .join('users', 'users.id', 'sessions.user_id')
      .where('sessions.session_hash', sessionHash)
      .select(
        'users.*',
        'sessions.id as session_id',
        'sessions.session_hash',
        'sessions.created_at as session_created_at',
        'sessions.last_seen_at',
        'sessions.expires_at',
      )
      .first();
    if (!row) return null;
    const session: SessionRecord = {
      id: idFromDb(row.session_id),
      sessionHash: String(row.session_hash),
      userId: idFromDb(row.id),
      createdAt: String(row.session_created_at),
      lastSeenAt: String(row.last_seen_at),
      expiresAt: String(row.expires_at),
    };
    return { session, user: userFromRow(row) };
  }

  async touch(id: number, at: string): Promise<void> {
    await this.db('sessions').where({ id }).update({ last_seen_at: at });
  }

  async delete(id: number): Promise<void> {
    await this.db('sessions').where({ id }).delete();
  }

  /** Ends every session of a user (disabled, or its password changed or reset), but `keep`. */
  async deleteForUser(userId: number, keep?: number): Promise<number> {
    return this.db('sessions')
      .where({ user_id: userId })
      .modify((q) => {
        if (keep !== undefined) q.whereNot({ id: keep });
      })
      .delete();
  }

  /** Drops sessions past their absolute end or idle since before `idleBefore`. */
  async deleteExpired(now: string, idleBefore: string): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', now).orWhere('last_seen_at', '<', idleBefore).delete();
  }
}
