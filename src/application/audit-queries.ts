import type { Database } from '../data/database';
import type { AuditQuery } from '../data/audit-repository';
import type { AuditRecord } from './audit';

/** Audit records matching the query, oldest first, after the cursor id when given. */
export function auditRecords(db: Database, query: AuditQuery): Promise<Array<AuditRecord & { id: number }>> {
  return db.read((repos) => repos.audit.list(query));
}
