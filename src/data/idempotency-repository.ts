import type { Knex } from 'knex';
import type { PendingWrites } from './pending-writes';

type Row = Record<string, unknown>;

/** The first answer given under a key, and the fingerprint of the request that got it. */
export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * The first answer to each Idempotency-Key. A request reads its key first and stores it with its
 * answer last, so a refusal writes nothing. Two processes racing on one key both pass the read;
 * the second insert then fails on the primary key, its group is replayed, and the replay reads
 * the stored answer.
 */
export class IdempotencyRepository {
  /** `pending`: the group's buffer, when the rows of a group commit are written at its end. */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly pending: PendingWrites | null = null,
  ) {}

  async find(key: string): Promise<StoredResponse | null> {
    const buffered = this.pending?.answer(key);
    if (buffered) return buffered;
    const prefetched = this.pending?.prefetchedAnswer(key);
    if (prefetched !== undefined) return prefetched;
    const row: Row | undefined = await this.db('idempotency_keys').where({ key }).first();
    return row ? { fingerprint: String(row.fingerprint), status: Number(row.status), body: JSON.parse(String(row.response)) } : null;
  }

  async save(key: string, response: StoredResponse & { actor: string; at: string }): Promise<void> {
    const row = {
      key,
      fingerprint: response.fingerprint,
      actor: response.actor,
      status: response.status,
      response: JSON.stringify(response.body),
      created_at: response.at,
    };
    // A buffered answer is read back as a replay would read the stored one: through JSON.
    if (this.pending) this.pending.addAnswer(key, row, { fingerprint: response.fingerprint, status: response.status, body: JSON.parse(row.response) });
    else await this.db('idempotency_keys').insert(row);
  }

  /**
   * Replaces the answer stored under a key: a proposed write stored its 202 with the proposal, and
   * once the proposal is executed a retry of that write gets the booking's 201 instead.
   */
  async replaceAnswer(key: string, answer: { status: number; body: unknown }): Promise<void> {
    this.pending?.forgetAnswer(key);
    await this.db('idempotency_keys').where({ key }).update({ status: answer.status, response: JSON.stringify(answer.body) });
  }
}
