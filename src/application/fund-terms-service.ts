import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { termsProblems, type FundTerms, type TermsVersion } from '../domain/terms/fund-terms';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

/**
 * Records a new version of a fund's terms (already shape-checked against TERMS_SCHEMA). Earlier
 * versions stay as they were: the version in force at a date is the latest effective by then.
 * @throws DomainError NOT_FOUND (fund or manager), NOT_A_MANAGER, VALIDATION_FAILED (cross-field
 *   rules, unknown exempt investors), CONFLICT (a concurrent version), IDEMPOTENCY_CONFLICT
 */
export function setTerms(db: Database, ctx: CommandContext, fund: string, terms: FundTerms): Promise<CommandOutcome<TermsVersion>> {
  return runCommand(db, ctx, {
    action: 'fund.terms.set',
    async execute(repos) {
      if (!(await repos.funds.lockFunds([fund])).has(fund)) throw DomainError.notFound('fund', fund);
      await checkParties(repos, terms);
      const problems = termsProblems(terms);
      if (problems.length) throw DomainError.validation(problems);
      const stored = await repos.terms.insert(fund, terms, ctx.now.toISOString(), ctx.actor.name);
      return { result: stored, target: `funds/${fund}/terms/${stored.version}`, detail: { version: stored.version, effectiveFrom: terms.effectiveFrom } };
    },
  });
}

/**
 * The version of the fund's terms in force on `asOf`.
 * @throws DomainError NOT_FOUND (the fund, or no terms in force on that date)
 */
export async function getTerms(db: Database, fund: string, asOf: IsoDate): Promise<TermsVersion> {
  return db.read(async (repos) => {
    if (!(await repos.funds.fund(fund))) throw DomainError.notFound('fund', fund);
    const version = await repos.terms.inForce(fund, asOf);
    if (!version) throw new DomainError('NOT_FOUND', `fund ${fund} has no terms in force on ${asOf}`, { resource: 'terms', key: fund, asOf });
    return version;
  });
}

export interface TermsHistory {
  fund: string;
  asOf: IsoDate;
  /** The number of the version in force on `asOf`, or null when none is. */
  inForce: number | null;
  /** Every version, oldest first. */
  versions: TermsVersion[];
}

/**
 * Every version of a fund's terms and which is in force on `asOf`; an empty history for a fund
 * without terms.
 * @throws DomainError NOT_FOUND (the fund)
 */
export async function termsHistory(db: Database, fund: string, asOf: IsoDate): Promise<TermsHistory> {
  return db.read(async (repos) => {
    if (!(await repos.funds.fund(fund))) throw DomainError.notFound('fund', fund);
    const inForce = await repos.terms.inForce(fund, asOf);
    return { fund, asOf, inForce: inForce?.version ?? null, versions: await repos.terms.versions(fund) };
  });
}

/** The terms in force for a fund on a date inside a unit of work, or null (a fund without terms). */
export async function termsInForce(repos: Repositories, fund: string, date: IsoDate): Promise<FundTerms | null> {
  return repos.terms.inForce(fund, date);
}

async function checkParties(repos: Repositories, terms: FundTerms): Promise<void> {
  const manager = await repos.funds.investor(terms.manager);
  if (!manager) throw DomainError.notFound('investor', terms.manager);
  if (manager.category !== 'manager') {
    throw new DomainError('NOT_A_MANAGER', `investor ${manager.code} is of category ${manager.category}, not manager: register the fund manager as an investor of category manager`, {
      field: 'manager',
      investor: manager.code,
      category: manager.category,
    });
  }
  const exempt = terms.managementFee.exempt ?? [];
  const known = new Set((await repos.funds.investors(exempt)).map((i) => i.code));
  const unknown = exempt.map((code, i) => ({ code, i })).filter(({ code }) => !known.has(code));
  if (unknown.length) throw DomainError.validation(unknown.map(({ code, i }) => ({ field: `managementFee.exempt.${i}`, message: `investor ${code} does not exist` })));
}
