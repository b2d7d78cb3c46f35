import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const FILE = path.join(__dirname, 'results', 'latest.json');

/** Merges one benchmark's figures into bench/results/latest.json, with the machine it ran on. */
export function recordResult(name: string, figures: object): void {
  const current = fs.existsSync(FILE) ? (JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, unknown>) : {};
  current[name] = { ...figures, measuredAt: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version } };
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  fs.writeFileSync(FILE, `${JSON.stringify(current, null, 2)}\n`);
}
