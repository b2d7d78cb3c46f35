import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config';
import { Database } from '../data/database';
import { isRole, ROLES } from '../domain/access/roles';
import type { CommandContext } from '../application/command-runner';
import { createUser, getUserByUsername, resetPassword, setUserDisabled, usersPage, type UserSummary } from '../application/user-service';
import { readPassword } from './password-input';

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = Database.open(loadConfig().database);
  try {
    await db.migrate();
    return await work(db);
  } finally {
    await db.close();
  }
}

/** The CLI acts as an admin at the machine; its changes are audited under the actor "cli". */
function cliContext(): CommandContext {
  return { actor: { tokenId: 0, name: 'cli', role: 'admin' }, requestId: 'cli', now: new Date() };
}

function parseRole(value: string): string {
  if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${ROLES.join(', ')}`);
  return value;
}

function line(user: UserSummary): string {
  return `${user.id}\t${user.username}\t${user.role}\t${user.kind}\t${user.disabled ? 'disabled' : 'enabled'}\t${user.displayName}`;
}

const PASSWORD_HELP = 'read the password from FILE (its first line); without it, from standard input when piped, else a prompt';

/** `phoenix user create|list|disable|enable|reset-password` (docs/security.md, Users and sessions). */
export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage the users who sign in (passwords never on the command line)');
  user
    .command('create')
    .description('create a user who signs in with a password; prints the user (never the password)')
    .requiredOption('--username <username>', 'letters, digits, ".", "_", "@" or "-"; unique ignoring case')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .option('--display-name <name>', 'the name shown in the dashboard (default: the username)')
    .option('--password-file <file>', PASSWORD_HELP)
    .action(async (options: { username: string; role: string; displayName?: string; passwordFile?: string }) => {
      const password = await readPassword(options);
      const created = await withDatabase((db) =>
        createUser(db, cliContext(), { username: options.username, displayName: options.displayName ?? options.username, role: options.role, password }),
      );
      console.log(JSON.stringify(created, null, 2));
    });
  user
    .command('list')
    .description('list users: id, username, role, kind, state, display name (tab-separated)')
    .option('--json', 'print JSON instead')
    .action(async (options: { json?: boolean }) => {
      const users = await withDatabase(async (db) => {
        const all: UserSummary[] = [];
        let cursor: string | undefined;
        do {
          const page = await usersPage(db, cursor, 1000);
          all.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      });
      console.log(options.json ? JSON.stringify(users, null, 2) : users.map(line).join('\n'));
    });
  for (const [name, disabled, what] of [
    ['disable', true, 'disable a user: its sessions end, its API tokens stop working (a running server refuses them from its next request)'],
    ['enable', false, 'enable a disabled user again'],
  ] as const) {
    user
      .command(name)
      .description(what)
      .argument('<username>')
      .action(async (username: string) => {
        const changed = await withDatabase(async (db) => setUserDisabled(db, cliContext(), (await getUserByUsername(db, username)).id, disabled));
        console.log(line(changed));
      });
  }
  user
    .command('reset-password')
    .description('set a new password for a user; its sessions end')
    .argument('<username>')
    .option('--password-file <file>', PASSWORD_HELP)
    .action(async (username: string, options: { passwordFile?: string }) => {
      const password = await readPassword(options);
      const changed = await withDatabase(async (db) => resetPassword(db, cliContext(), (await getUserByUsername(db, username)).id, password));
      console.log(line(changed));
    });
}
