import type { Knex } from 'knex';
import type { Role } from '../domain/access/roles';
import { foldUsername } from '../domain/access/username';
import { idFromDb } from './db-values';

type Row = Record<string, unknown>;

/** A person who signs in with a password, or a service that only holds API tokens. */
export type UserKind = 'person' | 'service';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  kind: UserKind;
  /** The scrypt hash (src/domain/access/password.ts); null for a service user, who cannot sign in. */
  passwordHash: string | null;
  /**
   * Who last set the password: the user (a change proving the current one) or the admin who
   * created or reset it; null when no password was set since this was recorded.
   */
  passwordSetBy: string | null;
  disabledAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export class UserRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(user: Omit<UserRecord, 'id'>): Promise<UserRecord> {
    const [row] = await this.db('users')
      .insert({
        username: user.username,
        username_folded: foldUsername(user.username),
        display_name: user.displayName,
        role: user.role,
        kind: user.kind,
        password_hash: user.passwordHash,
        password_set_by: user.passwordSetBy,
        disabled_at: user.disabledAt,
        created_at: user.createdAt,
        created_by: user.createdBy,
        updated_at: user.updatedAt,
      })
      .returning('id');
    return { ...user, id: idFromDb(typeof row === 'object' ? (row as Row).id : row) };
  }

  async findById(id: number): Promise<UserRecord | null> {
    const row: Row | undefined = await this.db('users').where({ id }).first();
    return row ? userFromRow(row) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row: Row | undefined = await this.db('users').where({ username_folded: foldUsername(username) }).first();
    return row ? userFromRow(row) : null;
  }

  async list(afterId: number | undefined, limit: number): Promise<UserRecord[]> {
    const rows: Row[] = await this.db('users')
      .modify((q) => {
        if (afterId !== undefined) q.where('id', '>', afterId);
      })
      .orderBy('id')
      .limit(limit);
    return rows.map(userFromRow);
  }

  /** Sets or clears disabled_at; true when the user changed. */
  async setDisabled(id: number, disabledAt: string | null, at: string): Promise<boolean> {
    const count = await this.db('users')
      .where({ id })
      .modify((q) => (disabledAt ? q.whereNull('disabled_at') : q.whereNotNull('disabled_at')))
      .update({ disabled_at: disabledAt, updated_at: at });
    return count > 0;
  }

  /** Sets the password and who set it (the user, or the admin who reset it). */
  async setPasswordHash(id: number, passwordHash: string, setBy: string, at: string): Promise<void> {
    await this.db('users').where({ id }).update({ password_hash: passwordHash, password_set_by: setBy, kind: 'person', updated_at: at });
  }
}

export function userFromRow(row: Row): UserRecord {
  return {
    id: idFromDb(row.id),
    username: String(row.username),
    displayName: String(row.display_name),
    role: String(row.role) as Role,
    kind: row.kind === 'service' ? 'service' : 'person',
    passwordHash: row.password_hash ? String(row.password_hash) : null,
    passwordSetBy: row.password_set_by ? String(row.password_set_by) : null,
    disabledAt: row.disabled_at ? String(row.disabled_at) : null,
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
    updatedAt: String(row.updated_at),
  };
}
