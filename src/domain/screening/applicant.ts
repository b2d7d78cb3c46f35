import Big from 'big.js';
import type { FieldError } from '../errors';

/**
 * An applicant as received and stored (docs/domain.md, Contract): money is a yuan decimal string,
 * prices and lines decimal strings, share counts and ratings integers. Every field may be absent;
 * an absent field makes the criteria that need it `review`, never `pass`.
 */
export interface Applicant {
  stockCode: string;
  name: string;
  exchange?: 'SSE' | 'SZSE' | 'BSE' | 'other';
  listingStatus?: 'listed' | 'suspended' | 'delisted';
  riskWarning?: 'none' | 'ST' | '*ST';
  registeredDistrict?: string;
  industrySection?: string;
  mainBusinessRevenue?: string;
  totalRevenue?: string;
  netAssets?: string;
  netProfit?: string;
  operatingCashFlow?: string;
  prospectsRating?: number;
  managementRating?: number;
  acquisitionProject?: boolean;
  companyDishonestDebtor?: boolean;
  totalShares?: number;
  /** Shares pledged by all holders. */
  pledgedSharesTotal?: number;
  /** Yuan per share, up to 4 decimals. */
  sharePrice?: string;
  controllingShareholder?: Party & { sharesHeld?: number; sharesPledged?: number };
  actualController?: Party;
  pledges?: PledgeTranche[];
}

export interface Party {
  name?: string;
  /** Major violations (CSRC penalty, criminal case, open investigation) in the last 36 months. */
  majorViolations36m?: number;
  /** Dated violations; when given, the rule set's own look-back window is applied to them. */
  violations?: Array<{ date: string; kind?: string; description?: string }>;
  dishonestDebtor?: boolean;
}

/** One pledge of the controlling shareholder's shares. Lines default to the rule set's. */
export interface PledgeTranche {
  lender?: string;
  pledgedShares: number;
  principal: string;
  repaid?: string;
  accruedInterest?: string;
  warningLine?: string;
  liquidationLine?: string;
}

/**
 * Invariants between fields that JSON Schema cannot state. Returns every failing field, named by
 * its dotted path under `prefix`; an empty list means the applicant is consistent.
 */
export function applicantProblems(applicant: Applicant, prefix = 'applicant'): FieldError[] {
  const problems: FieldError[] = [];
  const at = (field: string, message: string) => problems.push({ field: `${prefix}.${field}`, message });
  const holder = applicant.controllingShareholder;
  const total = applicant.totalShares;
  if (holder?.sharesPledged !== undefined && holder.sharesHeld !== undefined && holder.sharesPledged > holder.sharesHeld) {
    at('controllingShareholder.sharesPledged', `must not exceed the shares held (${holder.sharesHeld})`);
  }
  if (holder?.sharesHeld !== undefined && total !== undefined && holder.sharesHeld > total) {
    at('controllingShareholder.sharesHeld', `must not exceed the total shares (${total})`);
  }
  if (applicant.pledgedSharesTotal !== undefined && total !== undefined && applicant.pledgedSharesTotal > total) {
    at('pledgedSharesTotal', `must not exceed the total shares (${total})`);
  }
  if (
    holder?.sharesPledged !== undefined &&
    applicant.pledgedSharesTotal !== undefined &&
    holder.sharesPledged > applicant.pledgedSharesTotal
  ) {
    at('controllingShareholder.sharesPledged', `must not exceed the shares pledged by all holders (${applicant.pledgedSharesTotal})`);
  }
  if (applicant.mainBusinessRevenue !== undefined && applicant.totalRevenue !== undefined) {
    if (new Big(applicant.mainBusinessRevenue).gt(applicant.totalRevenue)) at('mainBusinessRevenue', 'must not exceed the total revenue');
  }
  const tranches = applicant.pledges ?? [];
  let trancheShares = 0;
  tranches.forEach((tranche, index) => {
    trancheShares += tranche.pledgedShares;
    const debt = new Big(tranche.principal).minus(tranche.repaid ?? '0').plus(tranche.accruedInterest ?? '0');
    if (debt.lt(0)) at(`pledges.${index}.repaid`, 'must not exceed the principal plus accrued interest');
    if (tranche.warningLine !== undefined && tranche.liquidationLine !== undefined && new Big(tranche.liquidationLine).gt(tranche.warningLine)) {
      at(`pledges.${index}.liquidationLine`, `must not be above the warning line ${tranche.warningLine}`);
    }
    if (holder?.sharesHeld !== undefined && tranche.pledgedShares > holder.sharesHeld) {
      at(`pledges.${index}.pledgedShares`, `must not exceed the controlling shareholder's shares held (${holder.sharesHeld})`);
    }
  });
  if (tranches.length > 1 && holder?.sharesHeld !== undefined && trancheShares > holder.sharesHeld) {
    at('pledges', `pledge tranches total ${trancheShares} shares, more than the ${holder.sharesHeld} held`);
  }
  return problems;
}
