import { CAPITAL_CLASSES, FUND_KINDS, FUND_STATUSES, INVESTOR_CATEGORIES } from '../../domain/funds/fund';
import { INSTRUMENTS } from '../../domain/deals/instrument';
import { EXIT_CHANNELS, EXIT_KINDS } from '../../domain/funds/exit';
import { VALUATION_METHODS } from '../../domain/funds/valuation';
import { EXPENSE_KIND_PATTERN } from '../../domain/funds/expense';
import { QUARTER_PATTERN } from '../../domain/terms/management-fee';
import { codeSchema, dateSchema, moneySchema, textSchema } from './common';

/** Request bodies of the fund manager's resources (docs/domain.md, Contract). */
const ratioSchema = {
  type: ['string', 'null'],
  pattern: '^(0(\\.[0-9]{1,4})?|1(\\.0{1,4})?)$',
  description: 'a share from "0" to "1" with at most 4 decimals, e.g. "0.30"',
} as const;

const allowedInstrumentsSchema = {
  type: ['array', 'null'],
  items: { type: 'string', enum: [...INSTRUMENTS] },
  maxItems: INSTRUMENTS.length,
  uniqueItems: true,
  description: 'the instruments the fund may hold; null: every one, less what the rules on government-class capital forbid (loan)',
} as const;

const policySchema = {
  type: 'object',
  properties: { maxCompanyShare: ratioSchema, maxGovernmentShare: ratioSchema, allowedInstruments: allowedInstrumentsSchema },
  additionalProperties: false,
} as const;

const overrideSchema = {
  type: 'object',
  properties: { reason: { ...textSchema(1000), minLength: 10, description: 'a written reason of at least 10 characters' } },
  required: ['reason'],
  additionalProperties: false,
} as const;

export const investeeCodeSchema = {
  type: 'string',
  pattern: '^([0-9]{6}\\.(SH|SZ|BJ)|[A-Z][A-Z0-9-]{1,11})$',
  description: 'an investee code: a listed company\'s stock code, or 2 to 12 upper-case letters, digits and dashes starting with a letter',
} as const;

const priceSchema = { type: 'string', pattern: '^[0-9]{1,7}(\\.[0-9]{1,4})?$', description: 'a price in yuan with at most 4 decimals' } as const;
const rateSchema = { type: 'string', pattern: '^0(\\.[0-9]{1,6})?$', description: 'a fraction from 0 to below 1 with at most 6 decimals' } as const;
const lineSchema = { type: 'string', pattern: '^[0-9](\\.[0-9]{1,4})?$', description: 'a coverage ratio with at most 4 decimals' } as const;

export const stockCodeSchema = {
  type: 'string',
  pattern: '^[0-9]{6}\\.(SH|SZ|BJ)$',
  description: 'an A-share stock code such as "600000.SH", "300001.SZ" or "830001.BJ"',
} as const;

export const programmeBody = {
  type: 'object',
  properties: { code: codeSchema, name: textSchema(200), governmentCapitalTarget: moneySchema, socialCapitalTarget: moneySchema },
  required: ['code', 'name', 'governmentCapitalTarget', 'socialCapitalTarget'],
  additionalProperties: false,
} as const;

export const fundBody = {
  type: 'object',
  properties: {
    code: codeSchema,
    name: textSchema(200),
    kind: { type: 'string', enum: [...FUND_KINDS] },
    programme: codeSchema,
    parent: codeSchema,
    type: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'a lower-case sub-fund type such as "relief" or "ma"' },
    targetSize: moneySchema,
    inceptionDate: dateSchema,
    policy: policySchema,
  },
  required: ['code', 'name', 'kind'],
  additionalProperties: false,
} as const;

/** PUT /funds/{code}/policy: the limits to change, from when, and why. */
export const fundPolicyBody = {
  type: 'object',
  properties: {
    maxCompanyShare: { ...ratioSchema, description: 'largest share of the target size one company may take; null: no limit' },
    maxGovernmentShare: { ...ratioSchema, description: 'government-class commitments above this share of the target size need an admin override; null: no limit' },
    allowedInstruments: allowedInstrumentsSchema,
    effectiveFrom: { ...dateSchema, description: 'the first value date the new limits govern: today (the default) or later, never earlier' },
    reason: { type: 'string', minLength: 5, maxLength: 500, description: 'why, e.g. the committee resolution or agreement amendment' },
  },
  required: ['reason'],
  additionalProperties: false,
} as const;

/** PUT /funds/{code}/investment-policy: the fund's investment policy under its own names (a version of its limits). */
export const investmentPolicyBody = {
  type: 'object',
  properties: {
    allowedInstruments: allowedInstrumentsSchema,
    singleInvesteeMax: { ...ratioSchema, description: 'largest share of the target size one investee may take (cost of holdings); null: no limit' },
    governmentCapitalCap: { ...ratioSchema, description: 'government-class commitments above this share of the target size need an admin override; null: no limit' },
    effectiveFrom: { ...dateSchema, description: 'the first value date the policy governs: today (the default) or later, never earlier' },
    reason: { type: 'string', minLength: 5, maxLength: 500, description: 'why, e.g. the committee resolution or agreement amendment' },
  },
  required: ['reason'],
  additionalProperties: false,
} as const;

export const fundPatchBody = {
  type: 'object',
  properties: {
    name: textSchema(200),
    status: { type: 'string', enum: [...FUND_STATUSES] },
    targetSize: moneySchema,
    inceptionDate: dateSchema,
    policy: policySchema,
  },
  minProperties: 1,
  additionalProperties: false,
} as const;

export const investorBody = {
  type: 'object',
  properties: {
    code: codeSchema,
    name: textSchema(200),
    category: { type: 'string', enum: [...INVESTOR_CATEGORIES] },
    capitalClass: { type: 'string', enum: [...CAPITAL_CLASSES] },
  },
  required: ['code', 'name', 'category', 'capitalClass'],
  additionalProperties: false,
} as const;

export const commitmentBody = {
  type: 'object',
  properties: {
    investor: codeSchema,
    amount: moneySchema,
    date: dateSchema,
    equalisationDueDate: { ...dateSchema, description: 'due date of a subsequent closing’s equalisation call; default 30 days after date' },
    override: overrideSchema,
  },
  required: ['investor', 'amount', 'date'],
  additionalProperties: false,
} as const;

export const capitalCallBody = {
  type: 'object',
  properties: { amount: moneySchema, date: dateSchema, dueDate: dateSchema },
  required: ['amount', 'date', 'dueDate'],
  additionalProperties: false,
} as const;

export const paymentBody = {
  type: 'object',
  properties: { investor: codeSchema, amount: moneySchema, date: dateSchema },
  required: ['investor', 'amount', 'date'],
  additionalProperties: false,
} as const;

export const investmentBody = {
  type: 'object',
  properties: {
    company: {
      type: 'object',
      properties: { stockCode: stockCodeSchema, name: textSchema(200) },
      required: ['stockCode', 'name'],
      additionalProperties: false,
      description: 'a listed company by its stock code (found, or recorded as a listed-company investee); or name `investee`',
    },
    investee: { ...investeeCodeSchema, description: 'the investee (POST /investees) by its code; or give `company`' },
    instrument: { type: 'string', enum: [...INSTRUMENTS] },
    amount: moneySchema,
    date: dateSchema,
    screeningId: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1 },
    shares: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    acquisitionMode: { type: 'string', pattern: '^[a-z_]{1,40}$', description: 'agreement_transfer, block_trade or private_placement' },
    holderCategory: {
      type: 'string',
      enum: ['general', 'strategic'],
      description: 'equity: strategic for a controlling shareholder, actual controller, their affiliate or a strategic investor (the longer placement lock-up); default general',
    },
    lockupEndsOn: { ...dateSchema, description: 'a contractual lock-up longer than the rules give: the last day the shares are locked' },
    sellerRestricted: {
      type: 'boolean',
      description: 'equity by block trade: the seller held 5% or more or sold specific shares, so the buyer may not sell for 6 months (default true)',
    },
    equityPercent: { type: 'string', pattern: '^[0-9]{1,3}(\\.[0-9]{1,4})?$', description: 'unlisted_equity: percent of the company acquired, e.g. "15.5"' },
    underlying: {
      type: 'object',
      properties: { stockCode: stockCodeSchema, pledgedShares: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
      required: ['stockCode', 'pledgedShares'],
      additionalProperties: false,
      description: 'exchangeable_bond, pledge_refinancing: the listed shares exchangeable or pledged to the fund',
    },
    exchangePrice: { ...priceSchema, description: 'exchangeable_bond: 换股价, yuan a share' },
    conversionPrice: { ...priceSchema, description: 'convertible_bond: 转股价, yuan a share' },
    couponRate: { ...rateSchema, description: 'a bond\'s annual coupon as a fraction (0.05 = 5%)' },
    maturityDate: dateSchema,
    principal: { ...moneySchema, description: 'pledge_refinancing: the pledge debt taken over (default: the amount)' },
    rate: { ...rateSchema, description: 'pledge_refinancing or loan: the annual interest rate as a fraction' },
    warningLine: { ...lineSchema, description: 'pledge_refinancing: 预警线 as a coverage ratio, e.g. "1.60"' },
    liquidationLine: { ...lineSchema, description: 'pledge_refinancing: 平仓线 as a coverage ratio, e.g. "1.40"' },
    guaranteedReturn: { type: 'boolean' },
    override: overrideSchema,
  },
  required: ['instrument', 'amount', 'date'],
  additionalProperties: false,
} as const;

export const exitBody = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: [...EXIT_KINDS] },
    proceeds: moneySchema,
    cost: { ...moneySchema, description: 'cost released (0 for income); with shares, must equal the average cost of the shares sold' },
    shares: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'equity only: shares sold; cost is then released at average cost' },
    channel: {
      type: 'string',
      enum: [...EXIT_CHANNELS],
      description: 'where a sale is made: exchange (集中竞价), block_trade (大宗交易), agreement_transfer (协议转让) or buyback (回购); a sale of listed shares defaults to exchange',
    },
    obligation: { type: 'integer', minimum: 1, maximum: 2 ** 31 - 1, description: 'the buyback obligation this exit settles (channel buyback)' },
    override: overrideSchema,
    date: dateSchema,
  },
  required: ['kind', 'proceeds', 'date'],
  additionalProperties: false,
} as const;

export const valuationBody = {
  type: 'object',
  properties: {
    fairValue: { ...moneySchema, description: 'the fair value; with method aap and no fairValue, computed from the inputs' },
    date: dateSchema,
    method: { type: 'string', enum: [...VALUATION_METHODS], description: 'market, income, cost, recent_transaction or aap (流通受限股票 AAP discount)' },
    inputs: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean', 'null'], maxLength: 200 },
      description: 'what the value rests on, e.g. {"price": "12.30", "volatility": "0.45", "dividendYield": "0.01"} for aap',
    },
  },
  required: ['date'],
  additionalProperties: false,
} as const;

export const distributionBody = {
  type: 'object',
  properties: { amount: moneySchema, date: dateSchema },
  required: ['amount', 'date'],
  additionalProperties: false,
} as const;

export const expenseBody = {
  type: 'object',
  properties: {
    amount: moneySchema,
    date: dateSchema,
    kind: { type: 'string', pattern: EXPENSE_KIND_PATTERN, description: 'a lower-case key such as "management_fee"' },
    memo: textSchema(500),
  },
  required: ['amount', 'date', 'kind'],
  additionalProperties: false,
} as const;

export const managementFeeBody = {
  type: 'object',
  properties: {
    period: { type: 'string', pattern: QUARTER_PATTERN, description: 'the calendar quarter charged, YYYYQn, e.g. "2020Q2"' },
    date: { ...dateSchema, description: "the booking date, on or after the quarter's last day (the default); not in the future" },
  },
  required: ['period'],
  additionalProperties: false,
} as const;

export const lateInterestBody = {
  type: 'object',
  properties: {
    investor: codeSchema,
    date: { ...dateSchema, description: 'the date interest is charged to (and booked on); not in the future' },
  },
  required: ['investor', 'date'],
  additionalProperties: false,
} as const;

export const lateInterestPaymentBody = {
  type: 'object',
  properties: {
    investor: { ...codeSchema, description: 'the investor the late interest was charged to' },
    amount: { ...moneySchema, description: 'cash received; at most the late interest charged on the call and not yet paid' },
    date: dateSchema,
  },
  required: ['investor', 'amount', 'date'],
  additionalProperties: false,
} as const;

export const feePaymentBody = {
  type: 'object',
  properties: {
    manager: { ...codeSchema, description: 'the manager paid; default the manager of the terms in force on `date`' },
    amount: { ...moneySchema, description: 'paid out of cash; at most the fees payable to the manager' },
    date: dateSchema,
  },
  required: ['amount', 'date'],
  additionalProperties: false,
} as const;

export const equalisationInterestPaymentBody = {
  type: 'object',
  properties: {
    investor: { ...codeSchema, description: 'the earlier investor the equalisation interest is due to' },
    amount: { ...moneySchema, description: 'paid out of cash; at most the equalisation interest due to the investor' },
    date: dateSchema,
  },
  required: ['investor', 'amount', 'date'],
  additionalProperties: false,
} as const;

export const asOfQuery = {
  type: 'object',
  properties: { asOf: dateSchema },
  additionalProperties: false,
} as const;
