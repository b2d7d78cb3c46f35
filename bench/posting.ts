/**
 * Posting throughput: autocannon, 32 connections, expense events through the full HTTP path of the
 * service (auth, validation, rules, ledger, audit, group commit) against the naive server in
 * naive-server.ts, in the same run. Both servers run as child processes; the service's peak RSS is
 * read from /proc. Usage: npx tsx bench/posting.ts [--quick] [--pg]
 * PHOENIX_BENCH_NODE_ARGS passes flags to the service's node (e.g. "--cpu-prof --cpu-prof-dir=prof").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import knexFactory from 'knex';
import { Database } from '../src/data/database';
import { runSeeds } from '../seeds';
import { createToken } from '../src/application/token-service';
import { callCapital, recordCommitment, recordPayment } from '../src/application/fund-event-service';
import { createInvestor } from '../src/application/fund-service';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { recordResult } from './results';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const usePg = process.argv.includes('--pg');
const PG_URL = process.env.PHOENIX_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DURATION = quick ? 5 : 15;
const SERVICE_NODE_ARGS = (process.env.PHOENIX_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface Target {
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

async function prepareService(dir: string): Promise<Target & { token: string }> {
  const schema = `bench_${process.pid}`;
  const env: NodeJS.ProcessEnv = usePg
    ? { DATABASE_URL: PG_URL, PHOENIX_DB_SCHEMA: schema }
    : { PHOENIX_DB: path.join(dir, 'service.sqlite'), DATABASE_URL: '' };
  if (usePg) await pgAdmin((k) => k.raw(`CREATE SCHEMA ${schema}`));
  const db = usePg
    ? Database.open({ client: 'pg', url: PG_URL, schema, poolSize: 4 })
    : Database.open({ client: 'sqlite', filename: env.PHOENIX_DB as string, synchronous: 'FULL' });
  await db.migrate();
  await runSeeds(db, 'reference');
  const ctx = { actor: { tokenId: 0, name: 'bench', role: 'admin' as const }, requestId: 'bench', now: new Date() };
  const options = { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 };
  await createInvestor(db, ctx, { code: 'BENCH-GOV', name: 'bench', category: 'government_fund', capitalClass: 'government' });
  await recordCommitment(db, ctx, 'PHX', { investor: 'BENCH-GOV', amount: '2000000000.00', date: '2019-01-01' }, options);
  const called = await callCapital(db, ctx, 'PHX', { amount: '2000000000.00', date: '2019-01-02', dueDate: '2019-01-31' }, options);
  if (called.replayed) throw new Error('a fresh bench database replayed a call');
  await recordPayment(db, ctx, called.result.id, { investor: 'BENCH-GOV', amount: '2000000000.00', date: '2019-01-03' }, options);
  const { token } = await createToken(db, { role: 'fund_manager', name: 'bench', createdBy: 'bench' });
  await db.close();
  return { env, token, cleanup: async () => (usePg ? pgAdmin((k) => k.raw(`DROP SCHEMA ${schema} CASCADE`)) : undefined) };
}

async function prepareNaive(dir: string): Promise<Target> {
  const schema = `naive_${process.pid}`;
  if (usePg) await pgAdmin((k) => k.raw(`CREATE SCHEMA ${schema}`));
  return {
    env: usePg ? { DATABASE_URL: PG_URL, PHOENIX_DB_SCHEMA: schema } : { PHOENIX_DB: path.join(dir, 'naive.sqlite'), DATABASE_URL: '' },
    cleanup: async () => (usePg ? pgAdmin((k) => k.raw(`DROP SCHEMA ${schema} CASCADE`)) : undefined),
  };
}

async function pgAdmin(work: (k: ReturnType<typeof knexFactory>) => Promise<unknown>): Promise<void> {
  const k = knexFactory({ client: 'pg', connection: PG_URL });
  try {
    await work(k);
  } finally {
    await k.destroy();
  }
}

/** Starts a server process on a free port and resolves once `probePath` answers. */
async function start(args: string[], env: NodeJS.ProcessEnv, probePath: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PHOENIX_SEED: 'none', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${probePath}`);
      if (res.status < 500) return { child, port };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start in 30 s');
}

/** CPU seconds (user + system) the process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function load(url: string, headers: Record<string, string>, body: string) {
  const result = await autocannon({ url, method: 'POST', connections: 32, duration: DURATION, headers: { 'content-type': 'application/json', ...headers }, body });
  return {
    eventsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-bench-'));
  const body = JSON.stringify({ amount: '0.01', date: '2019-03-01', kind: 'bench' });
  const service = await prepareService(dir);
  const running = await start([...SERVICE_NODE_ARGS, 'dist/src/cli.js', 'serve'], service.env, '/api/v1/health');
  const cpuBefore = cpuSeconds(running.child.pid!);
  const ours = await load(`http://127.0.0.1:${running.port}/api/v1/funds/PHX/expenses`, { authorization: `Bearer ${service.token}` }, body);
  const cpuMsPerEvent = Math.round(((cpuSeconds(running.child.pid!) - cpuBefore) * 1000 * 100) / Math.max(1, ours.total)) / 100;
  const rssMb = peakRssMb(running.child.pid!);
  running.child.kill('SIGTERM');
  const naiveTarget = await prepareNaive(dir);
  const naive = await start(['--require', 'tsx/cjs', 'bench/naive-server.ts'], naiveTarget.env, '/health');
  const baseline = await load(`http://127.0.0.1:${naive.port}/expenses`, {}, body);
  naive.child.kill('SIGTERM');
  await Promise.all([service.cleanup(), naiveTarget.cleanup()]);
  fs.rmSync(dir, { recursive: true, force: true });
  const database = usePg ? 'postgresql' : 'sqlite';
  const ratio = Math.round((ours.eventsPerSecond / Math.max(1, baseline.eventsPerSecond)) * 100) / 100;
  console.table({ service: { ...ours, rssMb, cpuMsPerEvent }, naive: baseline });
  console.log(
    `posting on ${database}: ${ours.eventsPerSecond} events/s vs naive ${baseline.eventsPerSecond} (${ratio}x); p99 ${ours.p99Ms} ms; non-2xx ${ours.non2xx}; ` +
      `peak RSS ${rssMb} MB; service CPU ${cpuMsPerEvent} ms per event`,
  );
  recordResult(`posting-${database}`, { durationSeconds: DURATION, connections: 32, service: { ...ours, peakRssMb: rssMb, cpuMsPerEvent }, naive: baseline, ratio });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
