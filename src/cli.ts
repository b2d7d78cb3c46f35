import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config';
import { Database } from './data/database';
import { migrateLatest, migrateRollbackAll, migrationStatus } from './data/migrator';
import { confirmUserPassword, createToken, listTokens, revokeToken } from './application/token-service';
import { readPassword } from './cli/password-input';
import { BackupError, backupDatabase, restoreDatabase } from './data/backup';
import { verifyLedger } from './application/journal-service';
import { loadDigestKey, readDigestFile } from './data/digest-files';
import { digestSignatureValid } from './domain/ledger/digest';
import { DomainError } from './domain/errors';
import { isRole, ROLES } from './domain/access/roles';
import { startServer } from './server';
import { runSeeds } from '../seeds';
import { createLogger } from './logger';
import { packageVersion } from './version';
import { registerReportCommand } from './cli/report-command';
import { registerImportCommands } from './cli/import-command';
import { registerNoticesCommands } from './cli/notices-command';
import { registerUserCommands } from './cli/user-command';

/** Opens the configured database, runs `work`, and always closes it. */
async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = Database.open(config.database);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

function parseRole(value: string): string {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
}

function parseId(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new InvalidArgumentError('must be a token id (a positive whole number)');
  return Number(value);
}

function parseDays(value: string): number {
  if (!/^[1-9][0-9]{0,4}$/.test(value)) throw new InvalidArgumentError('must be a whole number of days');
  return Number(value);
}

export function buildCli(): Command {
  const program = new Command('phoenix')
    .description('Phoenix Fund Ledger (凤凰基金台账): books, leverage, screening and reports')
    .version(packageVersion());

  program
    .command('migrate')
    .description('apply pending database migrations (or list them)')
    .option('--status', 'list applied and pending migrations without changing anything')
    .option('--rollback-all', 'roll every migration back (destroys all data)')
    .action(async (options: { status?: boolean; rollbackAll?: boolean }) => {
      await withDatabase(async (db) => {
        if (options.status) {
          const status = await migrationStatus(db.writer);
          console.log(JSON.stringify(status, null, 2));
        } else if (options.rollbackAll) {
          console.log(`rolled back: ${(await migrateRollbackAll(db.writer)).join(', ') || 'nothing'}`);
        } else {
          const applied = await migrateLatest(db.writer);
          console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        }
      });
    });

  program
    .command('seed')
    .description('load a seed set into the database (steps already loaded are skipped)')
    .option('--set <set>', 'reference (the article facts) or demo (adds illustrative transactions)', 'reference')
    .action(async (options: { set: string }) => {
      if (options.set !== 'reference' && options.set !== 'demo') throw new InvalidArgumentError('--set must be reference or demo');
      await withDatabase(async (db) => {
        await db.migrate();
        const ran = await runSeeds(db, options.set as 'reference' | 'demo');
        console.log(ran.length ? `seeded: ${ran.join(', ')}` : 'nothing to seed: every step was already loaded');
      });
    });

  program
    .command('serve')
    .description('migrate, seed an empty database, and serve the API on PORT')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const server = await startServer(config, logger);
      const stop = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });

  program
    .command('verify')
    .description('re-derive every balance from the journal and check the hash chain and the rows naming entries; exits 1 on any problem')
    .option('--digest <file>', 'a signed chain digest (a JSON object, or a JSON-lines log whose last line is used): the journal must still hold its entry with its hash')
    .action(async (options: { digest?: string }) => {
      const config = loadConfig();
      const digest = options.digest ? readDigestFile(options.digest) : undefined;
      if (digest) {
        const key = loadDigestKey(config.digest, { create: false });
        if (!key) throw new ConfigError(`no digest key: set PHOENIX_DIGEST_KEY or PHOENIX_DIGEST_KEY_FILE to the key that signed the digest (looked for ${config.digest.keyFile})`);
        if (!digestSignatureValid(digest, key.key)) {
          console.error(`phoenix: the digest in ${options.digest} (entry ${digest.entryId}, ${digest.at}) is not validly signed: altered, forged, or signed with another key`);
          process.exitCode = 1;
          return;
        }
      }
      const report = await withDatabase(async (db) => {
        await db.migrate();
        return verifyLedger(db, { digest });
      });
      console.log(JSON.stringify(report, null, 2));
      if (!report.ok) {
        console.error(`phoenix: verify found ${report.problems.length} problem(s); the first: ${report.problems[0].problem}`);
        process.exitCode = 1;
      }
    });

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create an API token and print it (only the token, once; it is stored hashed)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .requiredOption('--name <name>', 'who or what uses the token')
    .option(
      '--user <username>',
      "the person the token belongs to, who must hold the role and types their own password to confirm it (default: a service user named after --name, which may not be an approver)",
    )
    .option('--password-file <file>', "with --user: read the user's password from this file instead of the terminal or standard input")
    .option('--expires-in <days>', 'days until the token expires', parseDays)
    .action(async (options: { role: string; name: string; user?: string; passwordFile?: string; expiresIn?: number }) => {
      // No one issues a token in another person's name: the person confirms with their password.
      const password = options.user === undefined ? undefined : await readPassword({ passwordFile: options.passwordFile });
      const created = await withDatabase(async (db) => {
        await db.migrate();
        if (options.user !== undefined) await confirmUserPassword(db, options.user, password!);
        const expiresAt = options.expiresIn ? new Date(Date.now() + options.expiresIn * 86_400_000).toISOString() : null;
        return createToken(db, { role: options.role, name: options.name, user: options.user, confirmedByPassword: options.user !== undefined, createdBy: 'cli', expiresAt });
      });
      process.stdout.write(`${created.token}\n`);
    });
  token
    .command('list')
    .description('list API tokens: id, name, role, prefix and dates (never the tokens or their hashes)')
    .action(async () => {
      const tokens = await withDatabase(async (db) => {
        await db.migrate();
        return listTokens(db);
      });
      console.log(JSON.stringify(tokens, null, 2));
    });
  token
    .command('revoke')
    .description('revoke an API token by id (a running server refuses it from its next request)')
    .argument('<id>', 'the token id, as `phoenix token list` shows it', parseId)
    .action(async (id: number) => {
      const revoked = await withDatabase(async (db) => {
        await db.migrate();
        return revokeToken(db, { id, revokedBy: 'cli' });
      });
      console.log(`revoked token ${revoked.id} (${revoked.name}, ${revoked.role}) at ${revoked.revokedAt}`);
    });

  program
    .command('backup')
    .description('write an online, consistent copy of the SQLite database to FILE and verify it (PostgreSQL: use pg_dump)')
    .argument('<file>', 'where to write the copy; must not exist')
    .action(async (file: string) => {
      const summary = await backupDatabase(loadConfig().database, file, (db) => verifyLedger(db));
      console.log(JSON.stringify({ file: summary.file, bytes: summary.bytes, ok: summary.report.ok, entries: summary.report.entries }));
      if (!summary.report.ok) process.exitCode = 1;
    });

  program
    .command('restore')
    .description('replace the SQLite database with a backup FILE after checking it verifies; stop the server first')
    .argument('<file>', 'a file written by `phoenix backup`')
    .option('--force', 'replace a database that already holds data')
    .action(async (file: string, options: { force?: boolean }) => {
      const summary = await restoreDatabase(loadConfig().database, file, (db) => verifyLedger(db), { force: options.force });
      console.log(JSON.stringify({ file: summary.file, bytes: summary.bytes, ok: summary.report.ok, entries: summary.report.entries }));
      if (!summary.report.ok) process.exitCode = 1;
    });

  registerReportCommand(program);
  registerImportCommands(program);
  registerNoticesCommands(program);
  registerUserCommands(program);

  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DomainError || error instanceof InvalidArgumentError || error instanceof BackupError) {
      console.error(`phoenix: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

// `node dist/src/cli.js …` runs directly; the `phoenix` bin script calls main() itself.
if (require.main === module) {
  void main();
}
