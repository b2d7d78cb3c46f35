import { DomainError } from '../../domain/errors';
import type { Actor, Role } from '../../domain/access/roles';
import { personOf } from '../../domain/approvals/approval-policy';
import { approvalsOf, assertDecidable, assertIndependentDecider, type DeciderCredential, type Proposal, type ProposalStatus } from '../../domain/approvals/proposal';
import type { Database } from '../../data/database';
import type { Repositories } from '../../data/repositories';
import { runCommand, type CommandContext, type CommandOutcome } from '../command-runner';
import { keysetPage, type KeysetPage } from '../keyset-page';
import type { ApprovalDefaults } from './approval-policy-service';
import { approvalGate, assertProposerActive, proposeWrite, type GateSettings } from './approval-gate';
import { auditActionOf, executeWrite, type ProposableWrite, type WriteSettings } from './proposable-write';

/** The gate's settings under this service's approval settings. */
export function gateSettings(settings: ApprovalSettings): GateSettings {
  return { defaults: settings.defaults, today: settings.events.today, proposalTtlHours: settings.proposalTtlHours };
}

export interface ApprovalSettings extends WriteSettings {
  defaults: ApprovalDefaults;
  proposalTtlHours: number;
  /** The body the write's own route answers a booking with (201): an executed proposal's result. */
  present(action: string, result: unknown): unknown;
}

/** A write either booked at once (its policy does not list it) or held as a proposal. */
export type WriteOutcome = { kind: 'booked'; action: string; result: unknown } | { kind: 'proposed'; proposal: Proposal };

/**
 * Books a write, or, when the policy of a fund it touches lists its action, stores it as a
 * pending proposal and books nothing. The proposal keeps the body, target, proposer, documents and
 * Idempotency-Key, so the approval books exactly what this request would have. A write held for
 * approval is first booked in a rehearsal rolled back at once (`rehearseWrite`), so what would be
 * refused now is refused now, with the rule's own code, and never waits for a committee.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED (unknown document), FUTURE_VALUE_DATE,
 *   PERIOD_CLOSED, IDEMPOTENCY_CONFLICT, and what the booking raises, booked at once or rehearsed
 */
export function submitWrite(
  db: Database,
  ctx: CommandContext,
  write: ProposableWrite & { documents: number[] },
  settings: ApprovalSettings,
): Promise<CommandOutcome<WriteOutcome>> {
  return runCommand<WriteOutcome>(db, ctx, {
    action: auditActionOf(write.action),
    async execute(repos) {
      const documents = await documentRefs(repos, write.documents);
      const { governing } = await approvalGate(repos, write, gateSettings(settings));
      if (governing.length === 0) {
        const booked = await executeWrite(repos, { ...ctx, documents }, write, settings);
        const entryId = (booked.result as { entryId?: unknown }).entryId;
        return { result: { kind: 'booked', action: write.action, result: booked.result }, target: booked.target, detail: { ...booked.detail, entryId } };
      }
      await rehearseWrite(repos, ctx, write, settings);
      const proposal = await proposeWrite(repos, ctx, { ...write, documents: documents.map((d) => d.id) }, governing, settings.proposalTtlHours);
      const id = proposal.id;
      const requiredApprovals = proposal.requiredApprovals;
      return { result: { kind: 'proposed', proposal }, target: `proposals/${id}`, detail: { proposal: id, fund: proposal.fund, requiredApprovals } };
    },
  });
}

/**
 * Books the write as its proposer would, inside a savepoint rolled back at once: every rule of
 * the booking runs against the books as they stand (the same codes as at approval, which checks
 * them again). Nothing of it is kept.
 * @throws DomainError what the booking would raise now
 */
export async function rehearseWrite(repos: Repositories, ctx: CommandContext, write: ProposableWrite, settings: WriteSettings): Promise<void> {
  await repos.rehearse((rehearsal) => executeWrite(rehearsal, { ...ctx, idempotency: undefined, documents: undefined }, write, settings));
}

/**
 * An approver's decision. A rejection closes the proposal; an approval that brings it to
 * `requiredApprovals` books the write in the same transaction, with every rule checked now, as
 * the proposer, under the proposal's Idempotency-Key: a refusal then answers the rule's error and
 * writes nothing (the proposal stays pending, this approval unrecorded). Two approvals of one
 * proposal serialise on its row, so it is booked once.
 * @throws DomainError NOT_FOUND, PROPOSAL_NOT_PENDING, FORBIDDEN (own proposal), CONFLICT
 *   (decided already), PROPOSER_DISABLED (the proposer's account was disabled since), and what
 *   the booking raises
 */
export function decideProposal(
  db: Database,
  ctx: CommandContext,
  input: { id: number; decision: 'approve' | 'reject'; comment?: string },
  settings: ApprovalSettings,
): Promise<CommandOutcome<Proposal>> {
  return runCommand(db, ctx, {
    action: `proposal.${input.decision}`,
    async execute(repos) {
      const proposal = await repos.approvals.lockProposal(input.id);
      if (!proposal) throw DomainError.notFound('proposal', input.id);
      assertDecidable(proposal, ctx.actor, ctx.now);
      const decider = await deciderOf(repos, ctx.actor);
      assertIndependentDecider(proposal, decider, await credentialIssuersOf(repos, proposal));
      const at = ctx.now.toISOString();
      const decision = { person: personOf(ctx.actor), role: ctx.actor.role, decision: input.decision, comment: input.comment ?? null, at };
      let detail: Record<string, unknown> = {
        proposal: proposal.id,
        action: proposal.action,
        decision: input.decision,
        // The person behind the credential, and the credential's own history.
        decider: { person: decider.person, via: decider.via, tokenId: ctx.actor.tokenId || undefined, tokenIssuedBy: decider.tokenIssuedBy, passwordSetBy: decider.passwordSetBy },
      };
      if (input.decision === 'approve' && approvalsOf(proposal) + 1 >= proposal.requiredApprovals) {
        // Booked first: its checks run before anything of this approval is written.
        const executed = await execute(repos, ctx, proposal, [...proposal.decisions.map((d) => d.person), decision.person], settings);
        await repos.approvals.addDecision(proposal.id, decision);
        await repos.approvals.markExecuted(proposal.id, at, executed.body, executed.entryId);
        detail = { ...detail, executed: true, entryId: executed.entryId };
      } else {
        await repos.approvals.addDecision(proposal.id, decision);
        if (input.decision === 'reject') await repos.approvals.markRejected(proposal.id, at);
      }
      return { result: (await repos.approvals.proposal(proposal.id))!, target: `proposals/${proposal.id}`, detail };
    },
  });
}

/** The decider's credential as stored: their user's kind and password setter, their token's issuer. */
async function deciderOf(repos: Repositories, actor: Actor): Promise<DeciderCredential> {
  const user = actor.userId === undefined ? null : await repos.users.findById(actor.userId);
  const token = actor.via === 'token' && actor.tokenId > 0 ? await repos.tokens.findById(actor.tokenId) : null;
  return {
    person: personOf(actor),
    kind: user ? user.kind : 'system',
    via: actor.via,
    tokenIssuedBy: token ? token.createdBy : null,
    passwordSetBy: user ? user.passwordSetBy : null,
  };
}

/** Whoever issued a credential the proposal was made with: its token's issuer, the proposer's password setter. */
async function credentialIssuersOf(repos: Repositories, proposal: Proposal): Promise<string[]> {
  const token = proposal.proposer.tokenId > 0 ? await repos.tokens.findById(proposal.proposer.tokenId) : null;
  const user = proposal.proposer.person.startsWith('system:') ? null : await repos.users.findByUsername(proposal.proposer.person);
  return [token?.createdBy, user?.passwordSetBy].filter((p): p is string => typeof p === 'string' && p !== proposal.proposer.person);
}

/** Books a proposal as its proposer would have, and records that booking as the write's own audit row. */
async function execute(
  repos: Repositories,
  ctx: CommandContext,
  proposal: Proposal,
  approvedBy: string[],
  settings: ApprovalSettings,
): Promise<{ body: unknown; entryId: number | null }> {
  const proposer: Actor = { tokenId: proposal.proposer.tokenId, name: proposal.proposer.name, role: proposal.proposer.role as Role };
  const bookingCtx: CommandContext = {
    actor: proposer,
    requestId: ctx.requestId,
    now: ctx.now,
    idempotency: proposal.idempotency ?? undefined,
    documents: await documentRefs(repos, proposal.documents),
  };
  await assertProposerActive(repos, proposal);
  const booked = await executeWrite(repos, bookingCtx, proposal, settings);
  const body = settings.present(proposal.action, booked.result);
  // A policy change books no entry.
  const bookedEntry = (booked.result as { entryId?: unknown }).entryId;
  const entryId = typeof bookedEntry === 'number' ? bookedEntry : null;
  await repos.audit.record({
    at: ctx.now.toISOString(),
    actor: proposer.name,
    role: proposer.role,
    action: auditActionOf(proposal.action),
    target: booked.target,
    requestId: ctx.requestId,
    detail: {
      status: 201,
      ...booked.detail,
      entryId,
      proposal: proposal.id,
      approvedBy,
      ...(proposal.idempotency ? { idempotencyKey: proposal.idempotency.key } : {}),
    },
  });
  // A retry of the proposed request now gets the booking, as a direct post's retry would.
  if (proposal.idempotency) await repos.idempotency.replaceAnswer(proposal.idempotency.key, { status: 201, body });
  return { body, entryId };
}

/** @throws DomainError VALIDATION_FAILED when a document id is not stored */
async function documentRefs(repos: Repositories, ids: readonly number[]): Promise<Array<{ id: number; sha256: string }>> {
  const wanted = [...new Set(ids)];
  const found = new Map((await repos.documents.records(wanted)).map((d) => [d.id, d.sha256]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw DomainError.validation([{ field: 'documents', message: `document ${missing.join(', ')} does not exist; upload it with POST /documents first` }]);
  return wanted.map((id) => ({ id, sha256: found.get(id)! }));
}

/** @throws DomainError NOT_FOUND */
export async function getProposal(db: Database, id: number): Promise<Proposal> {
  const proposal = await db.read((repos) => repos.approvals.proposal(id));
  if (!proposal) throw DomainError.notFound('proposal', id);
  return proposal;
}

/** Proposals in id order, by status as of `now` (an expired one is stored pending). */
export function listProposals(db: Database, query: { status?: ProposalStatus; cursor?: string; limit: number }, now: Date): Promise<KeysetPage<Proposal>> {
  const at = now.toISOString();
  const filter =
    query.status === 'pending'
      ? { statuses: ['pending' as const], notExpiredAt: at }
      : query.status === 'expired'
        ? { statuses: ['pending' as const], expiredBefore: at }
        : query.status
          ? { statuses: [query.status] }
          : {};
  return db.read((repos) => keysetPage(query.cursor, query.limit, (afterId, limit) => repos.approvals.proposals({ ...filter, afterId, limit })));
}
