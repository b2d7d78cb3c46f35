import Big from 'big.js';
import { DomainError, type FieldError } from '../errors';
import type { IsoDate } from '../dates';
import type { InvesteeKind } from './investee';

/**
 * What a fund holds in an investee. Listed shares (equity) are bought by agreement transfer, block
 * trade or placement; relief funds also take over share-pledge financings (the fund becomes the
 * pledgee) and subscribe the controlling shareholder's exchangeable bonds; M&A funds buy unlisted
 * equity. Income, maturities and repayments of each book through exits.
 */
export const INSTRUMENTS = ['equity', 'unlisted_equity', 'exchangeable_bond', 'convertible_bond', 'pledge_refinancing', 'loan'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

/** Instruments whose value follows a listed share price and whose position counts shares. */
export const LISTED_SHARE_INSTRUMENTS: readonly Instrument[] = ['equity'];

/** The instrument's own terms, as the investment records them (all optional in the type; `checkInstrumentTerms` says which are required). */
export interface InstrumentTerms {
  /**
   * equity bought by block trade: whether the seller was a holder of 5% or more or sold specific
   * shares (the buyer's 6-month lock-up applies then only); default true, the relief fund's case
   * of buying from the controlling shareholder.
   */
  sellerRestricted?: boolean;
  /** unlisted_equity: the share of the company's equity acquired, in percent (e.g. "15.5"). */
  equityPercent?: string;
  /** exchangeable_bond, pledge_refinancing: the listed shares exchangeable or pledged to the fund. */
  underlying?: { stockCode: string; pledgedShares: number };
  exchangePrice?: string;
  conversionPrice?: string;
  /** Annual coupon of a bond, a decimal fraction (0.05 = 5%). */
  couponRate?: string;
  maturityDate?: IsoDate;
  /** pledge_refinancing: the debt taken over, in yuan (default: the amount paid). */
  principal?: string;
  /** pledge_refinancing: the annual interest rate the pledgor pays the fund. */
  rate?: string;
  /** pledge_refinancing: 预警线 and 平仓线 as coverage ratios (e.g. "1.60", "1.40"). */
  warningLine?: string;
  liquidationLine?: string;
}

/** Which terms each instrument requires and allows, and which investees it may be held in. */
const SHAPES: Record<Instrument, { required: ReadonlyArray<keyof InstrumentTerms>; allowed: ReadonlyArray<keyof InstrumentTerms>; investees: readonly InvesteeKind[] }> = {
  equity: { required: [], allowed: ['sellerRestricted'], investees: ['listed_company'] },
  unlisted_equity: { required: ['equityPercent'], allowed: ['equityPercent'], investees: ['unlisted_company', 'controlling_shareholder'] },
  exchangeable_bond: {
    required: ['underlying', 'exchangePrice', 'couponRate', 'maturityDate'],
    allowed: ['underlying', 'exchangePrice', 'couponRate', 'maturityDate'],
    investees: ['controlling_shareholder'],
  },
  // Terms optional: convertibles were recorded without them before the deal book.
  convertible_bond: { required: [], allowed: ['conversionPrice', 'couponRate', 'maturityDate'], investees: ['listed_company'] },
  pledge_refinancing: {
    required: ['underlying', 'rate', 'maturityDate', 'warningLine', 'liquidationLine'],
    allowed: ['underlying', 'principal', 'rate', 'maturityDate', 'warningLine', 'liquidationLine'],
    investees: ['controlling_shareholder'],
  },
  loan: { required: [], allowed: ['rate', 'maturityDate'], investees: ['listed_company', 'controlling_shareholder', 'unlisted_company'] },
};

const TERM_KEYS: ReadonlyArray<keyof InstrumentTerms> = [
  'sellerRestricted',
  'equityPercent',
  'underlying',
  'exchangePrice',
  'conversionPrice',
  'couponRate',
  'maturityDate',
  'principal',
  'rate',
  'warningLine',
  'liquidationLine',
];

/** The terms named in a request body (the fields of `InstrumentTerms` it carries). */
export function termsOf(body: Partial<Record<keyof InstrumentTerms, unknown>>): InstrumentTerms {
  const terms: Record<string, unknown> = {};
  for (const key of TERM_KEYS) if (body[key] !== undefined) terms[key] = body[key];
  return terms as InstrumentTerms;
}

/**
 * Checks the terms against the instrument and the investee it is held in: what is required is
 * there, nothing of another instrument is, figures are in range and the maturity follows the
 * investment date. A controlling shareholder's pledged or exchangeable shares are of the company
 * it controls.
 * @throws DomainError VALIDATION_FAILED naming each field that is wrong
 */
export function checkInstrumentTerms(r: {
  instrument: Instrument;
  terms: InstrumentTerms;
  investee: { code: string; kind: InvesteeKind; listedCompany: string | null };
  date: IsoDate;
}): void {
  const shape = SHAPES[r.instrument];
  const errors: FieldError[] = [];
  if (!shape.investees.includes(r.investee.kind)) {
    errors.push({ field: 'investee', message: `a ${r.instrument} is held in ${shape.investees.join(' or ')}; ${r.investee.code} is a ${r.investee.kind}` });
  }
  for (const key of shape.required) if (r.terms[key] === undefined) errors.push({ field: key, message: `is required for ${r.instrument}` });
  for (const key of TERM_KEYS) {
    if (r.terms[key] !== undefined && !shape.allowed.includes(key)) errors.push({ field: key, message: `does not apply to ${r.instrument}` });
  }
  const t = r.terms;
  if (t.equityPercent !== undefined && !between(t.equityPercent, '0', '100', { low: 'open' })) errors.push({ field: 'equityPercent', message: 'must be above 0 and at most 100 (percent)' });
  for (const key of ['couponRate', 'rate'] as const) {
    if (t[key] !== undefined && !between(t[key], '0', '1', { high: 'open' })) errors.push({ field: key, message: 'must be a fraction from 0 to below 1 (0.06 = 6% a year)' });
  }
  for (const key of ['exchangePrice', 'conversionPrice'] as const) {
    if (t[key] !== undefined && !between(t[key], '0', '1000000', { low: 'open' })) errors.push({ field: key, message: 'must be a price above 0' });
  }
  if (t.maturityDate !== undefined && t.maturityDate <= r.date) errors.push({ field: 'maturityDate', message: `must be after the investment date ${r.date}` });
  if (t.warningLine !== undefined && t.liquidationLine !== undefined && !new Big(t.warningLine).gt(t.liquidationLine)) {
    errors.push({ field: 'warningLine', message: `must be above the liquidation line ${t.liquidationLine}` });
  }
  if (t.underlying && r.investee.kind === 'controlling_shareholder' && r.investee.listedCompany !== null && t.underlying.stockCode !== r.investee.listedCompany) {
    errors.push({ field: 'underlying.stockCode', message: `must be ${r.investee.listedCompany}, the company ${r.investee.code} controls` });
  }
  if (errors.length > 0) throw DomainError.validation(errors);
}

function between(value: string, low: string, high: string, open: { low?: 'open'; high?: 'open' } = {}): boolean {
  const v = new Big(value);
  const aboveLow = open.low === 'open' ? v.gt(low) : v.gte(low);
  const belowHigh = open.high === 'open' ? v.lt(high) : v.lte(high);
  return aboveLow && belowHigh;
}

/** Where a rule of the investment policy comes from, named in its refusal. */
export interface InstrumentRule {
  instrument: Instrument;
  rule: string;
  text: string;
}

/**
 * 财预〔2015〕210号《政府投资基金暂行管理办法》第十二条: a government investment fund may not lend
 * to third parties (（四）, and (一) entrusted loans), nor buy secondary-market shares ((二), which the
 * acquisition modes refuse); docs/deal-book.md names the text. A fund with government-class capital therefore holds no `loan` unless an admin
 * overrides with a reason. Data, so a programme can name further rules.
 */
export const GOVERNMENT_CAPITAL_RULES: readonly InstrumentRule[] = [
  {
    instrument: 'loan',
    rule: '财预〔2015〕210号 第十二条（四）',
    text: '不得……向第三方提供贷款和资金拆借 (a government investment fund may not lend to third parties; (一) also bars 委托贷款, entrusted loans)',
  },
];

/**
 * Why the fund may not hold the instrument, or null when it may: the fund's own allowed list (null:
 * every instrument), then the rules on government-class capital.
 */
export function instrumentProblem(r: {
  fund: string;
  instrument: Instrument;
  allowedInstruments: readonly Instrument[] | null;
  governmentCapital: boolean;
}): { message: string; rule: string } | null {
  if (r.allowedInstruments !== null && !r.allowedInstruments.includes(r.instrument)) {
    return {
      message: `fund ${r.fund}'s investment policy allows ${r.allowedInstruments.join(', ') || 'no instrument'}, not ${r.instrument}`,
      rule: `investment policy of ${r.fund}`,
    };
  }
  if (r.governmentCapital) {
    const rule = GOVERNMENT_CAPITAL_RULES.find((g) => g.instrument === r.instrument);
    if (rule) return { message: `fund ${r.fund} holds government-class capital, which may not be lent: ${rule.rule} (${rule.text})`, rule: rule.rule };
  }
  return null;
}
