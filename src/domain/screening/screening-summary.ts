/**
 * What the investment gate reads about a company's screening (contract with the funds module).
 * `pledgeLevel` and `route` are current: after the latest market-price re-evaluation.
 */
export interface ScreeningSummary {
  id: number;
  stockCode: string;
  companyName: string;
  decision: 'eligible' | 'needs_review' | 'ineligible';
  route: 'relief' | 'ma' | null;
  pledgeLevel: 'normal' | 'elevated' | 'warning' | 'critical';
  screenedOn: string /* YYYY-MM-DD */;
  rulesetVersion: number;
}
