/**
 * Import throughput (issue: the write path at scale): the generated events file (bench/event-file.ts)
 * booked through `importEventsCsv` (every rule, audit and idempotency key, as the CLI and the
 * import route run it) against a raw batched insert of the same CSV rows through the same driver
 * and pragmas, 500 rows to a statement in one transaction.
 *
 * Two comparisons are printed: the import's table rows written per second (journal entries and
 * lines, event rows and allocations, audit rows, idempotency keys: every row the import adds)
 * against the raw insert's rows per second, which is the target; and, more strictly,
 * events booked per second against raw CSV rows per second.
 * Usage: npx tsx bench/import.ts [--pg] [--events N]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { Database } from '../src/data/database';
import { BUFFERED_EVENT_TABLES } from '../src/data/pending-writes';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../src/import/import-events-file';
import { generate, prepare } from './event-file';
import { rawInsert, sqliteRaw } from './raw-insert';
import { recordResult } from './results';

/** A fresh database stores no approval policy: every row is booked, as the CLI books them. */
const BENCH_APPROVALS = { mode: 'refuse', gate: { defaults: 'off', today: '2019-12-31', proposalTtlHours: 168 } } as const;

const usePg = process.argv.includes('--pg');
const PG_URL = process.env.PHOENIX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const eventsArg = process.argv.indexOf('--events');
const EVENTS = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : 20_000;

/** Every table an import adds rows to: the journal, audit, stored answers, and the event tables. */
const WRITTEN_TABLES = ['journal_entries', 'journal_lines', 'audit_log', 'idempotency_keys', ...BUFFERED_EVENT_TABLES];

async function rowCount(db: Database): Promise<number> {
  let total = 0;
  for (const table of WRITTEN_TABLES) total += Number((await db.writer(table).count({ n: '*' }).first())?.n);
  return total;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-import-'));
  const schema = `import_${process.pid}`;
  const admin = usePg ? knexFactory({ client: 'pg', connection: PG_URL }) : null;
  if (admin) {
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.raw(`CREATE SCHEMA ${schema}_raw`);
  }
  const db = usePg
    ? Database.open({ client: 'pg', url: PG_URL, schema, poolSize: 4 })
    : Database.open({ client: 'sqlite', filename: path.join(dir, 'import.sqlite'), synchronous: 'FULL' });
  const raw = usePg ? knexFactory({ client: 'pg', connection: PG_URL, searchPath: [`${schema}_raw`] }) : sqliteRaw(path.join(dir, 'raw.sqlite'));
  try {
    await db.migrate();
    const screenings = await prepare(db);
    const csv = generate(EVENTS, screenings);
    const before = await rowCount(db);
    const started = process.hrtime.bigint();
    const report = await importEventsCsv(db, csv, { source: 'bench.csv', events: { clock: systemClock, today: '2019-12-31', screeningValidityDays: 180 }, approvals: BENCH_APPROVALS });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.refused.length > 0) throw new Error(`refused: ${JSON.stringify(report.refused.slice(0, 3))}`);
    const written = (await rowCount(db)) - before;
    const rawRun = await rawInsert(raw, csv);
    const rawRate = Math.round(rawRun.rows / rawRun.seconds);
    const figures = {
      events: report.booked,
      seconds: Math.round(seconds * 10) / 10,
      eventsPerSecond: Math.round(report.booked / seconds),
      rowsWritten: written,
      rowsPerSecond: Math.round(written / seconds),
      rawBatchedRowsPerSecond: rawRate,
      rowsRatio: Math.round((written / seconds / rawRate) * 1000) / 1000,
      eventsRatio: Math.round((report.booked / seconds / rawRate) * 1000) / 1000,
      peakRssMb: Math.round(Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024),
    };
    const database = usePg ? 'postgresql' : 'sqlite';
    console.log(
      `import on ${database}: ${figures.events} events in ${figures.seconds} s (${figures.eventsPerSecond} events/s), ${written} rows written (${figures.rowsPerSecond} rows/s); ` +
        `raw batched insert ${rawRate} rows/s: rows ${figures.rowsRatio}x, events ${figures.eventsRatio}x`,
    );
    recordResult(`import-${database}`, figures);
  } finally {
    await db.close();
    await raw.destroy();
    if (admin) {
      await admin.raw(`DROP SCHEMA ${schema} CASCADE`);
      await admin.raw(`DROP SCHEMA ${schema}_raw CASCADE`);
      await admin.destroy();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
