import { DomainError } from '../domain/errors';
import { isRole, ROLES, type Role } from '../domain/access/roles';
import { checkNewPassword, hashPassword, verifyPassword } from '../domain/access/password';
import { isUsername } from '../domain/access/username';
import { forgetCachedTokens } from './token-service';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { UserKind, UserRecord } from '../data/user-repository';
import type { CommandContext } from './command-runner';
import { keysetPage, type KeysetPage } from './keyset-page';

/** What anyone may see of a user: never the password or its hash. */
export interface UserSummary {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  kind: UserKind;
  disabled: boolean;
  disabledAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export function summarizeUser(user: UserRecord): UserSummary {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    kind: user.kind,
    disabled: user.disabledAt !== null,
    disabledAt: user.disabledAt,
    createdAt: user.createdAt,
    createdBy: user.createdBy,
    updatedAt: user.updatedAt,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: string;
  password: string;
}

/**
 * Creates a person who signs in with a password. The password is hashed before the write
 * transaction opens (a hash takes tens of milliseconds, which the writer must not wait for).
 * @throws DomainError VALIDATION_FAILED for a malformed username, an unknown role, an empty
 *   display name or a password outside the length rules; CONFLICT when the username is taken
 *   (ignoring case)
 */
export async function createUser(db: Database, ctx: CommandContext, request: NewUser): Promise<UserSummary> {
  const username = request.username.normalize('NFC');
  const displayName = request.displayName.trim();
  const errors = [
    ...(isUsername(username) ? [] : [{ field: 'username', message: 'must be 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit' }]),
    ...(displayName && displayName.length <= 100 ? [] : [{ field: 'displayName', message: 'must be 1 to 100 characters' }]),
    ...(isRole(request.role) ? [] : [{ field: 'role', message: `must be one of ${ROLES.join(', ')}` }]),
  ];
  if (errors.length) throw DomainError.validation(errors);
  checkNewPassword(request.password);
  const passwordHash = await hashPassword(request.password);
  const at = ctx.now.toISOString();
  const user = await db.write(async (repos) => {
    await refuseTaken(repos, username);
    const inserted = await repos.users.insert({
      username,
      displayName,
      role: request.role as Role,
      kind: 'person',
      passwordHash,
      passwordSetBy: ctx.actor.name,
      disabledAt: null,
      createdAt: at,
      createdBy: ctx.actor.name,
      updatedAt: at,
    });
    await audit(repos, ctx, 'user.create', inserted, { username, role: inserted.role });
    return inserted;
  });
  return summarizeUser(user);
}

/** @throws DomainError CONFLICT when a user of that name exists (ignoring case) */
export async function refuseTaken(repos: Repositories, username: string): Promise<void> {
  const existing = await repos.users.findByUsername(username);
  if (existing) throw new DomainError('CONFLICT', `A user named ${existing.username} already exists`, { username: existing.username });
}

export function usersPage(db: Database, cursor: string | undefined, limit: number): Promise<KeysetPage<UserSummary>> {
  return db.read(async (repos) => {
    const page = await keysetPage(cursor, limit, (afterId, size) => repos.users.list(afterId, size));
    return { items: page.items.map(summarizeUser), nextCursor: page.nextCursor };
  });
}

/** @throws DomainError NOT_FOUND */
export async function getUser(db: Database, id: number): Promise<UserSummary> {
  const user = await db.read((repos) => repos.users.findById(id));
  if (!user) throw DomainError.notFound('user', id);
  return summarizeUser(user);
}

/**
 * Disables a user (its sessions end and its tokens stop working at once) or enables it again.
 * Doing it twice answers the same and audits once.
 * @throws DomainError NOT_FOUND; CONFLICT when an admin would disable themselves
 */
export async function setUserDisabled(db: Database, ctx: CommandContext, id: number, disabled: boolean): Promise<UserSummary> {
  if (disabled && ctx.actor.userId === id) throw new DomainError('CONFLICT', 'A user cannot disable themselves; ask another admin');
  const at = ctx.now.toISOString();
  const user = await db.write(async (repos) => {
    const found = await repos.users.findById(id);
    if (!found) throw DomainError.notFound('user', id);
    const changed = await repos.users.setDisabled(id, disabled ? at : null, at);
    if (!changed) return found;
    if (disabled) await repos.sessions.deleteForUser(id);
    await audit(repos, ctx, disabled ? 'user.disable' : 'user.enable', found, { username: found.username });
    return (await repos.users.findById(id))!;
  });
  forgetCachedTokens(db);
  return summarizeUser(user);
}

/**
 * An admin sets a new password for a user (a forgotten one, or a service user given sign-in);
 * every session of that user ends.
 * @throws DomainError NOT_FOUND; VALIDATION_FAILED for a password outside the length rules
 */
export async function resetPassword(db: Database, ctx: CommandContext, id: number, password: string): Promise<UserSummary> {
  checkNewPassword(password);
  const passwordHash = await hashPassword(password);
  const at = ctx.now.toISOString();
  const user = await db.write(async (repos) => {
    const found = await repos.users.findById(id);
    if (!found) throw DomainError.notFound('user', id);
    await repos.users.setPasswordHash(id, passwordHash, ctx.actor.name, at);
    await repos.sessions.deleteForUser(id);
    await audit(repos, ctx, 'user.reset_password', found, { username: found.username });
    return (await repos.users.findById(id))!;
  });
  return summarizeUser(user);
}

/**
 * A user changes their own password, proving the current one; their other sessions end, the one
 * asking (`keepSessionId`) stays.
 * @throws DomainError CURRENT_PASSWORD_WRONG; VALIDATION_FAILED for a new password outside the
 *   rules; CONFLICT for a caller without a user or password (the system, a service user)
 */
export async function changeOwnPassword(
  db: Database,
  ctx: CommandContext,
  request: { currentPassword: string; newPassword: string; keepSessionId?: number },
): Promise<UserSummary> {
  const userId = ctx.actor.userId;
  const user = userId === undefined ? null : await db.read((repos) => repos.users.findById(userId));
  if (!user || !user.passwordHash) throw new DomainError('CONFLICT', 'This caller has no password to change; an admin sets one with a reset');
  checkNewPassword(request.newPassword, 'newPassword');
  if (!(await verifyPassword(request.currentPassword, user.passwordHash))) {
    throw new DomainError('CURRENT_PASSWORD_WRONG', 'The current password is wrong');
  }
  const passwordHash = await hashPassword(request.newPassword);
  const at = ctx.now.toISOString();
  const updated = await db.write(async (repos) => {
    await repos.users.setPasswordHash(user.id, passwordHash, user.username, at);
    await repos.sessions.deleteForUser(user.id, request.keepSessionId);
    await audit(repos, ctx, 'user.change_password', user, { username: user.username });
    return (await repos.users.findById(user.id))!;
  });
  return summarizeUser(updated);
}

function audit(repos: Repositories, ctx: CommandContext, action: string, user: UserRecord, detail: Record<string, unknown>): Promise<void> {
  return repos.audit.record({
    at: ctx.now.toISOString(),
    actor: ctx.actor.name,
    role: ctx.actor.role,
    action,
    target: `users/${user.id}`,
    requestId: ctx.requestId,
    detail,
  });
}

/** @throws DomainError NOT_FOUND */
export async function getUserByUsername(db: Database, username: string): Promise<UserSummary> {
  const user = await db.read((repos) => repos.users.findByUsername(username));
  if (!user) throw DomainError.notFound('user', username);
  return summarizeUser(user);
}
