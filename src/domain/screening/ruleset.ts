import Big from 'big.js';
import type { FieldError } from '../errors';

/**
 * The eligibility rule set: every threshold of docs/domain.md (Screening) as data. Versioned; a screening
 * stores the version it used, so a new version never changes a past result.
 * Ratios, lines and money are decimal strings (never JS floats); ratings and counts are integers.
 */
export interface Ruleset {
  /** Exchanges that count as an A-share listing. */
  eligibleExchanges: string[];
  /** Six-digit administrative division codes where the company must be registered (330110 = 余杭区). */
  eligibleDistricts: string[];
  /** CSRC industry sections that are not the real economy (J finance, K real estate). */
  excludedIndustrySections: string[];
  /** Main-business revenue / total revenue must reach this share. */
  minMainBusinessShare: string;
  /** Analyst ratings 1–5. */
  minProspectsRating: number;
  minManagementRating: number;
  /** Major violations of the controlling shareholder and actual controller counted over this window. */
  violationLookBackMonths: number;
  /** Most major violations allowed within the window. */
  maxMajorViolations: number;
  pledge: PledgeRules;
}

export interface PledgeRules {
  /** Lines a tranche uses when it states none (预警线 / 平仓线). */
  defaultWarningLine: string;
  defaultLiquidationLine: string;
  /** Shareholder or company pledge ratio at or above this is `elevated`. */
  elevatedPledgeRatio: string;
  /** Shareholder pledge ratio above this sets `enhancedReview`. */
  enhancedReviewRatio: string;
  /** Relief quota = holding market value × (shareholder ratio − this), capped. */
  reliefQuotaBaseRatio: string;
  /** Yuan, 2 decimals. */
  reliefQuotaCap: string;
}

export const DEFAULT_RULESET: Ruleset = Object.freeze({
  eligibleExchanges: ['SSE', 'SZSE', 'BSE'],
  eligibleDistricts: ['330110'],
  excludedIndustrySections: ['J', 'K'],
  minMainBusinessShare: '0.70',
  minProspectsRating: 3,
  minManagementRating: 3,
  violationLookBackMonths: 36,
  maxMajorViolations: 0,
  pledge: Object.freeze({
    defaultWarningLine: '1.60',
    defaultLiquidationLine: '1.40',
    elevatedPledgeRatio: '0.50',
    enhancedReviewRatio: '0.80',
    reliefQuotaBaseRatio: '0.50',
    reliefQuotaCap: '1000000000.00',
  }),
}) as Ruleset;

/**
 * Invariants JSON Schema cannot state: the liquidation line lies at or below the warning line.
 * Returns the failing fields (empty when the rule set is consistent).
 */
export function rulesetProblems(rules: Ruleset, prefix = 'rules'): FieldError[] {
  const problems: FieldError[] = [];
  if (new Big(rules.pledge.defaultLiquidationLine).gt(rules.pledge.defaultWarningLine)) {
    problems.push({
      field: `${prefix}.pledge.defaultLiquidationLine`,
      message: `must not be above the warning line ${rules.pledge.defaultWarningLine}`,
    });
  }
  return problems;
}
