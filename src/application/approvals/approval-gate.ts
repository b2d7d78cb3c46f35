import { DomainError } from '../../domain/errors';
import { assertNotFuture } from '../../domain/dates';
import { needsApproval, personOf, POLICY_ACTION, REVERSAL_ACTION, type ApprovalPolicy } from '../../domain/approvals/approval-policy';
import type { Proposal } from '../../domain/approvals/proposal';
import { assertOpen } from '../../domain/periods/period';
import { quarterOf } from '../../domain/terms/management-fee';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { policyOf, type ApprovalDefaults } from './approval-policy-service';
import { fundsOfWrite, type ProposableWrite } from './proposable-write';
import { closesGoverning } from '../period-closes';

/**
 * What the gate needs to know of the service: how funds without a stored policy are governed,
 * the business date, and how long a proposal stays open.
 */
export interface GateSettings {
  defaults: ApprovalDefaults;
  today: string;
  proposalTtlHours: number;
}

/** The gate's decision: book now, or hold for the committee under these policies. */
export interface GateDecision {
  funds: string[];
  /** The policies that list the write's action; empty when it may be booked at once. */
  governing: ApprovalPolicy[];
}

/**
 * The value date a write will be booked on, as far as it can be known before booking: its `date`,
 * or for a management fee without one the last day of its quarter.
 */
function valueDateOf(write: ProposableWrite): string | undefined {
  // A reversal's date moves to the first open day; a policy change is not a posting.
  if (write.action === REVERSAL_ACTION || write.action === POLICY_ACTION) return undefined;
  if (typeof write.body.date === 'string') return write.body.date;
  if (write.action === 'management_fee' && typeof write.body.period === 'string') return quarterOf(write.body.period).to;
  return undefined;
}

/**
 * THE approval gate (docs/approvals.md, "One gate"): every path that books a write — its route,
 * the API and CLI imports, mark-to-market — asks it first; what it holds is booked only by a
 * proposal's execution. It names the funds the
 * write touches, refuses at once what can be refused before any business rule is weighed (an
 * unknown target, a future value date, a date in a closed period), and lists the policies that
 * hold the write for approval.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED (a bad quarter), FUTURE_VALUE_DATE, PERIOD_CLOSED
 */
export async function approvalGate(repos: Repositories, write: ProposableWrite, settings: GateSettings): Promise<GateDecision> {
  const funds = await fundsOfWrite(repos, write);
  const governing: ApprovalPolicy[] = [];
  for (const fund of funds) {
    // Lines of an account outside the funds table (hand-built entries) answer to no policy.
    if (!(await repos.funds.fund(fund))) continue;
    const policy = await policyOf(repos, fund, settings.defaults);
    if (needsApproval(policy, write.action)) governing.push(policy);
  }
  const date = valueDateOf(write);
  if (date !== undefined) {
    assertNotFuture(date, settings.today);
    assertOpen(date, await closesGoverning(repos, funds));
  }
  return { funds, governing };
}

/**
 * Stores the write as a pending proposal of `ctx.actor` under the governing policies (the largest
 * `requiredApprovals` of them), with the request's Idempotency-Key, so its approval books exactly
 * what the write would have booked now.
 */
export async function proposeWrite(
  repos: Repositories,
  ctx: CommandContext,
  write: ProposableWrite & { documents: number[] },
  governing: readonly ApprovalPolicy[],
  proposalTtlHours: number,
): Promise<Proposal> {
  if (governing.length === 0) throw new Error('proposeWrite: no policy holds this write');
  const id = await repos.approvals.insertProposal({
    fund: governing[0].fund,
    action: write.action,
    target: write.target,
    body: write.body,
    documents: write.documents,
    proposer: { tokenId: ctx.actor.tokenId, name: ctx.actor.name, role: ctx.actor.role, person: personOf(ctx.actor) },
    idempotency: ctx.idempotency ? { key: ctx.idempotency.key, fingerprint: ctx.idempotency.fingerprint } : null,
    requiredApprovals: Math.max(...governing.map((p) => p.requiredApprovals)),
    createdAt: ctx.now.toISOString(),
    expiresAt: new Date(ctx.now.getTime() + proposalTtlHours * 3_600_000).toISOString(),
  });
  return (await repos.approvals.proposal(id))!;
}

/**
 * The proposer must still be able to write when the committee's approval executes the proposal:
 * a person disabled since is refused, and nothing is booked in their name.
 * @throws DomainError PROPOSER_DISABLED
 */
export async function assertProposerActive(repos: Repositories, proposal: Proposal): Promise<void> {
  if (proposal.proposer.person.startsWith('system:')) return;
  const user = await repos.users.findByUsername(proposal.proposer.person);
  if (!user || user.disabledAt) {
    throw new DomainError('PROPOSER_DISABLED', `proposal ${proposal.id} was made by ${proposal.proposer.person}, whose account is disabled: reject it, and have an active user propose it again`, {
      proposal: proposal.id,
    });
  }
}

/** The refusal of a path that cannot hold a write for approval (the CLI import without its direct flag). */
export function approvalRequired(write: ProposableWrite, decision: GateDecision): DomainError {
  const funds = decision.governing.map((p) => p.fund).join(', ');
  return new DomainError(
    'APPROVAL_REQUIRED',
    `the approval policy of ${funds} lists ${write.action}: import the file over the API (POST /imports) so the row becomes a proposal for the investment committee`,
    { action: write.action, funds: decision.governing.map((p) => p.fund) },
  );
}
