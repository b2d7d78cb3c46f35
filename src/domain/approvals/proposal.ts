import { DomainError } from '../errors';
import type { Actor } from '../access/roles';
import { personOf } from './approval-policy';

export type StoredProposalStatus = 'pending' | 'executed' | 'rejected';
/** What a reader sees: a pending proposal past its expiry is `expired` (nothing stores that). */
export type ProposalStatus = StoredProposalStatus | 'expired';

export interface ProposalDecision {
  person: string;
  role: string;
  decision: 'approve' | 'reject';
  comment: string | null;
  at: string;
}

/** A write held for the committee: everything needed to book it later exactly as it was sent. */
export interface Proposal {
  id: number;
  fund: string;
  /** The policy action: an event type or `reversal`. */
  action: string;
  /** The target as the route named it: a fund code, a call / investment id, or an entry id. */
  target: string;
  body: Record<string, unknown>;
  documents: number[];
  /** The caller as a direct post would have named it (the entry's actor), and the person behind it. */
  proposer: { tokenId: number; name: string; role: string; person: string };
  idempotency: { key: string; fingerprint: string } | null;
  requiredApprovals: number;
  status: StoredProposalStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
  /** The write's 201 body once executed. */
  result: unknown;
  entryId: number | null;
  decisions: ProposalDecision[];
}

export function statusAt(proposal: Pick<Proposal, 'status' | 'expiresAt'>, now: Date): ProposalStatus {
  return proposal.status === 'pending' && proposal.expiresAt <= now.toISOString() ? 'expired' : proposal.status;
}

export function approvalsOf(proposal: Pick<Proposal, 'decisions'>): number {
  return proposal.decisions.filter((d) => d.decision === 'approve').length;
}

/**
 * Whether `actor` may approve or reject the proposal now: it must still be pending (not decided,
 * not expired), the decider must not be the proposer, and each person decides once.
 * @throws DomainError PROPOSAL_NOT_PENDING, FORBIDDEN, CONFLICT
 */
export function assertDecidable(proposal: Proposal, actor: Actor, now: Date): void {
  const status = statusAt(proposal, now);
  if (status !== 'pending') {
    throw new DomainError('PROPOSAL_NOT_PENDING', `proposal ${proposal.id} is ${status}`, { proposal: proposal.id, status });
  }
  const person = personOf(actor);
  if (person === proposal.proposer.person) {
    throw new DomainError('FORBIDDEN', `proposal ${proposal.id} was made by ${person}: the proposer never approves or rejects their own proposal`, {
      proposal: proposal.id,
    });
  }
  if (proposal.decisions.some((d) => d.person === person)) {
    throw new DomainError('CONFLICT', `${person} has already decided on proposal ${proposal.id}`, { proposal: proposal.id });
  }
}

/** What is known of the credential a decision is made with, and of the person behind it. */
export interface DeciderCredential {
  person: string;
  /** `person` for a user who signs in; `service` for a token's service user; `system` for none. */
  kind: 'person' | 'service' | 'system';
  via?: 'token' | 'session';
  /** Who issued the token used (its `createdBy`); null for a session. */
  tokenIssuedBy: string | null;
  /** Who last set the person's password (null: unknown, set before this was recorded). */
  passwordSetBy: string | null;
}

/**
 * Maker-checker holds only if the checker is an independent person acting on a credential of
 * their own (docs/security.md, "What an admin can and cannot do alone"): a service token or the
 * system never decides; a token counts only if its holder issued it; a password counts only if its
 * holder set it; and whoever issued a credential the proposal was made with (`excluded`: the
 * proposer's token issuer, the proposer's password setter) is never the checker.
 * @throws DomainError FORBIDDEN naming which rule refused the decision
 */
export function assertIndependentDecider(proposal: Pick<Proposal, 'id'>, decider: DeciderCredential, excluded: readonly string[]): void {
  const refuse = (why: string) => {
    throw new DomainError('FORBIDDEN', `${decider.person} may not decide proposal ${proposal.id}: ${why}`, { proposal: proposal.id });
  };
  if (decider.kind !== 'person') refuse('a service token or the system never decides; committee members sign in as themselves');
  if (decider.via === 'token' && decider.tokenIssuedBy !== decider.person) {
    refuse(`the token used was issued by ${decider.tokenIssuedBy ?? 'someone else'}, not by its holder; sign in, or issue your own token (POST /auth/tokens)`);
  }
  if (decider.passwordSetBy !== decider.person) {
    refuse(
      decider.passwordSetBy === null
        ? 'the password was set before who set it was recorded; change it (POST /auth/password) first'
        : `the password was last set by ${decider.passwordSetBy}; change it yourself (POST /auth/password) first`,
    );
  }
  if (excluded.includes(decider.person)) refuse('they issued a credential the proposal was made with');
}
