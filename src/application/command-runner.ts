import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/access/roles';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { unscopedKey } from './idempotency';

/** The answer the caller gives for a result (an HTTP status and body), stored with an idempotency key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * Who asks, under which request, with which idempotency key, and how the caller answers a result:
 * the edge (HTTP, an import) owns status and presentation; the command only hands it its result.
 */
export interface CommandContext {
  actor: Actor;
  requestId: string;
  now: Date;
  /**
   * `unused`: the caller knows no answer is stored under the key (an imported row naming an
   * event booked moments ago, whose id no stored key can hold), so it is not looked up.
   */
  idempotency?: { key: string; fingerprint: string; unused?: boolean };
  /** The caller's answer to a result: stored with the idempotency key, its status noted in the audit row. */
  answer?(result: unknown): StoredAnswer;
  /** Documents the write records on its entry (ids and sha256), already checked to exist. */
  documents?: ReadonlyArray<{ id: number; sha256: string }>;
}

/** A fresh result of the command, or the answer stored for an earlier request with the same key. */
export type CommandOutcome<T> = { replayed: false; result: T } | { replayed: true; answer: StoredAnswer };

export interface CommandSpec<T> {
  /** Audit action name, e.g. 'journal.reverse'. */
  action: string;
  /** Runs the business change inside the transaction; returns its result and the audit target. */
  execute(repos: Repositories): Promise<{ result: T; target: string; detail?: Record<string, unknown> }>;
}

/**
 * Runs one mutation as a single unit of work: read the idempotency key, apply the change, write
 * the audit record, store the caller's answer with its key. All in one transaction, and nothing is
 * written before the change's own checks pass: a refusal leaves nothing behind.
 * @throws DomainError IDEMPOTENCY_CONFLICT when the key was used for a different request, and
 *   whatever the command itself raises.
 */
export function runCommand<T>(db: Database, context: CommandContext, spec: CommandSpec<T>): Promise<CommandOutcome<T>> {
  return db.write((repos) => executeCommand(repos, context, spec), context.idempotency ? { idempotencyKeys: [context.idempotency.key] } : undefined);
}

/**
 * The unit of work of `runCommand`, inside a write the caller already runs: for callers that
 * work out part of the context (an imported row's target and key) from rows written earlier in
 * the same group.
 */
export async function executeCommand<T>(repos: Repositories, context: CommandContext, spec: CommandSpec<T>): Promise<CommandOutcome<T>> {
  const at = context.now.toISOString();
  const { idempotency } = context;
  if (idempotency && !idempotency.unused) {
    const stored = await repos.idempotency.find(idempotency.key);
    if (stored) {
      if (stored.fingerprint !== idempotency.fingerprint) {
        throw new DomainError(
          'IDEMPOTENCY_CONFLICT',
          `Idempotency-Key ${unscopedKey(idempotency.key)} was already used for a different request`,
          { key: unscopedKey(idempotency.key) },
        );
      }
      return { replayed: true, answer: { status: stored.status, body: stored.body } };
    }
  }
  const outcome = await spec.execute(repos);
  const answer = context.answer?.(outcome.result);
  // The audit row names the entry it booked, so verify can tell when that entry goes missing.
  const entryId = (outcome.result as { entryId?: unknown } | null)?.entryId;
  // One statement at a time: the transaction is one connection (pg refuses overlapping queries).
  await repos.audit.record({
    at,
    actor: context.actor.name,
    role: context.actor.role,
    action: spec.action,
    target: outcome.target,
    requestId: context.requestId,
    detail: {
      ...(answer ? { status: answer.status } : {}),
      ...(typeof entryId === 'number' ? { entryId } : {}),
      ...(idempotency ? { idempotencyKey: idempotency.key } : {}),
      ...credentialOf(context.actor),
      ...outcome.detail,
    },
  });
  if (idempotency) {
    if (!answer) throw new Error(`${spec.action}: a command run under an idempotency key needs the caller's answer to store`);
    await repos.idempotency.save(idempotency.key, { fingerprint: idempotency.fingerprint, ...answer, actor: context.actor.name, at });
  }
  return { replayed: false, result: outcome.result };
}

/**
 * The credential behind the actor, for the audit row: how it signed in, and for a token its id and
 * the person who issued it, so a service token's writes name the person who made the token.
 */
export function credentialOf(actor: Actor): { credential?: { via: 'token' | 'session'; tokenId?: number; issuedBy?: string } } {
  if (!actor.via) return {};
  if (actor.via === 'session') return { credential: { via: 'session' } };
  return { credential: { via: 'token', tokenId: actor.tokenId, ...(actor.issuedBy ? { issuedBy: actor.issuedBy } : {}) } };
}

/** The result, fresh or replayed, for a caller whose stored answer body is the result itself (JSON-safe). */
export function resultOf<T>(outcome: CommandOutcome<T>): T {
  return outcome.replayed ? (outcome.answer.body as T) : outcome.result;
}
