import type { Fen } from '../money';
import type { IsoDate } from '../dates';
import type { Instrument } from '../deals/instrument';

export const FUND_KINDS = ['fund', 'subfund'] as const;
export type FundKind = (typeof FUND_KINDS)[number];

/** planned: set up, takes nothing; active: takes commitments, calls and investments; closed: winding down. */
export const FUND_STATUSES = ['planned', 'active', 'closed'] as const;
export type FundStatus = (typeof FUND_STATUSES)[number];

export const INVESTOR_CATEGORIES = ['government_fund', 'state_owned', 'financial_institution', 'securities_firm', 'private', 'fund', 'manager'] as const;
export type InvestorCategory = (typeof INVESTOR_CATEGORIES)[number];

export const CAPITAL_CLASSES = ['government', 'social'] as const;
export type CapitalClass = (typeof CAPITAL_CLASSES)[number];

/** Investment policy, data per fund. Ratios are decimal strings; null means no limit. */
export interface FundPolicy {
  /** Largest share of the target size one company may take (cost of holdings). */
  maxCompanyShare: string | null;
  /** Government-class commitments above this share of the target size need an admin override. */
  maxGovernmentShare: string | null;
  /**
   * The instruments the fund may hold (its investment policy); absent (or null): every instrument,
   * less what the rules on government-class capital forbid (src/domain/deals/instrument.ts). Left
   * out of the policy when not set, so a fund without one reads as before.
   */
  allowedInstruments?: readonly Instrument[] | null;
}

export const SUBFUND_POLICY: FundPolicy = { maxCompanyShare: '0.30', maxGovernmentShare: '0.30' };
export const MEMBER_FUND_POLICY: FundPolicy = { maxCompanyShare: null, maxGovernmentShare: null };

export interface Programme {
  code: string;
  name: string;
  governmentCapitalTarget: Fen;
  socialCapitalTarget: Fen;
}

export interface Fund {
  code: string;
  name: string;
  kind: FundKind;
  /** Sub-fund purpose: 'relief', 'ma', or another special-purpose type added as data. */
  type: string | null;
  parent: string | null;
  programme: string;
  status: FundStatus;
  targetSize: Fen | null;
  inceptionDate: IsoDate | null;
  policy: FundPolicy;
}

export interface Investor {
  code: string;
  name: string;
  category: InvestorCategory;
  capitalClass: CapitalClass;
  /** Set when the investor is a fund of this ledger (internal capital, never counted twice). */
  fund: string | null;
}

/** A fund of this ledger acts as an investor under its own code; a member fund's capital is government-class. */
export function investorForFund(fund: Pick<Fund, 'code' | 'name'>): Investor {
  return { code: fund.code, name: fund.name, category: 'fund', capitalClass: 'government', fund: fund.code };
}
