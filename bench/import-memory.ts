/**
 * Peak memory of `phoenix import events` on a large file: generates a valid events file of about
 * --mb megabytes (default 50), prepares a temporary SQLite database, then runs the command in a
 * child process and samples its peak resident memory (VmHWM) from /proc. The importer streams the
 * file twice (check, then book), so the peak should not grow with the file (target: < 200 MB).
 * Run: npx tsx bench/import-memory.ts [--mb N]   (writes bench/results/import-memory.json)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config';
import { Database } from '../src/data/database';
import { generate, prepare } from './event-file';
import { recordResult } from './results';

/** Bytes per generated row, near enough to size the file; the real size is measured and reported. */
const BYTES_PER_ROW = 59;

function argMb(): number {
  const at = process.argv.indexOf('--mb');
  const mb = at > 0 ? Number(process.argv[at + 1]) : 50;
  if (!Number.isInteger(mb) || mb < 1 || mb > 1000) throw new Error('--mb must be a whole number from 1 to 1000');
  return mb;
}

async function main(): Promise<void> {
  const mb = argMb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-bench-'));
  const dbFile = path.join(dir, 'bench.sqlite');
  const env = { ...process.env, DATABASE_URL: '', PHOENIX_DB: dbFile, LOG_LEVEL: 'silent', PHOENIX_SQLITE_SYNC: 'NORMAL' };
  try {
    const db = Database.open(loadConfig(env).database);
    const csvFile = path.join(dir, 'events.csv');
    try {
      fs.writeFileSync(csvFile, generate(Math.ceil((mb * 1e6) / BYTES_PER_ROW), await prepare(db)));
    } finally {
      await db.close();
    }
    const bytes = fs.statSync(csvFile).size;
    console.log(`importing ${(bytes / 1e6).toFixed(1)} MB of events with \`phoenix import events\` in a child process`);
    const started = process.hrtime.bigint();
    const out = fs.openSync(path.join(dir, 'outcomes.txt'), 'w');
    // The compiled command when built (what users run: no tsx in memory), else the sources through tsx.
    const cli = fs.existsSync('dist/src/cli.js') ? ['dist/src/cli.js'] : ['-r', 'tsx/cjs', 'src/cli.ts'];
    const child = spawn(process.execPath, [...cli, 'import', 'events', csvFile], { env, stdio: ['ignore', out, 'inherit'] });
    let peakKb = 0;
    const timer = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // the child has exited between samples
      }
    }, 50);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearInterval(timer);
    fs.closeSync(out);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const outcomes = fs.readFileSync(path.join(dir, 'outcomes.txt'), 'utf8').trimEnd().split('\n');
    const summary = outcomes.find((l) => / rows: /.test(l)) ?? '';
    if (code !== 0) throw new Error(`import exited with ${code}: ${outcomes.slice(-5).join(' | ')}`);
    const result = {
      command: `npx tsx bench/import-memory.ts --mb ${mb}`,
      note: `child process \`phoenix import events FILE\` (${cli[0]}, SQLite synchronous=NORMAL), stdout to a file; peak RSS is the child VmHWM`,
      fileMb: Math.round(bytes / 1e5) / 10,
      summary,
      seconds: Math.round(seconds),
      peakRssMb: Math.round(peakKb / 102.4) / 10,
    };
    fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    fs.writeFileSync(path.join(__dirname, 'results', 'import-memory.json'), `${JSON.stringify(result, null, 2)}\n`);
    recordResult('import-memory', result);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
