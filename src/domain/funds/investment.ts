import { DomainError } from '../errors';
import { daysBetween, type IsoDate } from '../dates';
import { formatYuanGrouped, ratio, type Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertActive, assertCash, assertNotBeforeInception, assertPositive, exceedsShare, yuan, type Override } from './event-rules';
import type { Fund } from './fund';
import { checkInstrumentTerms, instrumentProblem, type Instrument, type InstrumentTerms } from '../deals/instrument';
import type { InvesteeKind } from '../deals/investee';

/** Government funds buy listed equity only off the open market (docs/domain.md, Screening). */
export const ACQUISITION_MODES = ['agreement_transfer', 'block_trade', 'private_placement'] as const;
const FORBIDDEN_ACQUISITION_MODES = ['open_market', 'secondary_market'] as const;

/** What the investment gate reads of a screening (owned by the screening module). */
export interface GateScreening {
  id: number;
  stockCode: string;
  decision: 'eligible' | 'needs_review' | 'ineligible';
  pledgeLevel: 'normal' | 'elevated' | 'warning' | 'critical';
  screenedOn: IsoDate;
}

/** The investee as the investment gate sees it. */
export interface GateInvestee {
  code: string;
  name: string;
  kind: InvesteeKind;
  /** Its account segment: the stock code of a listed company, else the investee code. */
  segment: string;
  /** The listed company a screening must admit: itself, or the company it controls or is bought for. */
  screenedStockCode: string | null;
  listedCompany: string | null;
}

export interface InvestmentRequest {
  fund: Fund;
  /** `stockCode` is the investee's account segment (the stock code of a listed company). */
  company: { stockCode: string; name: string };
  investee: GateInvestee;
  instrument: Instrument;
  terms: InstrumentTerms;
  /** The instruments the fund's policy in force allows (null: every one), and whether it holds government-class capital. */
  allowedInstruments: readonly Instrument[] | null;
  governmentCapital: boolean;
  /** equity: the holder category its lock-up depends on, and a longer contractual lock-up. */
  holderCategory: 'general' | 'strategic' | null;
  contractualLockupEndsOn: IsoDate | null;
  amount: Fen;
  date: IsoDate;
  acquisitionMode: string | null;
  /** Shares acquired (equity), when given. */
  shares: number | null;
  /** The company's total shares, from the screening named (its applicant's totalShares), when known. */
  companyTotalShares: number | null;
  guaranteedReturn: boolean;
  actor: string;
  override?: Override;
  /** The screening the request names, and the newest screening of the company. */
  screening: GateScreening | null;
  latestScreening: GateScreening | null;
  screeningId: number | null;
  validityDays: number;
  cash: Fen;
  /** Cost already held in this company by this fund (all instruments). */
  companyCost: Fen;
}

/**
 * An investment into a listed company, its controlling shareholder or an unlisted company: cost
 * in, cash out. Every check runs here, before anything is written, in the order a user needs the
 * answers: the body, the instrument the fund may hold, then the screening, then what depends on
 * the screening (an agreement transfer's size), then concentration and cash. The entry is
 * drafted once the investment row has its id, which the cost account carries (chart.investmentCost).
 * @throws DomainError INSTRUMENT_FORBIDDEN and SCREENING_REQUIRED (unless an admin overrides),
 *   CONCENTRATION_LIMIT, ACQUISITION_MODE_FORBIDDEN, GUARANTEED_RETURN_FORBIDDEN, INSUFFICIENT_CASH,
 *   FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, VALIDATION_FAILED
 */
export function planInvestment(r: InvestmentRequest): { draftFor(investmentId: number): EntryDraft; gateOverridden: string | null; overriddenRules: string[] } {
  assertPositive(r.amount);
  assertActive(r.fund, 'an investment');
  assertNotBeforeInception(r.fund, r.date);
  if (r.guaranteedReturn) {
    throw new DomainError('GUARANTEED_RETURN_FORBIDDEN', 'no instrument may promise other investors a guaranteed return');
  }
  checkInstrumentTerms({ instrument: r.instrument, terms: r.terms, investee: r.investee, date: r.date });
  assertEquityFields(r);
  const overriddenRules: string[] = [];
  const forbidden = instrumentProblem({ fund: r.fund.code, instrument: r.instrument, allowedInstruments: r.allowedInstruments, governmentCapital: r.governmentCapital });
  if (forbidden) {
    if (!r.override?.byAdmin) {
      throw new DomainError('INSTRUMENT_FORBIDDEN', `${forbidden.message}; an admin may override with a reason`, {
        fund: r.fund.code,
        instrument: r.instrument,
        rule: forbidden.rule,
        allowedInstruments: r.allowedInstruments,
      });
    }
    overriddenRules.push(forbidden.rule);
  }
  const gateProblem = screeningGateProblem(r);
  if (gateProblem && !r.override?.byAdmin) {
    throw new DomainError('SCREENING_REQUIRED', `${gateProblem}; an investment needs the company's latest screening, eligible and current`, {
      stockCode: r.investee.screenedStockCode ?? r.company.stockCode,
      investee: r.investee.code,
      screeningId: r.screeningId,
    });
  }
  if (gateProblem) overriddenRules.push('screening gate');
  assertAcquisitionMode(r);
  const share = r.fund.policy.maxCompanyShare;
  if (share !== null && r.fund.targetSize !== null && exceedsShare(r.companyCost + r.amount, r.fund.targetSize, share)) {
    throw new DomainError(
      'CONCENTRATION_LIMIT',
      `${r.company.stockCode} would hold ${formatYuanGrouped(r.companyCost + r.amount)} of ${r.fund.code}, above ${share} of its ` +
        `target size ${formatYuanGrouped(r.fund.targetSize)}`,
      { fund: r.fund.code, stockCode: r.company.stockCode, held: yuan(r.companyCost), asked: yuan(r.amount), limit: share },
    );
  }
  assertCash(r.fund.code, r.cash, r.amount);
  const code = r.fund.code;
  const overridden = gateProblem ? (r.override?.reason ?? null) : null;
  const ruleOverride = overriddenRules.length > 0 ? (r.override?.reason ?? null) : null;
  return {
    gateOverridden: overridden,
    overriddenRules,
    draftFor: (investmentId) => ({
      date: r.date,
      type: 'investment',
      memo: `${r.fund.name} invests ${yuan(r.amount)} in ${r.company.name} (${r.company.stockCode}) by ${r.instrument}`,
      actor: r.actor,
      metadata: {
        fund: code,
        investment: investmentId,
        stockCode: r.company.stockCode,
        ...(r.investee.code !== r.company.stockCode ? { investee: r.investee.code } : {}),
        screeningId: r.screeningId,
        ...(overridden ? { override: overridden, overriddenCheck: gateProblem } : {}),
        ...(ruleOverride && overriddenRules.some((rule) => rule !== 'screening gate') ? { override: ruleOverride, overriddenRules } : {}),
      },
      lines: [
        { account: chart.investmentCost(code, r.company.stockCode, r.instrument, investmentId), fund: code, debit: r.amount, credit: 0n },
        { account: chart.cash(code), fund: code, debit: 0n, credit: r.amount },
      ],
    }),
  };
}

/**
 * The fields only listed equity takes, and the acquisition mode it needs: listed shares only off
 * the open market (210号 第十二条（二）).
 * @throws DomainError VALIDATION_FAILED, ACQUISITION_MODE_FORBIDDEN
 */
function assertEquityFields(r: InvestmentRequest): void {
  if (r.instrument !== 'equity') {
    for (const [field, value] of [['acquisitionMode', r.acquisitionMode], ['holderCategory', r.holderCategory]] as const) {
      if (value !== null) throw DomainError.validation([{ field, message: 'applies to equity investments only' }]);
    }
    if (r.contractualLockupEndsOn !== null && r.instrument !== 'unlisted_equity') {
      throw DomainError.validation([{ field: 'lockupEndsOn', message: 'applies to equity and unlisted equity only' }]);
    }
    return;
  }
  if (r.acquisitionMode === null) throw DomainError.validation([{ field: 'acquisitionMode', message: 'is required for equity' }]);
  if (r.contractualLockupEndsOn !== null && r.contractualLockupEndsOn <= r.date) {
    throw DomainError.validation([{ field: 'lockupEndsOn', message: `must be after the investment date ${r.date}` }]);
  }
  if ((FORBIDDEN_ACQUISITION_MODES as readonly string[]).includes(r.acquisitionMode)) {
    throw new DomainError(
      'ACQUISITION_MODE_FORBIDDEN',
      `government funds may not buy listed shares on the open market; use ${ACQUISITION_MODES.join(', ')}`,
      { acquisitionMode: r.acquisitionMode },
    );
  }
  if (!(ACQUISITION_MODES as readonly string[]).includes(r.acquisitionMode)) {
    throw DomainError.validation([{ field: 'acquisitionMode', message: `must be one of ${ACQUISITION_MODES.join(', ')}` }]);
  }
}

/** What depends on the screening: an agreement transfer of at least 5% of the screened total shares. */
function assertAcquisitionMode(r: InvestmentRequest): void {
  if (r.instrument === 'equity' && r.acquisitionMode === 'agreement_transfer') assertAgreementTransferSize(r);
}

/** A 协议转让 (agreement transfer) of listed shares must cover at least this share of the total shares. */
const AGREEMENT_TRANSFER_MIN_PERCENT = 5n;

/**
 * Exchange rules admit an agreement transfer of listed shares only for at least 5% of the
 * company's total shares; smaller blocks go through block trades. The total comes from the
 * screening; without it the rule cannot be shown to hold, so the transfer is refused.
 */
function assertAgreementTransferSize(r: InvestmentRequest): void {
  if (r.shares === null) {
    throw DomainError.validation([{ field: 'shares', message: 'is required for an agreement_transfer (at least 5% of the total shares)' }]);
  }
  const minimum = `${AGREEMENT_TRANSFER_MIN_PERCENT}%`;
  if (r.companyTotalShares === null || r.companyTotalShares <= 0) {
    throw new DomainError(
      'ACQUISITION_MODE_FORBIDDEN',
      `an agreement transfer needs at least ${minimum} of ${r.company.stockCode}'s total shares, and the screening gives no totalShares to check ${r.shares} shares against; screen the company with totalShares, or use block_trade`,
      { acquisitionMode: r.acquisitionMode, shares: r.shares, totalShares: null, minimumShare: minimum },
    );
  }
  const [shares, total] = [BigInt(r.shares), BigInt(r.companyTotalShares)];
  if (shares * 100n < total * AGREEMENT_TRANSFER_MIN_PERCENT) {
    const share = `${ratio(shares * 100n, total, 2)}%`;
    throw new DomainError(
      'ACQUISITION_MODE_FORBIDDEN',
      `an agreement transfer needs at least ${minimum} of ${r.company.stockCode}'s total shares: ${r.shares} of ${r.companyTotalShares} is ${share}; use block_trade for a smaller block`,
      { acquisitionMode: r.acquisitionMode, shares: r.shares, totalShares: r.companyTotalShares, share, minimumShare: minimum },
    );
  }
}

/** Why the screening gate is closed, or null when it is open. */
export function screeningGateProblem(r: Pick<InvestmentRequest, 'screening' | 'latestScreening' | 'screeningId' | 'investee' | 'date' | 'validityDays' | 'fund'>): string | null {
  const s = r.screening;
  const company = r.investee.screenedStockCode;
  if (company === null) return `${r.investee.code} names no listed company (listedCompany) whose screening could admit it`;
  if (r.screeningId === null) return 'no screeningId was given';
  if (!s) return `screening ${r.screeningId} does not exist`;
  if (s.stockCode !== company) return `screening ${s.id} is of ${s.stockCode}, not ${company}${company === r.investee.code ? '' : ` (the listed company of ${r.investee.code})`}`;
  if (r.latestScreening && r.latestScreening.id !== s.id) return `screening ${r.latestScreening.id} of ${s.stockCode} is newer than ${s.id}`;
  if (s.decision !== 'eligible') return `screening ${s.id} decided ${s.decision}`;
  if (s.screenedOn > r.date) return `screening ${s.id} (${s.screenedOn}) is dated after the investment (${r.date})`;
  const age = daysBetween(s.screenedOn, r.date);
  if (age > r.validityDays) return `screening ${s.id} is ${age} days old, valid for ${r.validityDays}`;
  if (r.fund.type === 'relief' && s.pledgeLevel === 'normal') {
    return `a relief investment needs pledge risk elevated or worse; ${s.stockCode} is normal`;
  }
  return null;
}
