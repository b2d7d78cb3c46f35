#!/usr/bin/env node
'use strict';
// `npm start` runs this first: it rebuilds only when a source file is newer than the last build,
// so a built checkout starts without paying for the compiler (seconds) on every start.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const SOURCES = ['src', 'migrations', 'seeds', 'reports'];
const CONFIG = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** The newest modification time (ms) under `dir`, or 0 when it is absent. */
function newest(dir) {
  let stat;
  try {
    stat = fs.statSync(dir);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const name of fs.readdirSync(dir)) latest = Math.max(latest, newest(path.join(dir, name)));
  return latest;
}

function stampTime() {
  try {
    return fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli.js')) ? fs.statSync(STAMP).mtimeMs : 0;
  } catch {
    return 0;
  }
}

const sourcesMs = Math.max(...SOURCES.map((d) => newest(path.join(ROOT, d))), ...CONFIG.map((f) => newest(path.join(ROOT, f))));
if (stampTime() >= sourcesMs) process.exit(0);
// The stamp carries the time the build started, so a file saved during the build counts as newer.
const started = new Date();
const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
fs.writeFileSync(STAMP, `${started.toISOString()}\n`);
fs.utimesSync(STAMP, started, started);
