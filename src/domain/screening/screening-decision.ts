import type { CriterionResult } from './criterion';
import { severity, type PledgeLevel } from './pledge-level';

export type Decision = 'eligible' | 'needs_review' | 'ineligible';
export type Route = 'relief' | 'ma';

/** Any fail → ineligible; else any review → needs_review; else eligible. */
export function decide(criteria: readonly CriterionResult[]): Decision {
  if (criteria.some((c) => c.outcome === 'fail')) return 'ineligible';
  if (criteria.some((c) => c.outcome === 'review')) return 'needs_review';
  return 'eligible';
}

/**
 * Routes an eligible applicant may take: `relief` at elevated pledge risk or worse, `ma` when it
 * brings an acquisition project. Relief comes first when both apply: pledge risk is the urgent one.
 */
export function eligibleRoutes(decision: Decision, level: PledgeLevel, acquisitionProject: boolean | undefined): Route[] {
  if (decision !== 'eligible') return [];
  const routes: Route[] = [];
  if (severity(level) >= severity('elevated')) routes.push('relief');
  if (acquisitionProject === true) routes.push('ma');
  return routes;
}

/** The recommended route: the first eligible one, or null. */
export function recommendRoute(decision: Decision, level: PledgeLevel, acquisitionProject: boolean | undefined): Route | null {
  return eligibleRoutes(decision, level, acquisitionProject)[0] ?? null;
}
