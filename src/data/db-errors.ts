/**
 * Recognises a unique-constraint violation on a column, across drivers:
 * pg reports SQLSTATE 23505 with the constraint name; sqlite3 reports SQLITE_CONSTRAINT with
 * "UNIQUE constraint failed: table.column".
 */
export function isUniqueViolation(error: unknown, column: string): boolean {
  const e = error as { code?: string; constraint?: string; message?: string };
  if (e?.code === '23505') return (e.constraint ?? '').includes(column) || (e.message ?? '').includes(column);
  if (e?.code === 'SQLITE_CONSTRAINT') return /UNIQUE/.test(e.message ?? '') && (e.message ?? '').includes(column);
  return false;
}

/**
 * The database could not serve the write now, and a retry can succeed: SQLite's write lock held by
 * another process; on PostgreSQL a deadlock, serialization failure or lock timeout against
 * another process's writer.
 */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === '40P01' || code === '40001' || code === '55P03';
}
