/**
 * Start to healthy: how long `npm start` takes, on a built checkout, from the spawn until
 * /api/v1/health answers (the prestart build check, the migrations of an up-to-date database and
 * the listen). Usage: npx tsx bench/start.ts [--pg]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordResult } from './results';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 5;

async function startOnce(env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PHOENIX_SEED: 'none', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
        if (res.status === 200) return Number((process.hrtime.bigint() - started) / 1_000_000n);
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    // npm starts node as its child: the whole process group goes.
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-start-'));
  const env = { PHOENIX_DB: path.join(dir, 'start.sqlite'), DATABASE_URL: '' };
  const first = await startOnce(env);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push(await startOnce(env));
  fs.rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`start to healthy (npm start, built checkout, SQLite): first start (fresh database, migrations) ${first} ms; then median ${median} ms, max ${times[times.length - 1]} ms over ${RUNS} starts`);
  recordResult('start-to-healthy', { firstStartMs: first, medianMs: median, maxMs: times[times.length - 1], runs: RUNS });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
