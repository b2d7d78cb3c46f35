import type { Knex } from 'knex';
import { idFromDb, jsonFromDb } from './db-values';
import type { PendingWrites } from './pending-writes';

type Row = Record<string, unknown>;

/** One line of the audit log: who did what, when, under which request. */
export interface AuditRecord {
  at: string;
  actor: string;
  role: string;
  action: string;
  target: string;
  requestId: string;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  afterId?: number;
  limit: number;
}

export class AuditRepository {
  /** `pending`: the group's buffer, when the rows of a group commit are written at its end. */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly pending: PendingWrites | null = null,
  ) {}

  async record(record: AuditRecord): Promise<void> {
    const row = {
      at: record.at,
      actor: record.actor,
      role: record.role,
      action: record.action,
      target: record.target,
      request_id: record.requestId,
      detail: JSON.stringify(record.detail ?? {}),
    };
    if (this.pending) this.pending.addAudit(row);
    else await this.db('audit_log').insert(row);
  }

  async list(query: AuditQuery): Promise<Array<AuditRecord & { id: number }>> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('audit_log')
      .modify((q) => {
        if (query.actor) q.where({ actor: query.actor });
        if (query.action) q.where({ action: query.action });
        if (query.from) q.where('at', '>=', query.from);
        if (query.to) q.where('at', '<=', query.to);
        if (query.afterId !== undefined) q.where('id', '>', query.afterId);
      })
      .orderBy('id')
      .limit(query.limit);
    return rows.map((r) => ({
      id: idFromDb(r.id),
      at: String(r.at),
      actor: String(r.actor),
      role: String(r.role),
      action: String(r.action),
      target: String(r.target),
      requestId: String(r.request_id),
      detail: jsonFromDb<Record<string, unknown>>(r.detail, {}),
    }));
  }
}
