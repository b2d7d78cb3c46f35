import { DomainError } from '../../domain/errors';
import { POLICY_ACTION, REVERSAL_ACTION } from '../../domain/approvals/approval-policy';
import { setFundPolicy, type PolicyChange } from '../fund-policy-service';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import type { Booked, EventOptions } from '../events/event-support';
import { EVENT_TYPES, EVENTS, isEventType } from '../events/registry';
import { bookReversal, REVERSAL_AUDIT_ACTION, type ReversalGuard } from '../journal-service';

/**
 * A write that a fund's policy may hold for approval: an event of the registry (its type is the
 * action), a reversal, or a change of the fund's limits (`policy`). `target` is the route's path parameter as sent: a fund code, a call,
 * investment or journal entry id.
 */
export interface ProposableWrite {
  action: string;
  target: string;
  body: Record<string, unknown>;
}

/** Everything a write needs to be booked now, whoever asks. */
export interface WriteSettings {
  events: EventOptions;
  guards: ReadonlyMap<string, ReversalGuard>;
}

/** Every action a policy may list. */
export const PROPOSABLE_ACTIONS: readonly string[] = [...EVENT_TYPES, REVERSAL_ACTION, POLICY_ACTION];

/** The audit action of a policy change, proposed or made at once. */
export const POLICY_AUDIT_ACTION = 'fund_policy.set';

export function auditActionOf(action: string): string {
  if (action === POLICY_ACTION) return POLICY_AUDIT_ACTION;
  return isEventType(action) ? EVENTS[action].action : REVERSAL_AUDIT_ACTION;
}

/**
 * The funds whose policy governs the write: the event's fund (a call's or an investment's fund),
 * or every fund a reversed entry touches.
 * @throws DomainError NOT_FOUND
 */
export async function fundsOfWrite(repos: Repositories, write: ProposableWrite): Promise<string[]> {
  if (write.action === REVERSAL_ACTION) {
    const entry = await repos.ledger.getEntry(Number(write.target));
    if (!entry) throw DomainError.notFound('journal entry', write.target);
    return [...new Set(entry.lines.map((l) => l.fund))].sort();
  }
  if (write.action === POLICY_ACTION) {
    if (!(await repos.funds.fund(write.target))) throw DomainError.notFound('fund', write.target);
    return [write.target];
  }
  if (!isEventType(write.action)) throw new Error(`not a proposable action: ${write.action}`);
  const event = EVENTS[write.action];
  if (event.target === 'fund') {
    if (!(await repos.funds.fund(write.target))) throw DomainError.notFound('fund', write.target);
    return [write.target];
  }
  if (event.target === 'call') {
    const call = await repos.events.capitalCall(Number(write.target));
    if (!call) throw DomainError.notFound('capital call', write.target);
    return [call.fund];
  }
  const investment = await repos.events.investment(Number(write.target));
  if (!investment) throw DomainError.notFound('investment', write.target);
  return [investment.fund];
}

/**
 * Books the write inside the caller's transaction, exactly as its own route does: the same
 * booking of the registry (or the same reversal), with the context's actor, idempotency key and
 * documents.
 */
export function executeWrite(repos: Repositories, ctx: CommandContext, write: ProposableWrite, settings: WriteSettings): Promise<Booked<unknown>> {
  if (write.action === REVERSAL_ACTION) {
    const body = write.body as { reason: string; date?: string };
    return bookReversal(
      repos,
      ctx,
      { entryId: Number(write.target), reason: body.reason, date: body.date, today: settings.events.today },
      { clock: settings.events.clock, guards: settings.guards },
    );
  }
  if (write.action === POLICY_ACTION) return setFundPolicy(repos, ctx, write.target, write.body as unknown as PolicyChange, settings.events.today);
  if (!isEventType(write.action)) throw new Error(`not a proposable action: ${write.action}`);
  const event = EVENTS[write.action];
  const target = event.target === 'fund' ? write.target : Number(write.target);
  return event.book(repos, ctx, target as never, write.body as never, settings.events) as Promise<Booked<unknown>>;
}
