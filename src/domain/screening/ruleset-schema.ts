/**
 * JSON Schema of a rule set document (see ruleset.ts). Validated with the service's shared ajv and
 * published in the OpenAPI document; cross-field invariants live in rulesetProblems().
 */
const RATIO_PATTERN = '^(0|[1-9][0-9]{0,5})(\\.[0-9]{1,4})?$';

const ratioSchema = {
  type: 'string',
  pattern: RATIO_PATTERN,
  maxLength: 11,
  description: 'a non-negative decimal string with at most 4 decimals, e.g. "0.70"',
} as const;

const lineSchema = {
  type: 'string',
  pattern: '^[1-9][0-9]?(\\.[0-9]{1,4})?$',
  description: 'a coverage line as a decimal string from 1 to 99 with at most 4 decimals, e.g. "1.60"',
} as const;

const ratingSchema = { type: 'integer', minimum: 1, maximum: 5 } as const;

export const RULESET_SCHEMA = {
  type: 'object',
  properties: {
    eligibleExchanges: {
      type: 'array',
      items: { type: 'string', enum: ['SSE', 'SZSE', 'BSE'] },
      minItems: 1,
      uniqueItems: true,
    },
    eligibleDistricts: {
      type: 'array',
      items: { type: 'string', pattern: '^[0-9]{6}$', description: 'a six-digit administrative division code' },
      minItems: 1,
      maxItems: 5000,
      uniqueItems: true,
    },
    excludedIndustrySections: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-T]$', description: 'a CSRC industry section letter A to T' },
      uniqueItems: true,
    },
    minMainBusinessShare: { ...ratioSchema, pattern: '^(0(\\.[0-9]{1,4})?|1(\\.0{1,4})?)$', description: 'a share from 0 to 1, e.g. "0.70"' },
    minProspectsRating: ratingSchema,
    minManagementRating: ratingSchema,
    violationLookBackMonths: { type: 'integer', minimum: 1, maximum: 240 },
    maxMajorViolations: { type: 'integer', minimum: 0, maximum: 1000 },
    pledge: {
      type: 'object',
      properties: {
        defaultWarningLine: lineSchema,
        defaultLiquidationLine: lineSchema,
        elevatedPledgeRatio: ratioSchema,
        enhancedReviewRatio: ratioSchema,
        reliefQuotaBaseRatio: ratioSchema,
        reliefQuotaCap: {
          type: 'string',
          pattern: '^(0|[1-9][0-9]{0,14})(\\.[0-9]{1,2})?$',
          description: 'a decimal string in yuan with at most 2 decimals, e.g. "1000000000.00"',
        },
      },
      required: [
        'defaultWarningLine',
        'defaultLiquidationLine',
        'elevatedPledgeRatio',
        'enhancedReviewRatio',
        'reliefQuotaBaseRatio',
        'reliefQuotaCap',
      ],
      additionalProperties: false,
    },
  },
  required: [
    'eligibleExchanges',
    'eligibleDistricts',
    'excludedIndustrySections',
    'minMainBusinessShare',
    'minProspectsRating',
    'minManagementRating',
    'violationLookBackMonths',
    'maxMajorViolations',
    'pledge',
  ],
  additionalProperties: false,
} as const;
