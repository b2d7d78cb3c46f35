import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { requestFingerprint, scopedKey } from '../application/idempotency';
import { personOf } from '../domain/approvals/approval-policy';
import type { CommandContext, CommandOutcome, StoredAnswer } from '../application/command-runner';
import type { AppDeps } from './deps';
import type { Reply, RequestContext } from './route-table';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** How a route answers a command's result: its status and the presented body. */
export type Answer<T> = (result: T) => StoredAnswer;

/** The answer with `status` and the result as presented (by default the result itself). */
export function answer<T>(status: number, present: (result: T) => unknown = (r) => r): Answer<T> {
  return (result) => ({ status, body: present(result) });
}

/** The command context of a mutating request: actor, request id, its Idempotency-Key if sent (scoped to the person), and the route's answer. */
export function commandContext<T>(ctx: RequestContext, deps: AppDeps, answerOf: Answer<T>): CommandContext {
  const key = ctx.req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw DomainError.validation([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return {
    actor: ctx.actor,
    requestId: ctx.requestId,
    now: deps.clock.now(),
    // Scoped to the person: one user's key never replays another's request.
    idempotency: key ? { key: scopedKey(personOf(ctx.actor), key), fingerprint: requestFingerprint(ctx.req.method, ctx.req.path, fingerprintBody(ctx.body)) } : undefined,
    answer: answerOf as (result: unknown) => StoredAnswer,
  };
}

/**
 * Runs a command for a request and answers it: a fresh result as the route presents it, a replay
 * with the answer stored under its key (marked Idempotent-Replayed).
 */
export async function replyTo<T>(ctx: RequestContext, deps: AppDeps, answerOf: Answer<T>, run: (command: CommandContext) => Promise<CommandOutcome<T>>): Promise<Reply> {
  const outcome = await run(commandContext(ctx, deps, answerOf));
  if (outcome.replayed) return { ...outcome.answer, headers: { 'Idempotent-Replayed': 'true' } };
  return answerOf(outcome.result);
}

/** Raw bytes (an uploaded document) are fingerprinted by their sha256, not walked byte by byte. */
function fingerprintBody(body: unknown): unknown {
  return Buffer.isBuffer(body) ? { sha256: createHash('sha256').update(body).digest('hex') } : body;
}
