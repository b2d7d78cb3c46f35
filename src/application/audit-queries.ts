import type { Database } from '../data/database';
import type { AuditQuery, AuditRecord } from '../data/audit-repository';
import { keysetPage, type KeysetPage } from './keyset-page';

/** One page of audit records matching the filter, oldest first, after the cursor when given. */
export function auditPage(
  db: Database,
  filter: Omit<AuditQuery, 'afterId' | 'limit'>,
  cursor: string | undefined,
  limit: number,
): Promise<KeysetPage<AuditRecord & { id: number }>> {
  return db.read((repos) => keysetPage(cursor, limit, (afterId, size) => repos.audit.list({ ...filter, afterId, limit: size })));
}
