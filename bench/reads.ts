/**
 * Reads at scale: builds a database of at least 1,000,000 journal lines through the import path
 * (the same services and rules as the API), compares the import rate with a raw batched insert of
 * the same CSV rows through the same driver, then starts the service on that database and measures
 * the latency of GET /funds/{code}, the overview and leverage reports, the trial balance, and an
 * as-of report. Usage: npx tsx bench/reads.ts [--quick] [--pg] [--events N]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import knexFactory, { type Knex } from 'knex';
import { Database } from '../src/data/database';
import { createToken } from '../src/application/token-service';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../src/import/import-events-file';
import { generate, prepare } from './event-file';
import { rawInsert, sqliteRaw } from './raw-insert';
import { recordResult } from './results';
import { freePort } from './free-port';

/** A fresh database stores no approval policy: every row is booked, as the CLI books them. */
const BENCH_APPROVALS = { mode: 'refuse', gate: { defaults: 'off', today: '2019-12-31', proposalTtlHours: 168 } } as const;

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const usePg = process.argv.includes('--pg');
const PG_URL = process.env.PHOENIX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const eventsArg = process.argv.indexOf('--events');
/** About 7.4 journal lines per generated event: 140,000 events make over a million lines. */
const EVENTS = eventsArg > 0 ? Number(process.argv[eventsArg + 1]) : quick ? (usePg ? 5_000 : 10_000) : 140_000;

interface Target {
  env: NodeJS.ProcessEnv;
  db: Database;
  raw: () => Knex;
  cleanup(): Promise<void>;
}

async function target(dir: string): Promise<Target> {
  if (!usePg) {
    const file = path.join(dir, 'reads.sqlite');
    return {
      env: { PHOENIX_DB: file, DATABASE_URL: '' },
      db: Database.open({ client: 'sqlite', filename: file, synchronous: 'FULL' }),
      raw: () => sqliteRaw(path.join(dir, 'raw.sqlite')),
      cleanup: async () => undefined,
    };
  }
  const schema = `reads_${process.pid}`;
  const admin = knexFactory({ client: 'pg', connection: PG_URL });
  await admin.raw(`CREATE SCHEMA ${schema}`);
  await admin.raw(`CREATE SCHEMA ${schema}_raw`);
  await admin.destroy();
  return {
    env: { DATABASE_URL: PG_URL, PHOENIX_DB_SCHEMA: schema },
    db: Database.open({ client: 'pg', url: PG_URL, schema, poolSize: 4 }),
    raw: () => knexFactory({ client: 'pg', connection: PG_URL, searchPath: [`${schema}_raw`] }),
    async cleanup() {
      const k = knexFactory({ client: 'pg', connection: PG_URL });
      await k.raw(`DROP SCHEMA ${schema} CASCADE`);
      await k.raw(`DROP SCHEMA ${schema}_raw CASCADE`);
      await k.destroy();
    },
  };
}

async function startService(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/src/cli.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PHOENIX_SEED: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return { child, port };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('service did not start');
}

/** Latency of one GET, one request at a time (latency, not throughput). */
async function latency(url: string, token: string, amount: number) {
  const result = await autocannon({ url, connections: 1, amount, headers: { authorization: `Bearer ${token}` } });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return { p50Ms: result.latency.p50, p99Ms: result.latency.p99, requests: result.requests.total };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-reads-'));
  const t = await target(dir);
  try {
    const screenings = await prepare(t.db);
    const csv = generate(EVENTS, screenings);
    const started = process.hrtime.bigint();
    const report = await importEventsCsv(t.db, csv, {
      source: 'reads.csv',
      events: { clock: systemClock, today: '2019-12-31', screeningValidityDays: 180 }, approvals: BENCH_APPROVALS,
    });
    const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.refused.length > 0) throw new Error(`refused: ${JSON.stringify(report.refused.slice(0, 3))}`);
    const lines = Number((await t.db.writer('journal_lines').count({ n: '*' }).first())?.n);
    const { token } = await createToken(t.db, { role: 'viewer', name: 'bench', createdBy: 'bench' });
    await t.db.close();
    const rawKnex = t.raw();
    const raw = await rawInsert(rawKnex, csv).finally(() => rawKnex.destroy());
    const importRate = Math.round(report.booked / importSeconds);
    const rawRate = Math.round(raw.rows / raw.seconds);
    console.log(`imported ${report.booked} events (${lines} journal lines) at ${importRate} events/s; raw batched insert of the same rows: ${rawRate} rows/s`);

    const service = await startService(t.env);
    const base = `http://127.0.0.1:${service.port}/api/v1`;
    const amount = quick ? 20 : 50;
    const reads = {
      fund: await latency(`${base}/funds/PHX`, token, amount * 4),
      overviewReport: await latency(`${base}/reports/overview?format=json`, token, amount),
      leverageReport: await latency(`${base}/reports/leverage?format=json`, token, amount),
      trialBalance: await latency(`${base}/ledger/trial-balance`, token, amount),
      asOfReport: await latency(`${base}/reports/trial-balance?format=json&asOf=2019-04-30`, token, Math.max(5, amount / 5)),
      trialBalanceAsOfMonthEnd: await latency(`${base}/ledger/trial-balance?asOf=2019-04-30`, token, amount),
      trialBalanceAsOfMidMonth: await latency(`${base}/ledger/trial-balance?asOf=2019-04-15`, token, amount),
    };
    const rss = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${service.child.pid}/status`, 'utf8'))?.[1];
    service.child.kill('SIGTERM');
    const database = usePg ? 'postgresql' : 'sqlite';
    console.table(reads);
    recordResult(`reads-${database}`, {
      events: report.booked,
      journalLines: lines,
      import: { eventsPerSecond: importRate, seconds: Math.round(importSeconds), rawBatchedRowsPerSecond: rawRate, ratio: Math.round((importRate / rawRate) * 1000) / 1000 },
      reads,
      servicePeakRssMb: Math.round(Number(rss ?? 0) / 1024),
    });
  } finally {
    await t.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
