import { DomainError } from '../domain/errors';
import { requestFingerprint } from '../application/idempotency';
import type { CommandContext, CommandResult } from '../application/command-runner';
import type { AppDeps } from './deps';
import type { Reply, RequestContext } from './route-table';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The command context of a mutating request: actor, request id, and its Idempotency-Key if sent. */
export function commandContext(ctx: RequestContext, deps: AppDeps): CommandContext {
  const key = ctx.req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw DomainError.validation([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return {
    actor: ctx.actor,
    requestId: ctx.requestId,
    now: deps.clock.now(),
    idempotency: key ? { key, fingerprint: requestFingerprint(ctx.req.method, ctx.req.path, ctx.body) } : undefined,
  };
}

export function replyFrom<T>(result: CommandResult<T>, present: (body: T) => unknown = (b) => b): Reply {
  return {
    status: result.status,
    body: result.replayed ? result.body : present(result.body),
    headers: result.replayed ? { 'Idempotent-Replayed': 'true' } : undefined,
  };
}
