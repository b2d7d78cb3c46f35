import { DomainError } from '../errors';
import { daysBetween, type IsoDate } from '../dates';
import { formatYuanGrouped, ratio, type Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertActive, assertCash, assertNotBeforeInception, assertPositive, exceedsShare, yuan, type Override } from './event-rules';
import type { Fund } from './fund';

export const INSTRUMENTS = ['equity', 'loan', 'convertible_bond'] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

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

export interface InvestmentRequest {
  fund: Fund;
  company: { stockCode: string; name: string };
  instrument: Instrument;
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
 * An investment into a listed company or its controlling shareholder: cost in, cash out. Every
 * check runs here, before anything is written; the entry is drafted once the investment row has
 * its id, which the cost account carries (chart.investmentCost).
 * @throws DomainError SCREENING_REQUIRED (unless an admin overrides), CONCENTRATION_LIMIT,
 *   ACQUISITION_MODE_FORBIDDEN, GUARANTEED_RETURN_FORBIDDEN, INSUFFICIENT_CASH, FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, VALIDATION_FAILED
 */
export function planInvestment(r: InvestmentRequest): { draftFor(investmentId: number): EntryDraft; gateOverridden: string | null } {
  assertPositive(r.amount);
  assertActive(r.fund, 'an investment');
  assertNotBeforeInception(r.fund, r.date);
  assertInstrumentTerms(r);
  const gateProblem = screeningGateProblem(r);
  if (gateProblem && !r.override?.byAdmin) {
    throw new DomainError('SCREENING_REQUIRED', `${gateProblem}; an investment needs the company's latest screening, eligible and current`, {
      stockCode: r.company.stockCode,
      screeningId: r.screeningId,
    });
  }
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
  return {
    gateOverridden: overridden,
    draftFor: (investmentId) => ({
      date: r.date,
      type: 'investment',
      memo: `${r.fund.name} invests ${yuan(r.amount)} in ${r.company.name} (${r.company.stockCode}) by ${r.instrument}`,
      actor: r.actor,
      metadata: {
        fund: code,
        investment: investmentId,
        stockCode: r.company.stockCode,
        screeningId: r.screeningId,
        ...(overridden ? { override: overridden, overriddenCheck: gateProblem } : {}),
      },
      lines: [
        { account: chart.investmentCost(code, r.company.stockCode, r.instrument, investmentId), fund: code, debit: r.amount, credit: 0n },
        { account: chart.cash(code), fund: code, debit: 0n, credit: r.amount },
      ],
    }),
  };
}

function assertInstrumentTerms(r: InvestmentRequest): void {
  if (r.guaranteedReturn) {
    throw new DomainError('GUARANTEED_RETURN_FORBIDDEN', 'no instrument may promise other investors a guaranteed return');
  }
  if (r.instrument !== 'equity') {
    if (r.acquisitionMode !== null) {
      throw DomainError.validation([{ field: 'acquisitionMode', message: 'applies to equity investments only' }]);
    }
    return;
  }
  if (r.acquisitionMode === null) throw DomainError.validation([{ field: 'acquisitionMode', message: 'is required for equity' }]);
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
  if (r.acquisitionMode === 'agreement_transfer') assertAgreementTransferSize(r);
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
export function screeningGateProblem(r: Pick<InvestmentRequest, 'screening' | 'latestScreening' | 'screeningId' | 'company' | 'date' | 'validityDays' | 'fund'>): string | null {
  const s = r.screening;
  if (r.screeningId === null) return 'no screeningId was given';
  if (!s) return `screening ${r.screeningId} does not exist`;
  if (s.stockCode !== r.company.stockCode) return `screening ${s.id} is of ${s.stockCode}, not ${r.company.stockCode}`;
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
