/**
 * `npm run bench [-- --quick]`: every benchmark, one after another (never side by side: each
 * needs the machine to itself), each printing its table; figures merge into
 * bench/results/latest.json. --quick shortens each run to fit the whole suite in about 3 minutes.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const quick = process.argv.includes('--quick');
const ROOT = path.resolve(__dirname, '..');

const runs: Array<[string, string[]]> = [
  ['posting, SQLite', ['bench/posting.ts', ...(quick ? ['--quick'] : [])]],
  ['posting, PostgreSQL', ['bench/posting.ts', '--pg', ...(quick ? ['--quick'] : [])]],
  ['import through the writer, SQLite', ['bench/import.ts', '--events', quick ? '3000' : '20000']],
  ['import through the writer, PostgreSQL', ['bench/import.ts', '--pg', '--events', quick ? '3000' : '20000']],
  ['balances at a past date, SQLite', ['bench/as-of.ts', ...(quick ? ['--lines', '100000'] : [])]],
  ['balances at a past date, PostgreSQL', ['bench/as-of.ts', '--pg', ...(quick ? ['--lines', '100000'] : [])]],
  ['start to healthy', ['bench/start.ts']],
  ['reads at scale, SQLite', ['bench/reads.ts', ...(quick ? ['--quick'] : [])]],
  ['reads at scale, PostgreSQL', ['bench/reads.ts', '--pg', ...(quick ? ['--quick'] : [])]],
  ['import and journal export', ['bench/import-export.ts', '--events', quick ? '3000' : '100000']],
  ['screening 5,000 applicants', ['bench/screening-batch.ts']],
];

let failed = 0;
for (const [name, args] of runs) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--require', 'tsx/cjs', ...args], { cwd: ROOT, stdio: 'inherit' });
  console.log(`== ${name}: ${result.status === 0 ? 'done' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
