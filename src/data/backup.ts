import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseConfig } from '../config';
import type { VerifyReport } from '../domain/ledger/verifier';
import { Database } from './database';

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const PHOENIX_TABLES = ['knex_migrations', 'journal_entries', 'journal_lines', 'account_balances', 'ledger_head'];

const PG_ADVICE =
  'this database is PostgreSQL: back it up with pg_dump (e.g. pg_dump --format=custom "$DATABASE_URL" > phoenix.dump) and restore with pg_restore';

/** Proves a database's ledger (the application's verify), given by the caller: data does not reach up. */
export type VerifyDatabase = (db: Database) => Promise<VerifyReport>;

export interface BackupSummary {
  file: string;
  bytes: number;
  report: VerifyReport;
}

/**
 * Writes an online, consistent copy of the SQLite database to `target` with VACUUM INTO, which
 * reads one snapshot while the service keeps writing (WAL), then verifies the copy.
 * @throws BackupError for PostgreSQL, an existing target, or a source that is not a Phoenix database
 */
export async function backupDatabase(config: DatabaseConfig, target: string, verify: VerifyDatabase): Promise<BackupSummary> {
  if (config.client !== 'sqlite') throw new BackupError(PG_ADVICE);
  const file = path.resolve(target);
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose a new file name`);
  assertSqliteHeader(config.filename, 'the configured database');
  await assertPhoenixTables(config.filename, 'the configured database');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = Database.open(config);
  try {
    await db.writer.raw('VACUUM INTO ?', [file]);
  } finally {
    await db.close();
  }
  return { file, bytes: fs.statSync(file).size, report: await verifyFile(config, file, verify) };
}

/**
 * Replaces the configured SQLite database with a backup. The backup is copied beside the target,
 * checked (a Phoenix database whose ledger verifies), and only then moved into place. Stop the
 * service first: a running server keeps the old file open.
 * @throws BackupError for PostgreSQL, a non-empty target without `force`, or a backup that is
 *   not a Phoenix database or does not verify
 */
export async function restoreDatabase(
  config: DatabaseConfig,
  source: string,
  verify: VerifyDatabase,
  options: { force?: boolean } = {},
): Promise<BackupSummary> {
  if (config.client !== 'sqlite') throw new BackupError(PG_ADVICE);
  if (config.filename === ':memory:') throw new BackupError('PHOENIX_DB names no file to restore into');
  const from = path.resolve(source);
  const target = config.filename;
  if (!fs.existsSync(from)) throw new BackupError(`${from} does not exist`);
  assertSqliteHeader(from, 'the backup');
  if (!options.force && nonEmpty(target)) {
    throw new BackupError(`${target} already holds a database; stop the service and pass --force to replace it`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.restoring-${process.pid}`;
  fs.copyFileSync(from, staging);
  try {
    await assertPhoenixTables(staging, `the backup (${from})`);
    const report = await verifyFile(config, staging, verify);
    if (!report.ok) throw new BackupError(`${from} does not verify: ${report.problems.length} problem(s), first: ${report.problems[0]?.problem}`);
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(staging, target);
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${staging}${suffix}`, { force: true });
  }
  return { file: target, bytes: fs.statSync(target).size, report: await verifyFile(config, target, verify) };
}

async function verifyFile(config: DatabaseConfig & { client: 'sqlite' }, filename: string, verify: VerifyDatabase): Promise<VerifyReport> {
  const db = Database.open({ ...config, filename });
  try {
    return await verify(db);
  } finally {
    await db.close();
  }
}

function assertSqliteHeader(file: string, what: string): void {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let read = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, header, 0, header.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    throw new BackupError(`${what} (${file}) cannot be read`);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) throw new BackupError(`${what} (${file}) is not an SQLite database`);
}

/** Throws unless the SQLite database in `file` holds the Phoenix ledger tables. */
async function assertPhoenixTables(file: string, what: string): Promise<void> {
  const db = Database.open({ client: 'sqlite', filename: file, synchronous: 'FULL', busyTimeoutMs: 5000 });
  try {
    const rows: Array<{ name: string }> = await db.reader('sqlite_master').where({ type: 'table' }).select('name');
    const names = new Set(rows.map((r) => r.name));
    const missing = PHOENIX_TABLES.filter((t) => !names.has(t));
    if (missing.length) throw new BackupError(`${what} is not a Phoenix database: no ${missing.join(', ')} table`);
  } finally {
    await db.close();
  }
}

function nonEmpty(file: string): boolean {
  return [file, `${file}-wal`].some((f) => fs.existsSync(f) && fs.statSync(f).size > 0);
}
