import type { Actor } from '../domain/access/roles';
import { verifyNothing, verifyPassword } from '../domain/access/password';
import { csrfTokenFor, generateSessionSecret, hashSessionSecret } from '../domain/access/session-secret';
import type { Database } from '../data/database';
import type { UserRecord } from '../data/user-repository';
import type { CommandContext } from './command-runner';
import { summarizeUser, type UserSummary } from './user-service';

/** How long a session lives: `idleMs` without a request, `absoluteMs` whatever happens. */
export interface SessionLimits {
  idleMs: number;
  absoluteMs: number;
}

export interface SignedIn {
  user: UserSummary;
  /** The cookie value: shown to the browser only, stored as its sha256. */
  secret: string;
  csrfToken: string;
  expiresAt: string;
}

/**
 * Checks a username and password and opens a session. Null for any failure (unknown user,
 * service user without a password, disabled user, wrong password) so the caller cannot tell them
 * apart; each path spends one scrypt derivation, so timing does not tell them apart either.
 */
export async function signIn(
  db: Database,
  limits: SessionLimits,
  request: { username: string; password: string; now: Date; requestId: string },
): Promise<SignedIn | null> {
  const user = await db.read((repos) => repos.users.findByUsername(request.username));
  const valid = user?.passwordHash ? await verifyPassword(request.password, user.passwordHash) : await verifyNothing(request.password);
  if (!user || !valid || user.disabledAt) return null;
  const secret = generateSessionSecret();
  const at = request.now.toISOString();
  const expiresAt = new Date(request.now.getTime() + limits.absoluteMs).toISOString();
  await db.write(async (repos) => {
    await repos.sessions.deleteExpired(at, new Date(request.now.getTime() - limits.idleMs).toISOString());
    const session = await repos.sessions.insert({ sessionHash: hashSessionSecret(secret), userId: user.id, createdAt: at, lastSeenAt: at, expiresAt });
    await repos.audit.record({
      at,
      actor: user.username,
      role: user.role,
      action: 'session.create',
      target: `sessions/${session.id}`,
      requestId: request.requestId,
      detail: { userId: user.id },
    });
  });
  return { user: summarizeUser(user), secret, csrfToken: csrfTokenFor(secret), expiresAt };
}

/** Ends the caller's session (nothing to end for a token); audited. */
export async function signOut(db: Database, ctx: CommandContext, sessionId: number): Promise<void> {
  await db.write(async (repos) => {
    await repos.sessions.delete(sessionId);
    await repos.audit.record({
      at: ctx.now.toISOString(),
      actor: ctx.actor.name,
      role: ctx.actor.role,
      action: 'session.end',
      target: `sessions/${sessionId}`,
      requestId: ctx.requestId,
      detail: {},
    });
  });
}

/** A live session, resolved from its cookie. */
export interface SessionCaller {
  actor: Actor;
  sessionId: number;
  csrfToken: string;
  expiresAt: string;
}

/** Resolves a session cookie to its caller, or null when unknown, expired, idle too long or its user disabled. */
export type SessionAuthenticator = (secret: string) => Promise<SessionCaller | null>;

/**
 * Sessions live in the database, so a restart or a second process keeps them, and disabling a
 * user or signing out ends them at once. `last_seen_at` is written at most every `touchMs`
 * (a minute, or a quarter of the idle limit if shorter), so reads stay reads.
 */
export function sessionAuthenticator(db: Database, limits: SessionLimits, clock: () => Date = () => new Date()): SessionAuthenticator {
  const touchMs = Math.min(60_000, Math.floor(limits.idleMs / 4));
  return async (secret) => {
    const found = await db.read((repos) => repos.sessions.findByHash(hashSessionSecret(secret)));
    if (!found) return null;
    const { session, user } = found;
    const now = clock();
    const idleUntil = Date.parse(session.lastSeenAt) + limits.idleMs;
    if (Date.parse(session.expiresAt) <= now.getTime() || idleUntil <= now.getTime() || user.disabledAt) {
      await db.write((repos) => repos.sessions.delete(session.id));
      return null;
    }
    if (now.getTime() - Date.parse(session.lastSeenAt) >= touchMs) {
      await db.write((repos) => repos.sessions.touch(session.id, now.toISOString()));
    }
    return { actor: sessionActor(user), sessionId: session.id, csrfToken: csrfTokenFor(secret), expiresAt: session.expiresAt };
  };
}

function sessionActor(user: UserRecord): Actor {
  return { tokenId: 0, name: user.username, role: user.role, userId: user.id, username: user.username, via: 'session' };
}
