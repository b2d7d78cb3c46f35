import { DomainError } from '../../domain/errors';
import { defaultPolicy, type ApprovalPolicy } from '../../domain/approvals/approval-policy';
import type { Database } from '../../data/database';
import type { Repositories } from '../../data/repositories';
import { runCommand, type CommandContext, type CommandOutcome } from '../command-runner';

/** How the service treats a fund that has no stored policy (PHOENIX_APPROVALS). */
export type ApprovalDefaults = 'on' | 'off';

/** The fund's stored policy, else the default. @throws DomainError NOT_FOUND */
export async function policyOf(repos: Repositories, fund: string, defaults: ApprovalDefaults): Promise<ApprovalPolicy> {
  if (!(await repos.funds.fund(fund))) throw DomainError.notFound('fund', fund);
  return (await repos.approvals.storedPolicy(fund)) ?? defaultPolicy(fund, defaults);
}

export function getApprovalPolicy(db: Database, fund: string, defaults: ApprovalDefaults): Promise<ApprovalPolicy> {
  return db.read((repos) => policyOf(repos, fund, defaults));
}

/**
 * Stores a fund's policy (admin). Actions are checked against what can be proposed by the caller,
 * which knows the event registry.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED
 */
export function setApprovalPolicy(
  db: Database,
  ctx: CommandContext,
  input: { fund: string; actions: string[]; requiredApprovals: number },
  known: readonly string[],
): Promise<CommandOutcome<ApprovalPolicy>> {
  return runCommand(db, ctx, {
    action: 'approval_policy.set',
    async execute(repos) {
      const unknown = input.actions.filter((a) => !known.includes(a));
      if (unknown.length > 0) {
        throw DomainError.validation([{ field: 'actions', message: `unknown action ${unknown.join(', ')}; one of ${known.join(', ')}` }]);
      }
      await repos.funds.lockFunds([input.fund]);
      if (!(await repos.funds.fund(input.fund))) throw DomainError.notFound('fund', input.fund);
      const policy: ApprovalPolicy = {
        fund: input.fund,
        actions: [...new Set(input.actions)].sort(),
        requiredApprovals: input.requiredApprovals,
        source: 'stored',
        updatedAt: ctx.now.toISOString(),
        updatedBy: ctx.actor.name,
      };
      await repos.approvals.savePolicy({ ...policy, updatedAt: policy.updatedAt!, updatedBy: policy.updatedBy! });
      return { result: policy, target: `funds/${input.fund}/approval-policy`, detail: { actions: policy.actions, requiredApprovals: policy.requiredApprovals } };
    },
  });
}
