import { expect } from 'chai';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BIN = path.resolve(__dirname, '../../bin/phoenix.js');

/** Runs the installed `phoenix` command (the package bin over the compiled build) on a temp SQLite file. */
async function phoenix(dir: string, ...args: string[]): Promise<{ stdout: string; code: number }> {
  const env = { ...process.env, PHOENIX_DB: path.join(dir, 'ledger.sqlite'), DATABASE_URL: '', LOG_LEVEL: 'silent' };
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
    return { stdout, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; code?: number };
    return { stdout: e.stdout ?? '', code: e.code ?? 1 };
  }
}

describe('the phoenix command', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('token create prints only the token, once', async () => {
    const { stdout, code } = await phoenix(dir, 'token', 'create', '--role', 'viewer', '--name', 'auditor');
    expect(code).to.equal(0);
    expect(stdout).to.match(/^phx_[A-Za-z0-9_-]{43}\n$/);
  });

  it('refuses an unknown role with a usage error', async () => {
    const { code } = await phoenix(dir, 'token', 'create', '--role', 'root', '--name', 'x');
    expect(code).to.not.equal(0);
  });

  it('migrate, seed and verify a new database', async () => {
    expect((await phoenix(dir, 'migrate')).stdout).to.match(/^applied: /);
    expect((await phoenix(dir, 'migrate')).stdout.trim()).to.equal('database is up to date');
    expect((await phoenix(dir, 'seed', '--set', 'reference')).stdout.trim()).to.equal('seeded: reference:2018-12-article');
    const verify = await phoenix(dir, 'verify');
    expect(verify.code).to.equal(0);
    expect(JSON.parse(verify.stdout)).to.include({ ok: true, entries: 0 });
  });
});
