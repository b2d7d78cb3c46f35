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

/** SQLite could not take its write lock in time (another process holds it). */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
