import type { Knex } from 'knex';
import type { IdempotencyStore, StoredResponse } from '../application/idempotency';

type Row = Record<string, unknown>;

/**
 * Claims a key by inserting it first: on PostgreSQL a concurrent request with the same key
 * blocks on that insert until the first commits, then sees its stored response.
 */
export class IdempotencyRepository implements IdempotencyStore {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async claim(key: string, fingerprint: string, actor: string, at: string): Promise<StoredResponse | 'claimed'> {
    const inserted = await this.db('idempotency_keys')
      .insert({ key, fingerprint, actor, status: 0, response: '', created_at: at })
      .onConflict('key')
      .ignore()
      .returning('key');
    if (inserted.length > 0) return 'claimed';
    const row: Row = await this.db('idempotency_keys').where({ key }).first();
    return { fingerprint: String(row.fingerprint), status: Number(row.status), body: JSON.parse(String(row.response)) };
  }

  async complete(key: string, status: number, body: unknown): Promise<void> {
    await this.db('idempotency_keys').where({ key }).update({ status, response: JSON.stringify(body) });
  }
}
