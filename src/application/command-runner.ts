import { DomainError } from '../domain/errors';
import type { Actor } from '../domain/access/roles';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';

/** Who asks, under which request, and with which idempotency key. */
export interface CommandContext {
  actor: Actor;
  requestId: string;
  now: Date;
  idempotency?: { key: string; fingerprint: string };
}

export interface CommandResult<T> {
  status: number;
  body: T;
  /** True when the body is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export interface CommandSpec<T> {
  /** Audit action name, e.g. 'journal.reverse'. */
  action: string;
  /** Runs the business change inside the transaction; returns the response and the audit target. */
  execute(repos: Repositories): Promise<{ status: number; body: T; target: string; detail?: Record<string, unknown> }>;
}

/**
 * Runs one mutation as a single unit of work: read the idempotency key, apply the change, write
 * the audit record, store the response with its key. All in one transaction, and nothing is
 * written before the change's own checks pass: a refusal leaves nothing behind.
 * @throws DomainError IDEMPOTENCY_CONFLICT when the key was used for a different request, and
 *   whatever the command itself raises.
 */
export async function runCommand<T>(db: Database, context: CommandContext, spec: CommandSpec<T>): Promise<CommandResult<T>> {
  return db.write(async (repos) => {
    const at = context.now.toISOString();
    const { idempotency } = context;
    if (idempotency) {
      const stored = await repos.idempotency.find(idempotency.key);
      if (stored) {
        if (stored.fingerprint !== idempotency.fingerprint) {
          throw new DomainError(
            'IDEMPOTENCY_CONFLICT',
            `Idempotency-Key ${idempotency.key} was already used for a different request`,
            { key: idempotency.key },
          );
        }
        return { status: stored.status, body: stored.body as T, replayed: true };
      }
    }
    const outcome = await spec.execute(repos);
    // The audit row names the entry it booked, so verify can tell when that entry goes missing.
    const entryId = (outcome.body as { entryId?: unknown } | null)?.entryId;
    // One statement at a time: the transaction is one connection (pg refuses overlapping queries).
    await repos.audit.record({
      at,
      actor: context.actor.name,
      role: context.actor.role,
      action: spec.action,
      target: outcome.target,
      requestId: context.requestId,
      detail: { status: outcome.status, ...(typeof entryId === 'number' ? { entryId } : {}), ...(idempotency ? { idempotencyKey: idempotency.key } : {}), ...outcome.detail },
    });
    if (idempotency) {
      await repos.idempotency.save(idempotency.key, {
        fingerprint: idempotency.fingerprint,
        status: outcome.status,
        body: outcome.body,
        actor: context.actor.name,
        at,
      });
    }
    return { status: outcome.status, body: outcome.body, replayed: false };
  });
}
