import type { Actor } from '../access/roles';

/**
 * The investment committee's maker-checker rule of one fund (docs/approvals.md): which actions a
 * proposal must be approved for, and by how many people other than the proposer.
 */
export interface ApprovalPolicy {
  fund: string;
  /** Event types of the registry, and `reversal`. */
  actions: string[];
  requiredApprovals: number;
  /** `stored` once an admin has set it; `default` while the fund follows PHOENIX_APPROVALS. */
  source: 'stored' | 'default';
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The actions that need approval under PHOENIX_APPROVALS=on (docs/domain.md, Controls). */
export const DEFAULT_APPROVAL_ACTIONS = ['investment', 'exit', 'distribution', 'management_fee', 'reversal', 'policy'] as const;

/** A reversal is proposed like an event; its action name is not an event type. */
export const REVERSAL_ACTION = 'reversal';

/** A change of a fund's limits (PUT /funds/{code}/policy) is proposed like an event too. */
export const POLICY_ACTION = 'policy';

/** The policy a fund without a stored one follows. */
export function defaultPolicy(fund: string, defaults: 'on' | 'off'): ApprovalPolicy {
  return {
    fund,
    actions: defaults === 'on' ? [...DEFAULT_APPROVAL_ACTIONS] : [],
    requiredApprovals: 1,
    source: 'default',
    updatedAt: null,
    updatedBy: null,
  };
}

export function needsApproval(policy: ApprovalPolicy, action: string): boolean {
  return policy.actions.includes(action) && policy.requiredApprovals > 0;
}

/**
 * The person behind a caller, for "the proposer never counts" and "other users": one approval
 * per person, never the proposer's own. A person is a user account, whether it signed in with a
 * password or sent one of its tokens, named by its username (unique and never changed, so the
 * decisions read as who decided); the system's own writers, which have no user, by their label.
 */
export function personOf(actor: Actor): string {
  return actor.userId !== undefined && actor.username ? actor.username : `system:${actor.name}`;
}
