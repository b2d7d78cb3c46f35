import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createToken } from '../../src/application/token-service';
import { Database } from '../../src/data/database';
import type { Role } from '../../src/domain/access/roles';

/**
 * The real `phoenix` command as a child process, run from the TypeScript sources through tsx
 * (so no build is needed, and a signal reaches the server itself, not a wrapper). Only
 * 127.0.0.1; every wait is bounded.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const CLI = ['-r', 'tsx/cjs', path.join(ROOT, 'src', 'cli.ts')];

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `phoenix-${prefix}-`));
}

function childEnv(file: string, env: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, DATABASE_URL: '', PHOENIX_DB: file, LOG_LEVEL: 'silent', PHOENIX_SEED: 'reference', ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `phoenix ARGS` against the SQLite file and waits (at most `timeoutMs`) for it to exit. */
export function runCli(file: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env: childEnv(file, env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`phoenix ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Log lines the server printed (JSON). */
  logs: string[];
}

/** Starts `phoenix serve` on the file at a free port and waits until it listens. */
export async function startServer(file: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(process.execPath, [...CLI, 'serve'], {
    cwd: ROOT,
    env: childEnv(file, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not listen in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.stderr!.on('data', (d) => (stderr += d));
    child.stdout!.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (logs.length < 10_000) logs.push(line);
        const listening = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(line);
        if (listening) {
          clearTimeout(timer);
          resolve(listening[1]);
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
  return { url, process: child, exited, logs };
}

/** Migrates the file and issues a token for a role, as an operator would with `phoenix token create`. */
export async function prepareDatabase(file: string, role: Role = 'fund_manager'): Promise<string> {
  const db = Database.open({ client: 'sqlite', filename: file, synchronous: 'FULL' });
  try {
    await db.migrate();
    return (await createToken(db, { role, name: `child-${role}`, createdBy: 'test' })).token;
  } finally {
    await db.close();
  }
}

/** A plain knex connection to the file, as another process or tool would open it. */
export function openFile(file: string): Knex {
  return knexFactory({ client: 'sqlite3', connection: { filename: file }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
}

export interface JsonResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * One request on a connection of its own (no keep-alive pool), so a test knows exactly which
 * requests were in flight. Rejects on a connection error or after `timeoutMs`.
 */
export function call(
  url: string,
  method: string,
  pathname: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      `${url}/api/v1${pathname}`,
      {
        method,
        agent: false,
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let body: Record<string, unknown> = {};
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${pathname} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
