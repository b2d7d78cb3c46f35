import { DomainError, type FieldError } from '../errors';
import { creditCodeProblem } from './credit-code';

/**
 * Whom a fund invests in (被投企业): a listed company, the controlling shareholder of one (whose
 * blocks, pledged shares and exchangeable bonds relief funds take over), or an unlisted company
 * (an M&A fund's target for a listed acquirer).
 */
export const INVESTEE_KINDS = ['listed_company', 'controlling_shareholder', 'unlisted_company'] as const;
export type InvesteeKind = (typeof INVESTEE_KINDS)[number];

/** An A-share stock code such as 600000.SH. */
export const STOCK_CODE = /^[0-9]{6}\.(SH|SZ|BJ)$/;
/** The code of an investee that has no stock code: short, so it fits the account segment. */
export const INVESTEE_CODE = /^[A-Z][A-Z0-9-]{1,11}$/;

export interface Investee {
  code: string;
  name: string;
  kind: InvesteeKind;
  /** 统一社会信用代码 (GB 32100-2015), check digit verified; null only for investees recorded before it was asked. */
  creditCode: string | null;
  /** The listed company's own stock code; null for others. */
  stockCode: string | null;
  /** The stock code of the listed company it controls (a controlling shareholder) or is bought for (an unlisted target). */
  listedCompany: string | null;
  /** 6-digit administrative division code of its registration. */
  registeredDistrict: string | null;
  /** CSRC industry section letter. */
  industrySection: string | null;
}

export type InvesteeInput = Omit<Investee, 'creditCode' | 'stockCode' | 'listedCompany' | 'registeredDistrict' | 'industrySection'> &
  Partial<Pick<Investee, 'creditCode' | 'stockCode' | 'listedCompany' | 'registeredDistrict' | 'industrySection'>>;

/**
 * Checks an investee as recorded: the credit code's check digit, and the fields its kind needs.
 * A listed company is coded by its stock code or a short code, and must give the stock code; the
 * others must not look like a stock code (their code is their account segment).
 * @throws DomainError VALIDATION_FAILED naming each field that is wrong
 */
export function checkInvestee(input: InvesteeInput): Investee {
  const errors: FieldError[] = [];
  const investee: Investee = {
    code: input.code,
    name: input.name,
    kind: input.kind,
    creditCode: input.creditCode ?? null,
    stockCode: input.stockCode ?? null,
    listedCompany: input.listedCompany ?? null,
    registeredDistrict: input.registeredDistrict ?? null,
    industrySection: input.industrySection ?? null,
  };
  if (investee.creditCode === null) errors.push({ field: 'creditCode', message: 'is required: the 18-character 统一社会信用代码' });
  else {
    const problem = creditCodeProblem(investee.creditCode);
    if (problem) errors.push({ field: 'creditCode', message: problem });
  }
  if (investee.kind === 'listed_company') {
    if (investee.stockCode === null) errors.push({ field: 'stockCode', message: 'is required for a listed company' });
    if (!STOCK_CODE.test(investee.code) && !INVESTEE_CODE.test(investee.code)) {
      errors.push({ field: 'code', message: 'must be the stock code or a code of 2 to 12 upper-case letters, digits and dashes starting with a letter' });
    }
    if (STOCK_CODE.test(investee.code) && investee.stockCode !== null && investee.code !== investee.stockCode) {
      errors.push({ field: 'code', message: `looks like a stock code but is not the company's own (${investee.stockCode})` });
    }
    if (investee.listedCompany !== null) errors.push({ field: 'listedCompany', message: 'applies to a controlling shareholder or an unlisted company, not to a listed company' });
  } else {
    if (investee.stockCode !== null) errors.push({ field: 'stockCode', message: `applies to a listed company only; a ${investee.kind} has none (name the listed company in listedCompany)` });
    if (!INVESTEE_CODE.test(investee.code)) {
      errors.push({ field: 'code', message: 'must be 2 to 12 upper-case letters, digits and dashes starting with a letter' });
    }
    if (investee.kind === 'controlling_shareholder' && investee.listedCompany === null) {
      errors.push({ field: 'listedCompany', message: 'is required for a controlling shareholder: the stock code of the company it controls' });
    }
  }
  if (investee.registeredDistrict !== null && !/^[1-8][0-9]{5}$/.test(investee.registeredDistrict)) {
    errors.push({ field: 'registeredDistrict', message: 'must be a 6-digit administrative division code, e.g. 330110' });
  }
  if (errors.length > 0) throw DomainError.validation(errors);
  return investee;
}

/** The segment of the investee's accounts: its stock code when listed (as always), else its code. */
export function accountSegment(investee: Pick<Investee, 'code' | 'stockCode'>): string {
  return investee.stockCode ?? investee.code;
}

/**
 * The listed company whose screening admits an investment in the investee: itself when listed,
 * else the company it controls or is bought for; null when it names none.
 */
export function screenedCompany(investee: Pick<Investee, 'stockCode' | 'listedCompany'>): string | null {
  return investee.stockCode ?? investee.listedCompany;
}
