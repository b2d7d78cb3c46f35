import type { PledgeEvaluation } from '../data/pledge-evaluation-repository';
import type { StoredScreening } from '../data/screening-repository';
import { formatPrice } from '../domain/screening/price';

/**
 * A screening as clients see it (and as an idempotent replay returns it): the result exactly as judged (decision, route, criteria,
 * pledgeRisk) and, under `current`, the pledge level and route after the latest market price.
 */
export function screeningView(s: StoredScreening, options: { applicant?: boolean } = {}) {
  return {
    id: s.id,
    stockCode: s.stockCode,
    companyName: s.companyName,
    screenedOn: s.screenedOn,
    rulesetVersion: s.rulesetVersion,
    decision: s.result.decision,
    route: s.result.route,
    routes: s.result.routes,
    criteria: s.result.criteria,
    pledgeRisk: s.result.pledgeRisk,
    current: { pledgeLevel: s.pledgeLevel, route: s.route },
    createdAt: s.createdAt,
    actor: s.actor,
    ...(options.applicant ? { applicant: s.applicant } : {}),
  };
}

export function evaluationView(e: PledgeEvaluation & { id: number }) {
  return {
    id: e.id,
    priceDate: e.priceDate,
    close: formatPrice(e.close),
    level: e.level,
    previousLevel: e.previousLevel,
    levelChanged: e.level !== e.previousLevel,
    route: e.route,
    pledgeRisk: e.pledgeRisk,
    evaluatedAt: e.evaluatedAt,
  };
}

export type ScreeningView = ReturnType<typeof screeningView>;
