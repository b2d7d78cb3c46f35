import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { Fund, FundPolicy } from '../domain/funds/fund';
import { assertNotRetroactive, policyOn, type FundPolicyVersion } from '../domain/funds/fund-policy';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { CommandContext } from './command-runner';
import type { Booked } from './events/event-support';
import { GOVERNMENT_CAPITAL_RULES, INSTRUMENTS, instrumentProblem, type Instrument, type InstrumentRule } from '../domain/deals/instrument';
import { investorFigures } from '../domain/funds/fund-figures';
import { investorAccountPrefixes } from '../domain/funds/chart-of-accounts';

/** A change of a fund's limits: the limits named (null: no limit), from when, and why. */
export interface PolicyChange {
  maxCompanyShare?: string | null;
  maxGovernmentShare?: string | null;
  /** The instruments the fund may hold; null: every one (less the rules on government capital). */
  allowedInstruments?: readonly Instrument[] | null;
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
  if (change.maxCompanyShare === undefined && change.maxGovernmentShare === undefined && change.allowedInstruments === undefined) {
    throw DomainError.validation([{ field: 'maxGovernmentShare', message: 'name at least one limit to change (maxCompanyShare, maxGovernmentShare, allowedInstruments)' }]);
  }
  const versions = await repos.fundPolicies.versions([code]);
  const before = policyOn(fund.policy, versions, effectiveFrom);
  const allowedInstruments = change.allowedInstruments === undefined ? (before.allowedInstruments ?? null) : change.allowedInstruments === null ? null : [...new Set(change.allowedInstruments)];
  const after: FundPolicy = {
    maxCompanyShare: change.maxCompanyShare === undefined ? before.maxCompanyShare : change.maxCompanyShare,
    maxGovernmentShare: change.maxGovernmentShare === undefined ? before.maxGovernmentShare : change.maxGovernmentShare,
    ...(allowedInstruments === null ? {} : { allowedInstruments }),
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

/** Whether government-class investors have committed to the fund (the rules on government capital then apply). */
export async function holdsGovernmentCapital(repos: Repositories, fund: string): Promise<boolean> {
  const byInvestor = investorFigures(await repos.journal.balancesUnder(investorAccountPrefixes(fund))).filter((f) => f.committed > 0n);
  if (byInvestor.length === 0) return false;
  const investors = await repos.funds.investors(byInvestor.map((f) => f.investor));
  return investors.some((i) => i.capitalClass === 'government');
}

/** A fund's investment policy under its own names, with what it means today. */
export interface InvestmentPolicy {
  fund: string;
  /** As set (null: every instrument). */
  allowedInstruments: readonly Instrument[] | null;
  /** What the fund may hold today without an override: the list, less the rules on government capital. */
  permittedInstruments: Instrument[];
  singleInvesteeMax: string | null;
  governmentCapitalCap: string | null;
  governmentCapital: boolean;
  /** The rules on government-class capital that apply to this fund (empty without government capital). */
  rules: InstrumentRule[];
  versions: FundPolicyVersion[];
}

/** @throws DomainError NOT_FOUND */
export async function investmentPolicyOf(db: Database, code: string, today: IsoDate): Promise<InvestmentPolicy> {
  return db.read(async (repos) => {
    const fund = await repos.funds.fund(code);
    if (!fund) throw DomainError.notFound('fund', code);
    const versions = await repos.fundPolicies.versions([code]);
    const inForce = policyOn(fund.policy, versions, today);
    const governmentCapital = await holdsGovernmentCapital(repos, code);
    const allowedInstruments = inForce.allowedInstruments ?? null;
    return {
      fund: code,
      allowedInstruments,
      permittedInstruments: INSTRUMENTS.filter((instrument) => instrumentProblem({ fund: code, instrument, allowedInstruments, governmentCapital }) === null),
      singleInvesteeMax: inForce.maxCompanyShare,
      governmentCapitalCap: inForce.maxGovernmentShare,
      governmentCapital,
      rules: governmentCapital ? [...GOVERNMENT_CAPITAL_RULES] : [],
      versions,
    };
  });
}

/** The investment policy's body as a change of the fund's limits (the same versions, approvals and audit). */
export function investmentPolicyChange(body: {
  allowedInstruments?: readonly Instrument[] | null;
  singleInvesteeMax?: string | null;
  governmentCapitalCap?: string | null;
  effectiveFrom?: IsoDate;
  reason: string;
}): PolicyChange {
  return {
    ...(body.allowedInstruments === undefined ? {} : { allowedInstruments: body.allowedInstruments }),
    ...(body.singleInvesteeMax === undefined ? {} : { maxCompanyShare: body.singleInvesteeMax }),
    ...(body.governmentCapitalCap === undefined ? {} : { maxGovernmentShare: body.governmentCapitalCap }),
    ...(body.effectiveFrom === undefined ? {} : { effectiveFrom: body.effectiveFrom }),
    reason: body.reason,
  };
}
