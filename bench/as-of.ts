/**
 * Balances at a past date on a large journal: the trial balance's read (`balancesAsOf`, each
 * account's closing total of the last whole month plus the part month's day totals) against the sum of every line dated up to the date (the
 * read before month totals), in the same run. The journal is written straight into the tables
 * (two lines per entry over 2019-2020, 2,000 accounts; no hash chain: these reads never look at
 * it), then the month, day and closing totals are filled by their migrations, so a million lines take seconds to
 * build rather than the import's minutes. `--explain` prints the plan of every statement of the
 * mid-month read (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite).
 * Usage: npx tsx bench/as-of.ts [--pg] [--lines N] [--explain]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { Database } from '../src/data/database';
import * as backfill from '../migrations/20261129500002_account_month_totals_backfill';
import * as dayBackfill from '../migrations/20261129500004_account_day_totals_backfill';
import * as closingBackfill from '../migrations/20261129500006_account_closing_totals_backfill';
import { recordResult } from './results';

const usePg = process.argv.includes('--pg');
const linesArg = process.argv.indexOf('--lines');
const LINES = linesArg > 0 ? Number(process.argv[linesArg + 1]) : 1_000_000;
const PG_URL = process.env.PHOENIX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ACCOUNTS = 2_000;
const DAYS = 731;
const RUNS = 20;

async function pgAdmin(sql: string): Promise<void> {
  const k = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await k.raw(sql);
  } finally {
    await k.destroy();
  }
}

async function insertRows(trx: Knex.Transaction, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const per = Math.floor(30_000 / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += per) {
    const slice = rows.slice(start, start + per);
    await trx.raw(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${slice.map(() => tuple).join(', ')}`, slice.flat() as Knex.RawBinding[]);
  }
}

/** Entries of two lines each, dated day by day, each moving a whole number of fen to one of the accounts. */
async function build(db: Database): Promise<void> {
  const entries = Math.floor(LINES / 2);
  const batch = 50_000;
  for (let first = 1; first <= entries; first += batch) {
    const last = Math.min(entries, first + batch - 1);
    const entryRows: unknown[][] = [];
    const lineRows: unknown[][] = [];
    for (let id = first; id <= last; id += 1) {
      const date = new Date(Date.UTC(2019, 0, 1) + Math.floor(((id - 1) * DAYS) / entries) * 86_400_000).toISOString().slice(0, 10);
      const hash = id.toString(16).padStart(64, '0');
      entryRows.push([id, date, 'bench', 'bench', 'bench', '{}', '2026-01-01T00:00:00Z', hash, hash]);
      const amount = String(100 + (id % 997));
      lineRows.push([id, 0, `assets:PHX:investments:${id % ACCOUNTS}:cost`, 'PHX', amount, '0'], [id, 1, 'assets:PHX:cash', 'PHX', '0', amount]);
    }
    await db.writer.transaction(async (trx) => {
      await insertRows(trx, 'journal_entries', ['id', 'value_date', 'type', 'memo', 'actor', 'metadata', 'recorded_at', 'prev_hash', 'hash'], entryRows);
      await insertRows(trx, 'journal_lines', ['entry_id', 'line_no', 'account', 'fund', 'debit', 'credit'], lineRows);
    });
  }
  await backfill.up(db.writer);
  await dayBackfill.up(db.writer);
  await closingBackfill.up(db.writer);
  // The writer keeps a balance row for every account it posts to; the read starts from them.
  await db.writer.raw('INSERT INTO account_balances (account, fund, debit, credit) SELECT account, fund, sum(debit), sum(credit) FROM journal_lines GROUP BY account, fund');
  if (usePg) await db.writer.raw('ANALYZE');
}

/** The read before month totals: every line up to the date, summed per account. */
async function sumOfLines(db: Database, asOf: string): Promise<number> {
  const rows = await db.reader('journal_lines as l')
    .join('journal_entries as e', 'e.id', 'l.entry_id')
    .where('e.value_date', '<=', asOf)
    .groupBy('l.account', 'l.fund')
    .select('l.account', 'l.fund')
    .sum({ debit: 'l.debit', credit: 'l.credit' });
  return rows.length;
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<{ p50Ms: number; maxMs: number }> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    await work();
    times.push(Number((process.hrtime.bigint() - started) / 100_000n) / 10);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1] };
}

/** The plan of each statement the read at `asOf` runs, its bindings written in as literals. */
async function explain(db: Database, asOf: string): Promise<void> {
  const statements: Array<{ sql: string; bindings: unknown[] }> = [];
  const listen = (q: { sql: string; bindings?: unknown[] }) => statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  db.reader.on('query', listen);
  await db.read((repos) => repos.journal.balancesAsOf(asOf));
  db.reader.off('query', listen);
  for (const { sql, bindings } of statements) {
    const literal = (value: unknown) => `'${String(value).replace(/'/g, "''")}'`;
    const text = usePg ? sql.replace(/\$(\d+)/g, (_, n: string) => literal(bindings[Number(n) - 1])) : sql.replace(/\?/g, () => literal(bindings.shift()));
    if (!/^\s*select/i.test(text)) continue;
    const plan: unknown = await db.reader.raw(`${usePg ? 'EXPLAIN ANALYZE' : 'EXPLAIN QUERY PLAN'} ${text}`);
    const rows = usePg ? (plan as { rows: Array<Record<string, string>> }).rows.map((r) => r['QUERY PLAN']) : (plan as Array<{ detail: string }>).map((r) => r.detail);
    console.log(`${text}\n  ${rows.join('\n  ')}\n`);
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-as-of-'));
  const schema = `asof_${process.pid}`;
  if (usePg) await pgAdmin(`CREATE SCHEMA ${schema}`);
  const db = usePg
    ? Database.open({ client: 'pg', url: PG_URL, schema, poolSize: 4 })
    : Database.open({ client: 'sqlite', filename: path.join(dir, 'as-of.sqlite'), synchronous: 'NORMAL' });
  try {
    await db.migrate();
    const started = Date.now();
    await build(db);
    const lines = Number((await db.writer('journal_lines').count({ n: '*' }).first())?.n);
    console.log(`built ${lines} journal lines in ${Math.round((Date.now() - started) / 1000)} s`);
    const asOf = (date: string) => () => db.read((repos) => repos.journal.balancesAsOf(date));
    for (const date of ['2019-04-30', '2019-04-15', '2020-11-15']) {
      const read = await db.read((repos) => repos.journal.balancesAsOf(date));
      const summed = await sumOfLines(db, date);
      if (read.length !== summed) throw new Error(`the read at ${date} gives ${read.length} accounts, the lines ${summed}`);
    }
    const figures = {
      monthEnd: await timed(RUNS, asOf('2019-04-30')),
      midMonth: await timed(RUNS, asOf('2019-04-15')),
      lateMonthEnd: await timed(RUNS, asOf('2020-10-31')),
      lateMidMonth: await timed(RUNS, asOf('2020-11-15')),
      sumOfLinesMonthEnd: await timed(3, () => sumOfLines(db, '2019-04-30')),
      sumOfLinesLate: await timed(3, () => sumOfLines(db, '2020-11-15')),
    };
    const database = usePg ? 'postgresql' : 'sqlite';
    console.table(figures);
    if (process.argv.includes('--explain')) await explain(db, '2020-11-15');
    recordResult(`as-of-${database}`, { journalLines: lines, accounts: ACCOUNTS + 1, runs: RUNS, ...figures });
  } finally {
    await db.close();
    if (usePg) await pgAdmin(`DROP SCHEMA ${schema} CASCADE`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
