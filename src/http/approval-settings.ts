import { fundReversalGuards } from '../application/reversal-guards';
import type { ApprovalSettings, WriteOutcome } from '../application/approvals/proposal-service';
import { getProposal } from '../application/approvals/proposal-service';
import type { CommandContext, CommandOutcome, StoredAnswer } from '../application/command-runner';
import { replyTo } from './command-context';
import type { Reply, RequestContext } from './route-table';
import type { AppDeps } from './deps';
import { eventOptions } from './event-options';
import { presentAmounts } from './presenters/event-presenters';
import { presentProposal } from './presenters/proposal-presenters';

/** How writes are booked or proposed under this app's configuration. */
export function approvalSettings(deps: AppDeps): ApprovalSettings {
  return {
    events: eventOptions(deps),
    guards: fundReversalGuards,
    defaults: deps.config.approvals.defaults,
    proposalTtlHours: deps.config.approvals.proposalTtlHours,
    present: (_action, result) => presentAmounts(result),
  };
}

/** A write's answer: 201 with the booking as its route presents it, or 202 with the pending proposal. */
export function writeAnswer(deps: AppDeps): (outcome: WriteOutcome) => StoredAnswer {
  return (outcome) =>
    outcome.kind === 'booked'
      ? { status: 201, body: presentAmounts(outcome.result) }
      : { status: 202, body: { proposal: presentProposal(outcome.proposal, deps.clock.now()) } };
}

/**
 * Answers a write that may be proposed. A retry of a write that was proposed replays its 202 with
 * the proposal as it stands now (rejected, expired or still pending), not as it stood when it was
 * made; one whose proposal was executed replays the booking's 201 (stored when it was executed).
 */
export async function replyToWrite(ctx: RequestContext, deps: AppDeps, run: (command: CommandContext) => Promise<CommandOutcome<WriteOutcome>>): Promise<Reply> {
  const reply = await replyTo(ctx, deps, writeAnswer(deps), run);
  const proposed = (reply.body as { proposal?: { id?: unknown } } | null)?.proposal?.id;
  if (reply.status !== 202 || !reply.headers?.['Idempotent-Replayed'] || typeof proposed !== 'number') return reply;
  const proposal = await getProposal(deps.db, proposed);
  return { ...reply, body: { proposal: presentProposal(proposal, deps.clock.now()) } };
}

/** Document ids a write may carry; recorded, with their sha256, on the entry it books. */
export const documentIdsSchema = {
  type: 'array',
  items: { type: 'integer', minimum: 1, maximum: 2147483647 },
  maxItems: 50,
  uniqueItems: true,
  description: 'ids of documents uploaded with POST /documents (committee minutes, agreements) that the entry records with their sha256',
} as const;

/** A request schema with the optional `documents` member added. */
export function withDocuments(schema: object): object {
  const s = schema as { properties?: Record<string, unknown> };
  return { ...schema, properties: { ...s.properties, documents: documentIdsSchema } };
}

/** The body without `documents`, which the booking itself never reads. */
export function splitDocuments(body: Record<string, unknown>): { body: Record<string, unknown>; documents: number[] } {
  const { documents, ...rest } = body;
  return { body: rest, documents: Array.isArray(documents) ? (documents as number[]) : [] };
}
