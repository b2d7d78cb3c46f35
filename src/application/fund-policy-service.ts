import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fund, FundPolicy } from '../domain/funds/fund';
import { assertNotRetroactive, policyOn, type FundPolicyVersion } from '../domain/funds/fund-policy';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { CommandContext } from './command-runner';
import type { Booked } from './events/event-support';

/** A change of a fund's limits: the limits named (null: no limit), from when, and why. */
export interface PolicyChange {
  maxCompanyShare?: string | null;
  maxGovernmentShare?: string | null;
  /** Default: today. Never before today. */
  effectiveFrom?: IsoDate;
  reason: string;
}

/** The fund's limits in force on `date` (a write's value date): its versions, else the policy it was set up with. */
export async function policyInForce(repos: Repositories, fund: Fund, date: IsoDate): Promise<FundPolicy> {
  return policyOn(fund.policy, await repos.fundPolicies.versions([fund.code]), date);
}

/**
 * Records a new version of the fund's limits (docs/domain.md, "Fund limits"), effective from
 * `effectiveFrom` (today by default, never earlier), the fields not named kept as they stand on
 * that date. A fund with nothing booked and no version yet is being set up: without an
 * `effectiveFrom` the change sets its base limits, in force from its start. The caller is an admin, or the committee's approval of an admin's proposal.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED (a retroactive date, nothing to change)
 */
export async function setFundPolicy(repos: Repositories, ctx: CommandContext, code: string, change: PolicyChange, today: IsoDate): Promise<Booked<{ fund: string; version: FundPolicyVersion } | { fund: string; base: FundPolicy }>> {
  const fund = (await repos.funds.lockFunds([code])).get(code);
  if (!fund) throw DomainError.notFound('fund', code);
  const effectiveFrom = change.effectiveFrom ?? today;
  assertNotRetroactive(effectiveFrom, today);
  if (change.maxCompanyShare === undefined && change.maxGovernmentShare === undefined) {
    throw DomainError.validation([{ field: 'maxGovernmentShare', message: 'name at least one limit to change (maxCompanyShare, maxGovernmentShare)' }]);
  }
  const versions = await repos.fundPolicies.versions([code]);
  const before = policyOn(fund.policy, versions, effectiveFrom);
  const after: FundPolicy = {
    maxCompanyShare: change.maxCompanyShare === undefined ? before.maxCompanyShare : change.maxCompanyShare,
    maxGovernmentShare: change.maxGovernmentShare === undefined ? before.maxGovernmentShare : change.maxGovernmentShare,
  };
  // A fund with nothing booked and no version yet is being set up: its limits are its base, from
  // its start (there is no history a change could reach back into).
  if (versions.length === 0 && change.effectiveFrom === undefined && (await repos.journal.firstEntryDate(code)) === null) {
    await repos.funds.updateFund(code, { policy: after });
    return { result: { fund: code, base: after }, target: `funds/${code}/policy`, detail: { setup: true, from: before, to: after, reason: change.reason } };
  }
  const version = await repos.fundPolicies.insert({ fund: code, effectiveFrom, ...after, reason: change.reason, recordedAt: ctx.now.toISOString(), actor: ctx.actor.name });
  return { result: { fund: code, version }, target: `funds/${code}/policy`, detail: { effectiveFrom, from: before, to: after, reason: change.reason, version: version.id } };
}

/** The fund's limits: in force today, the policy it was set up with, and every version. */
export async function fundPolicySchedule(db: Database, code: string, today: IsoDate): Promise<{ fund: string; inForce: FundPolicy; base: FundPolicy; versions: FundPolicyVersion[] }> {
  return db.read(async (repos) => {
    const fund = await repos.funds.fund(code);
    if (!fund) throw DomainError.notFound('fund', code);
    const versions = await repos.fundPolicies.versions([code]);
    return { fund: code, inForce: policyOn(fund.policy, versions, today), base: fund.policy, versions };
  });
}
