/**
 * Imports generated events through `phoenix import events` logic (in process, group commit on a
 * temporary SQLite file), then exports the whole journal with `phoenix report journal` in a child
 * process (hledger, then CSV), sampling the child's peak resident memory (VmHWM) from /proc.
 * Run: npx tsx bench/import-export.ts [--events N]   (default 100,000; writes bench/results/import-export.json)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { loadConfig } from '../src/config';
import { Database } from '../src/data/database';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../src/import/import-events-file';
import { generate, prepare } from './event-file';
import { recordResult } from './results';

/** A fresh database stores no approval policy: every row is booked, as the CLI books them. */
const BENCH_APPROVALS = { mode: 'refuse', gate: { defaults: 'off', today: '2019-12-31', proposalTtlHours: 168 } } as const;

function argEvents(): number {
  const at = process.argv.indexOf('--events');
  const n = at > 0 ? Number(process.argv[at + 1]) : 100_000;
  if (!Number.isInteger(n) || n < 200) throw new Error('--events must be a whole number of at least 200');
  return n;
}

/** Runs `phoenix report journal` in a child process; its peak RSS is read from /proc while it runs. */
async function exportJournal(dbFile: string, format: 'hledger' | 'csv', out: string): Promise<{ seconds: number; peakRssMb: number; lines: number; bytes: number }> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', 'src/cli.ts', 'report', 'journal', '--format', format, '--out', out], {
    env: { ...process.env, DATABASE_URL: '', PHOENIX_DB: dbFile, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let peakKb = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKb = Math.max(peakKb, Number(match[1]));
    } catch {
      // the child has exited between samples
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`export exited with ${code}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let lines = 0;
  for await (const _ of readline.createInterface({ input: fs.createReadStream(out) })) lines += 1;
  return { seconds, peakRssMb: Math.round(peakKb / 102.4) / 10, lines, bytes: fs.statSync(out).size };
}

async function main(): Promise<void> {
  const events = argEvents();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-bench-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: dbFile, LOG_LEVEL: 'silent' });
  const db = Database.open(config.database, { groupCommitMaxBatch: config.groupCommitMaxBatch });
  try {
    const screenings = await prepare(db);
    const csv = generate(events, screenings);
    const csvFile = path.join(dir, 'events.csv');
    fs.writeFileSync(csvFile, csv);
    const rows = csv.split('\n').length - 2;
    console.log(`importing ${rows} events into ${dbFile} (synchronous=${config.database.client === 'sqlite' ? config.database.synchronous : 'n/a'})`);
    const started = process.hrtime.bigint();
    let last = 0;
    const report = await importEventsCsv(db, csv, {
      source: 'bench.csv',
      events: { clock: systemClock, today: '2019-12-31', screeningValidityDays: 180 }, approvals: BENCH_APPROVALS,
      onProgress: (done) => {
        if (done - last >= 10_000) {
          last = done;
          console.log(`  ${done} rows, ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
        }
      },
    });
    const importSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (report.refused.length > 0) throw new Error(`refused rows: ${JSON.stringify(report.refused.slice(0, 5))}`);
    const rerunStarted = process.hrtime.bigint();
    const rerun = await importEventsCsv(db, csv, { source: 'bench.csv', events: { clock: systemClock, today: '2019-12-31', screeningValidityDays: 180 }, approvals: BENCH_APPROVALS });
    const rerunSeconds = Number(process.hrtime.bigint() - rerunStarted) / 1e9;
    await db.close();
    console.log(`imported ${report.booked} events in ${importSeconds.toFixed(1)} s (${Math.round(report.booked / importSeconds)} events/s); re-run: ${rerun.replayed} replayed, ${rerun.booked} booked in ${rerunSeconds.toFixed(1)} s`);

    const hledger = await exportJournal(dbFile, 'hledger', path.join(dir, 'journal.journal'));
    console.log(`hledger export: ${hledger.lines} lines, ${(hledger.bytes / 1e6).toFixed(0)} MB in ${hledger.seconds.toFixed(1)} s, peak RSS ${hledger.peakRssMb} MB`);
    const csvExport = await exportJournal(dbFile, 'csv', path.join(dir, 'journal.csv'));
    console.log(`CSV export: ${csvExport.lines} lines, ${(csvExport.bytes / 1e6).toFixed(0)} MB in ${csvExport.seconds.toFixed(1)} s, peak RSS ${csvExport.peakRssMb} MB`);

    const result = {
      command: `npx tsx bench/import-export.ts --events ${events}`,
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
      database: { client: 'sqlite', synchronous: config.database.client === 'sqlite' ? config.database.synchronous : null, groupCommitMaxBatch: config.groupCommitMaxBatch },
      import: { events: report.booked, seconds: round(importSeconds), eventsPerSecond: Math.round(report.booked / importSeconds), concurrency: 512 },
      rerun: { replayed: rerun.replayed, booked: rerun.booked, seconds: round(rerunSeconds) },
      export: {
        note: 'child process `phoenix report journal --out FILE`, wall time including process start; peak RSS is the child VmHWM',
        hledger: { ...hledger, seconds: round(hledger.seconds) },
        csv: { ...csvExport, seconds: round(csvExport.seconds) },
      },
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'import-export.json'), `${JSON.stringify(result, null, 2)}\n`);
    recordResult('import-export', result);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
