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

/**
 * The short form a batch answers with by default: the verdict, each criterion's outcome and the
 * headline pledge figures. The full result, reasons included, is at GET /screenings/{id}.
 */
export function screeningBrief(s: StoredScreening) {
  const risk = s.result.pledgeRisk;
  return {
    id: s.id,
    stockCode: s.stockCode,
    companyName: s.companyName,
    screenedOn: s.screenedOn,
    rulesetVersion: s.rulesetVersion,
    decision: s.result.decision,
    route: s.result.route,
    routes: s.result.routes,
    criteria: s.result.criteria.map((c) => ({ id: c.id, outcome: c.outcome })),
    pledgeRisk: {
      level: risk.level,
      enhancedReview: risk.enhancedReview,
      shareholderPledgeRatio: risk.shareholderPledgeRatio,
      companyPledgeRatio: risk.companyPledgeRatio,
      reliefQuota: risk.reliefQuota,
      minBuffer: risk.minBuffer,
    },
  };
}

export type ScreeningView = ReturnType<typeof screeningView>;
export type ScreeningBrief = ReturnType<typeof screeningBrief>;
