import { fundReversalGuards } from '../application/reversal-guards';
import type { ApprovalSettings, WriteOutcome } from '../application/approvals/proposal-service';
import type { StoredAnswer } from '../application/command-runner';
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
