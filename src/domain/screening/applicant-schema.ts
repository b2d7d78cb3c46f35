import { YUAN_SCHEMA_PATTERN } from '../money';

/**
 * JSON Schema of an applicant (docs/domain.md, Contract). Shapes and ranges only; relations between
 * fields (pledged shares within shares held, liquidation line below warning line) are checked by
 * applicantProblems(). Every field but the stock code and name may be absent.
 */
export const STOCK_CODE_PATTERN = '^[0-9]{6}\\.(SH|SZ|BJ)$';

/**
 * Any exchange's code with its suffix ("600000.SH", "09999.HK"): an applicant listed outside the
 * A-share exchanges is screened and fails `listed`, not refused as malformed. Investments and
 * price feeds keep the A-share pattern.
 */
export const LISTING_CODE_PATTERN = '^[0-9A-Z]{1,7}\\.[A-Z]{1,4}$';

const stockCode = {
  type: 'string',
  pattern: LISTING_CODE_PATTERN,
  maxLength: 12,
  description: 'a stock code with its exchange suffix, e.g. "600000.SH", "300001.SZ", "830001.BJ", or "09999.HK" (exchange other)',
} as const;

const money = {
  type: 'string',
  pattern: YUAN_SCHEMA_PATTERN,
  maxLength: 20,
  description: 'a decimal string in yuan with at most 2 decimals, e.g. "1000000.00"',
} as const;

const signedMoney = {
  type: 'string',
  pattern: '^-?(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$',
  maxLength: 21,
  description: 'a signed decimal string in yuan with at most 2 decimals, e.g. "-1500.00"',
} as const;

/** A positive price: up to 8 integer digits and 4 decimals, zero refused. */
const PRICE_PATTERN = '^(?!0(\\.0+)?$)(0|[1-9][0-9]{0,7})(\\.[0-9]{1,4})?$';

export const priceSchema = {
  type: 'string',
  pattern: PRICE_PATTERN,
  description: 'a positive decimal string in yuan with at most 4 decimals, e.g. "12.3400"',
} as const;

const line = {
  type: 'string',
  pattern: '^[1-9][0-9]?(\\.[0-9]{1,4})?$',
  description: 'a coverage line as a decimal string from 1 to 99 with at most 4 decimals, e.g. "1.60"',
} as const;

/** Share counts: whole shares, below 10^13 (the largest A-share company has about 3.6 × 10^11). */
const shares = { type: 'integer', minimum: 0, maximum: 9_999_999_999_999 } as const;
const rating = { type: 'integer', minimum: 1, maximum: 5 } as const;
const count = { type: 'integer', minimum: 0, maximum: 10_000 } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;

const violation = {
  type: 'object',
  properties: {
    date: { type: 'string', format: 'date', description: 'a calendar date YYYY-MM-DD' },
    kind: { type: 'string', maxLength: 100 },
    description: { type: 'string', maxLength: 1000 },
  },
  required: ['date'],
  additionalProperties: false,
} as const;

const partyProperties = {
  name,
  majorViolations36m: count,
  violations: { type: 'array', items: violation, maxItems: 1000 },
  dishonestDebtor: { type: 'boolean' },
} as const;

const trancheSchema = {
  type: 'object',
  properties: {
    lender: { type: 'string', maxLength: 200 },
    pledgedShares: { ...shares, minimum: 1 },
    principal: money,
    repaid: money,
    accruedInterest: money,
    warningLine: line,
    liquidationLine: line,
  },
  required: ['pledgedShares', 'principal'],
  additionalProperties: false,
} as const;

export const APPLICANT_SCHEMA = {
  type: 'object',
  properties: {
    stockCode,
    name,
    exchange: { type: 'string', enum: ['SSE', 'SZSE', 'BSE', 'other'] },
    listingStatus: { type: 'string', enum: ['listed', 'suspended', 'delisted'] },
    riskWarning: { type: 'string', enum: ['none', 'ST', '*ST'] },
    registeredDistrict: { type: 'string', pattern: '^[0-9]{6}$', description: 'a six-digit administrative division code, e.g. "330110"' },
    industrySection: { type: 'string', pattern: '^[A-T]$', description: 'a CSRC industry section letter A to T' },
    mainBusinessRevenue: money,
    totalRevenue: money,
    netAssets: signedMoney,
    netProfit: signedMoney,
    operatingCashFlow: signedMoney,
    prospectsRating: rating,
    managementRating: rating,
    acquisitionProject: { type: 'boolean' },
    companyDishonestDebtor: { type: 'boolean' },
    totalShares: { ...shares, minimum: 1 },
    pledgedSharesTotal: shares,
    sharePrice: priceSchema,
    controllingShareholder: {
      type: 'object',
      properties: { ...partyProperties, sharesHeld: shares, sharesPledged: shares },
      additionalProperties: false,
    },
    actualController: { type: 'object', properties: partyProperties, additionalProperties: false },
    pledges: { type: 'array', items: trancheSchema, maxItems: 200 },
  },
  required: ['stockCode', 'name'],
  additionalProperties: false,
} as const;
