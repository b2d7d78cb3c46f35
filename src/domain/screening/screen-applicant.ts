import type { IsoDate } from '../dates';
import type { Applicant } from './applicant';
import { evaluateCriteria } from './criteria';
import type { CriterionResult } from './criterion';
import { assessPledgeRisk, type PledgeRisk } from './pledge-risk';
import type { Ruleset } from './ruleset';
import { decide, eligibleRoutes, type Decision, type Route } from './screening-decision';

/** Everything one screening concludes; stored as it was and never recomputed. */
export interface ScreeningResult {
  decision: Decision;
  route: Route | null;
  routes: Route[];
  criteria: CriterionResult[];
  pledgeRisk: PledgeRisk;
}

/** Judges one (already validated) applicant against one rule set on a date. Pure. */
export function screenApplicant(applicant: Applicant, rules: Ruleset, screenedOn: IsoDate): ScreeningResult {
  const criteria = evaluateCriteria(applicant, rules, screenedOn);
  const decision = decide(criteria);
  const pledgeRisk = assessPledgeRisk(applicant, rules.pledge);
  const routes = eligibleRoutes(decision, pledgeRisk.level, applicant.acquisitionProject);
  return { decision, route: routes[0] ?? null, routes, criteria, pledgeRisk };
}
