import type { IsoDate } from '../dates';
import type { Applicant } from './applicant';
import type { Criterion, CriterionResult } from './criterion';
import { mainBusinessFocus, managementTeam, marketProspects, operatingCondition } from './financial-criteria';
import { noDishonestyRecord, noMajorViolation } from './integrity-criteria';
import { district, listed, realEconomy, riskWarning } from './listing-criteria';
import type { Ruleset } from './ruleset';

/** The ten criteria of docs/domain.md (Screening), in the order a screening reports them. */
export const CRITERIA: readonly Criterion[] = [
  listed,
  riskWarning,
  district,
  realEconomy,
  mainBusinessFocus,
  operatingCondition,
  marketProspects,
  managementTeam,
  noMajorViolation,
  noDishonestyRecord,
];

export function evaluateCriteria(applicant: Applicant, rules: Ruleset, screenedOn: IsoDate): CriterionResult[] {
  return CRITERIA.map((criterion) => criterion(applicant, rules, screenedOn));
}
