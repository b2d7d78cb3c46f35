import type { IsoDate } from '../dates';
import type { Applicant } from './applicant';
import type { Ruleset } from './ruleset';

export type Outcome = 'pass' | 'fail' | 'review';

export type CriterionId =
  | 'listed'
  | 'risk_warning'
  | 'district'
  | 'real_economy'
  | 'main_business_focus'
  | 'operating_condition'
  | 'market_prospects'
  | 'management_team'
  | 'no_major_violation'
  | 'no_dishonesty_record';

/** Why an outcome was reached, in Chinese and English. */
export interface Reason {
  zh: string;
  en: string;
}

export interface CriterionResult {
  id: CriterionId;
  outcome: Outcome;
  reason: Reason;
}

/** A criterion is a pure function of the applicant, the rule set and the screening date. */
export type Criterion = (applicant: Applicant, rules: Ruleset, screenedOn: IsoDate) => CriterionResult;

export function result(id: CriterionId, outcome: Outcome, zh: string, en: string): CriterionResult {
  return { id, outcome, reason: { zh, en } };
}

/** The absent-data outcome: a person must look; never a pass. */
export function missing(id: CriterionId, fields: string[]): CriterionResult {
  return result(id, 'review', `缺少数据：${fields.join('、')}，需人工复核`, `data missing: ${fields.join(', ')}; a person must review`);
}
