import Big from 'big.js';
import type { FieldError } from '../errors';
import type { IsoDate } from '../dates';

/**
 * A fund's terms: the partnership agreement's economics (docs/fund-terms.md). Rates and fractions
 * are decimal strings, never JS numbers; dates are YYYY-MM-DD. A fund's terms are versioned: each
 * version holds from its `effectiveFrom`, and a later version never rewrites an earlier one.
 */
export interface FundTerms {
  effectiveFrom: IsoDate;
  /** The investor (category `manager`) that receives fees, catch-up and carry. */
  manager: string;
  investmentPeriodEnd: IsoDate;
  managementFee: {
    /** Per year, on fee-paying commitments, while the investment period lasts. */
    investmentPeriodRate: string;
    /** Per year, on the fund's net invested cost, after the investment period. */
    postPeriodRate: string;
    /** Investors that pay no fee (e.g. the parent fund). */
    exempt?: string[];
  };
  /** Preferred return, simple per year, act/365. */
  hurdleRate: string;
  /** Share of each yuan of tier 3 that goes to the manager. */
  catchUp: string;
  carry: string;
  /** 让利: government-class investors cede this fraction of their tier-4 profit to social-class ones. */
  governmentProfitShare?: { cededFraction: string };
  /** 违约金: per day on the overdue part of a call. */
  lateInterestRate?: string;
  /** Simple per year, act/365, on a subsequent closing's catch-up. */
  equalisationRate: string;
}

/** A stored version of a fund's terms: the terms object with who recorded which version when (JSON as is). */
export interface TermsVersion extends FundTerms {
  fund: string;
  version: number;
  recordedAt: string;
  actor: string;
}

/** A fraction from 0 to 1 with at most 6 decimals: "0.0200", "1.00", "0". */
const FRACTION_PATTERN = '^(0(\\.[0-9]{1,6})?|1(\\.0{1,6})?)$';
const fraction = (description: string) => ({ type: 'string', pattern: FRACTION_PATTERN, maxLength: 8, description }) as const;
const date = { type: 'string', format: 'date', description: 'a calendar date YYYY-MM-DD' } as const;
const code = { type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{0,39}$', description: 'an investor code, e.g. "PHX"' } as const;

/** JSON Schema of the terms object; compiled once by the service's shared ajv and published in OpenAPI. */
export const TERMS_SCHEMA = {
  type: 'object',
  properties: {
    effectiveFrom: date,
    manager: code,
    investmentPeriodEnd: date,
    managementFee: {
      type: 'object',
      properties: {
        investmentPeriodRate: fraction('a rate per year from "0" to "1", e.g. "0.0200"'),
        postPeriodRate: fraction('a rate per year from "0" to "1", e.g. "0.0100"'),
        exempt: { type: 'array', items: code, uniqueItems: true, maxItems: 1000 },
      },
      required: ['investmentPeriodRate', 'postPeriodRate'],
      additionalProperties: false,
    },
    hurdleRate: fraction('a rate per year from "0" to "1", e.g. "0.0800"'),
    catchUp: fraction('a share from "0" to "1", e.g. "1.00"'),
    carry: fraction('a share from "0" to "1", e.g. "0.20"'),
    governmentProfitShare: {
      type: 'object',
      properties: { cededFraction: fraction('a share from "0" to "1", e.g. "0.50"') },
      required: ['cededFraction'],
      additionalProperties: false,
    },
    lateInterestRate: fraction('a rate per day from "0" to "1", e.g. "0.0005"'),
    equalisationRate: fraction('a rate per year from "0" to "1", e.g. "0.0600"'),
  },
  required: ['effectiveFrom', 'manager', 'investmentPeriodEnd', 'managementFee', 'hurdleRate', 'catchUp', 'carry', 'equalisationRate'],
  additionalProperties: false,
} as const;

/**
 * The invariants a schema cannot say. The catch-up must outrun the carry (or be 0): with
 * 0 < catchUp <= carry the manager would never reach its carry share and tier 3 would take
 * every later yuan. A carry of 1 would leave investors no profit at all.
 */
export function termsProblems(terms: FundTerms, prefix = ''): FieldError[] {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const problems: FieldError[] = [];
  const catchUp = new Big(terms.catchUp);
  const carry = new Big(terms.carry);
  if (carry.eq(1)) problems.push({ field: at('carry'), message: 'must be below 1' });
  if (catchUp.gt(0) && catchUp.lte(carry)) {
    problems.push({ field: at('catchUp'), message: `must be 0 or greater than carry (${terms.carry})` });
  }
  return problems;
}
