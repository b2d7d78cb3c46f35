import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { expect } from 'chai';
import knexFactory from 'knex';
import type { Command } from 'commander';
import { buildCli, main } from '../../src/cli';
import { Database } from '../../src/data/database';
import { loadConfig } from '../../src/config';
import { signIn } from '../../src/application/session-service';
import { tokenAuthenticator } from '../../src/application/token-service';
import { TEST_DIALECT } from '../helpers/database';

const PG_URL = process.env.PHOENIX_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LIMITS = { idleMs: 60_000, absoluteMs: 3_600_000 };

/**
 * `phoenix user …` and `phoenix token create` as an operator runs them, on the suite's database:
 * a temporary SQLite file, or a schema of its own in the PostgreSQL test database.
 */
describe(`phoenix user and token commands (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let dir: string;
  let saved: NodeJS.ProcessEnv;
  let schema: string | null = null;
  let output: string[];
  let errors: string[];
  let log: typeof console.log;
  let error: typeof console.error;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-users-'));
    saved = { ...process.env };
    if (TEST_DIALECT === 'pg') {
      schema = `t_${randomBytes(6).toString('hex')}`;
      await withAdmin((k) => k.raw(`CREATE SCHEMA ${schema}`));
      process.env.DATABASE_URL = PG_URL;
      process.env.PHOENIX_DB_SCHEMA = schema;
    } else {
      process.env.DATABASE_URL = '';
      process.env.PHOENIX_DB = path.join(dir, 'ledger.sqlite');
      process.env.PHOENIX_SQLITE_SYNC = 'NORMAL';
    }
    output = [];
    errors = [];
    log = console.log;
    error = console.error;
    console.log = (...args: unknown[]) => output.push(args.join(' '));
    console.error = (...args: unknown[]) => errors.push(args.join(' '));
  });
  afterEach(async () => {
    console.log = log;
    console.error = error;
    process.env = saved;
    process.exitCode = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    if (schema) await withAdmin((k) => k.raw(`DROP SCHEMA ${schema} CASCADE`));
    schema = null;
  });

  async function withAdmin(work: (k: ReturnType<typeof knexFactory>) => Promise<unknown>): Promise<void> {
    const k = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
    try {
      await work(k);
    } finally {
      await k.destroy();
    }
  }

  /** Every command throws instead of exiting the test process on a usage error. */
  const throwing = (command: Command): Command => {
    command.exitOverride().configureOutput({ writeErr: () => undefined });
    command.commands.forEach(throwing);
    return command;
  };
  /** Runs `work` with standard output captured too (token create writes the token there). */
  const capturing = async (work: () => Promise<unknown>): Promise<void> => {
    const stdout = process.stdout.write;
    process.stdout.write = ((chunk: string) => output.push(String(chunk).trimEnd()) > 0) as typeof process.stdout.write;
    try {
      await work();
    } finally {
      process.stdout.write = stdout;
    }
  };
  const phoenix = (...args: string[]) => capturing(() => throwing(buildCli()).parseAsync(['node', 'phoenix', ...args]));
  /** Through `main`, as the installed command runs: usage and domain errors become one line and exit 2. */
  const command = (...args: string[]) => capturing(() => main(['node', 'phoenix', ...args]));
  const withDb = async <T>(work: (db: Database) => Promise<T>): Promise<T> => {
    const db = Database.open(loadConfig().database);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  };
  const passwordFile = (password: string) => {
    const file = path.join(dir, `pw-${randomBytes(4).toString('hex')}`);
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
    return file;
  };
  const canSignIn = (username: string, password: string) =>
    withDb(async (db) => (await signIn(db, LIMITS, { username, password, now: new Date(), requestId: 'test' })) !== null);
  const actorOf = (token: string) => withDb((db) => tokenAuthenticator(db, () => new Date(), { cacheMs: 0 })(token));

  it('creates the first admin from a password file, who then signs in; prints the user, never the password', async () => {
    await phoenix('user', 'create', '--username', 'admin.wang', '--role', 'admin', '--display-name', '王管理员', '--password-file', passwordFile('first admin passphrase'));
    const printed = JSON.parse(output.join('\n'));
    expect(printed).to.include({ username: 'admin.wang', displayName: '王管理员', role: 'admin', kind: 'person', disabled: false, createdBy: 'cli' });
    expect(output.join('\n')).to.not.contain('first admin passphrase');
    expect(await canSignIn('admin.wang', 'first admin passphrase')).to.equal(true);
    expect(await canSignIn('admin.wang', 'first admin passphrase\n')).to.equal(false);
    const audit = await withDb((db) => db.writer('audit_log').where({ action: 'user.create' }).select('actor', 'target', 'detail'));
    expect(audit).to.have.length(1);
    expect(audit[0]).to.include({ actor: 'cli', target: `users/${printed.id}` });
  });

  it('refuses a short password, an unknown role and a password on the command line, creating no user', async () => {
    await command('user', 'create', '--username', 'li.wei', '--role', 'viewer', '--password-file', passwordFile('short'));
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/password: must be 12 to 256 characters/);
    const refusal = async (...args: string[]) => {
      try {
        await phoenix(...args);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(await refusal('user', 'create', '--username', 'li.wei', '--role', 'root', '--password-file', passwordFile('long enough passphrase'))).to.match(
      /must be one of admin, fund_manager, risk_officer, viewer, approver/,
    );
    expect(await refusal('user', 'create', '--username', 'li.wei', '--role', 'viewer', '--password', 'long enough passphrase')).to.match(/unknown option '--password'/);
    const users = await withDb(async (db) => {
      await db.migrate();
      return db.writer('users').select('username');
    });
    expect(users).to.deep.equal([]);
  });

  it('lists, disables, enables and resets the password of a user by username', async () => {
    await phoenix('user', 'create', '--username', 'li.wei', '--role', 'fund_manager', '--password-file', passwordFile('first long passphrase'));
    // A token in a person's name needs that person's own password.
    await phoenix('token', 'create', '--role', 'fund_manager', '--name', 'li laptop', '--user', 'li.wei', '--password-file', passwordFile('first long passphrase'));
    const token = output[output.length - 1];
    output.length = 0;
    await phoenix('user', 'list');
    expect(output.join('\n').split('\n').map((l) => l.split('\t').slice(1, 5).join(' '))).to.deep.equal(['li.wei fund_manager person enabled']);
    await phoenix('user', 'disable', 'LI.WEI');
    expect(output[output.length - 1]).to.match(/\tli\.wei\tfund_manager\tperson\tdisabled\t/);
    expect(await canSignIn('li.wei', 'first long passphrase')).to.equal(false);
    expect(await actorOf(token)).to.equal(null);
    await phoenix('user', 'enable', 'li.wei');
    expect(await actorOf(token)).to.include({ name: 'li.wei', username: 'li.wei', role: 'fund_manager', via: 'token' });
    await phoenix('user', 'reset-password', 'li.wei', '--password-file', passwordFile('second long passphrase'));
    expect(await canSignIn('li.wei', 'first long passphrase')).to.equal(false);
    expect(await canSignIn('li.wei', 'second long passphrase')).to.equal(true);
    const actions = await withDb((db) => db.writer('audit_log').where('action', 'like', 'user.%').orderBy('id').pluck('action'));
    expect(actions).to.deep.equal(['user.create', 'user.disable', 'user.enable', 'user.reset_password']);
    await command('user', 'disable', 'nobody');
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/user nobody does not exist/);
  });

  it('token create keeps working for automation: it makes a service user named after the token, reused by the next token of that name', async () => {
    await phoenix('token', 'create', '--role', 'viewer', '--name', 'nightly report');
    await phoenix('token', 'create', '--role', 'viewer', '--name', 'nightly report');
    const [first, second] = output.filter((line) => line.startsWith('phx_'));
    expect(first).to.match(/^phx_[A-Za-z0-9_-]{43}$/);
    const users = await withDb((db) => db.writer('users').select('username', 'kind', 'role', 'password_hash'));
    expect(users).to.deep.equal([{ username: 'nightly report', kind: 'service', role: 'viewer', password_hash: null }]);
    for (const token of [first, second]) expect(await actorOf(token)).to.include({ name: 'nightly report', role: 'viewer' });
    // A service user signs in with no password at all.
    expect(await canSignIn('nightly report', '')).to.equal(false);
    await command('token', 'create', '--role', 'admin', '--name', 'nightly report');
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/A user named nightly report exists \(service, viewer\)/);
  });

  it('token create --user issues a token to a person only in that person\'s role, on their own password', async () => {
    await phoenix('user', 'create', '--username', 'zhao.lei', '--role', 'risk_officer', '--password-file', passwordFile('risk officer passphrase'));
    const own = passwordFile('risk officer passphrase');
    await command('token', 'create', '--role', 'admin', '--name', 'zhao script', '--user', 'zhao.lei', '--password-file', own);
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/role: must be the role of user zhao\.lei \(risk_officer\)/);
    process.exitCode = undefined;
    await command('token', 'create', '--role', 'risk_officer', '--name', 'x', '--user', 'nobody', '--password-file', own);
    expect(process.exitCode).to.equal(2);
    process.exitCode = undefined;
    // An operator who does not know zhao.lei's password cannot issue a token in that name.
    await command('token', 'create', '--role', 'risk_officer', '--name', 'posing', '--user', 'zhao.lei', '--password-file', passwordFile('a guess at the passphrase'));
    expect(process.exitCode).to.equal(2);
    expect(errors.join('\n')).to.match(/the password is not zhao\.lei's/);
    expect(await withDb((db) => db.writer('api_tokens').where({ name: 'posing' }))).to.deep.equal([]);
    process.exitCode = undefined;
    await phoenix('token', 'create', '--role', 'risk_officer', '--name', 'zhao script', '--user', 'zhao.lei', '--password-file', own);
    const token = output[output.length - 1];
    expect(await actorOf(token)).to.include({ name: 'zhao.lei', username: 'zhao.lei', role: 'risk_officer' });
  });

  it('the installed command reads a password piped on standard input', async () => {
    const bin = path.resolve(__dirname, '../../bin/phoenix.js');
    // The child gets this test's database from the environment: the SQLite file or the pg schema.
    const env = { ...process.env, LOG_LEVEL: 'silent' };
    const child = spawn(process.execPath, [bin, 'user', 'create', '--username', 'piped', '--role', 'viewer'], { env });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stdin.end('a piped long passphrase\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).to.equal(0);
    expect(JSON.parse(out)).to.include({ username: 'piped' });
    expect(await canSignIn('piped', 'a piped long passphrase')).to.equal(true);
  });
});
