import type { ApprovalPolicy } from '../../domain/approvals/approval-policy';
import { approvalsOf, statusAt, type Proposal } from '../../domain/approvals/proposal';

/** A proposal as the API shows it; `status` is as of `now` (a pending one past its expiry is `expired`). */
export function presentProposal(p: Proposal, now: Date) {
  return {
    id: p.id,
    status: statusAt(p, now),
    action: p.action,
    fund: p.fund,
    target: p.target,
    body: p.body,
    documents: p.documents,
    proposer: p.proposer.name,
    requiredApprovals: p.requiredApprovals,
    approvals: approvalsOf(p),
    decisions: p.decisions,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    decidedAt: p.decidedAt,
    ...(p.status === 'executed' ? { result: p.result, entryId: p.entryId } : {}),
  };
}

export function presentPolicy(p: ApprovalPolicy) {
  return { fund: p.fund, actions: p.actions, requiredApprovals: p.requiredApprovals, source: p.source, updatedAt: p.updatedAt, updatedBy: p.updatedBy };
}
