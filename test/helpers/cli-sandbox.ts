import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildCli, main } from '../../src/cli';
import { loadConfig } from '../../src/config';
import { Database } from '../../src/data/database';
import { createInvestor } from '../../src/application/fund-service';
import { seedContext } from '../../seeds/seed-step';

/** What a test of the `phoenix` command works with: its own SQLite file, the captured output. */
export interface CliSandbox {
  readonly dir: string;
  readonly output: string[];
  readonly errors: string[];
  /** Runs the command; a usage error throws instead of exiting. */
  phoenix(...args: string[]): Promise<unknown>;
  /** Through `main`, as the installed command runs: usage and domain errors become one line and exit 2. */
  command(...args: string[]): Promise<void>;
  /** Writes a file into the sandbox's folder and answers its path. */
  write(name: string, lines: string[] | Buffer): string;
  withDb<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

/**
 * Registers the hooks of a CLI test (call it inside `describe`): before each test a fresh folder
 * and SQLite file, the reference seed and the investor LP-A, console output captured; after it
 * everything restored. `env` is added to the environment of each test.
 */
export function useCliSandbox(env: Record<string, string> = {}): CliSandbox {
  let dir = '';
  let saved: NodeJS.ProcessEnv = {};
  let log: typeof console.log;
  let error: typeof console.error;
  const output: string[] = [];
  const errors: string[] = [];
  const withDb = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
    const db = Database.open(loadConfig().database);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const sandbox: CliSandbox = {
    get dir() {
      return dir;
    },
    output,
    errors,
    phoenix: (...args) => buildCli().exitOverride().parseAsync(['node', 'phoenix', ...args]),
    command: (...args) => main(['node', 'phoenix', ...args]),
    write(name, lines) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, Array.isArray(lines) ? lines.join('\n') : lines);
      return file;
    },
    withDb,
  };
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-cli-'));
    saved = { ...process.env };
    Object.assign(process.env, { DATABASE_URL: '', PHOENIX_DB: path.join(dir, 'ledger.sqlite'), PHOENIX_SQLITE_SYNC: 'NORMAL', ...env });
    output.length = 0;
    errors.length = 0;
    log = console.log;
    error = console.error;
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
    await sandbox.phoenix('seed');
    await withDb((db) => createInvestor(db, seedContext('test'), { code: 'LP-A', name: '测试出资人', category: 'private', capitalClass: 'social' }));
    output.length = 0;
  });
  afterEach(() => {
    console.log = log;
    console.error = error;
    process.env = saved;
    process.exitCode = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return sandbox;
}
