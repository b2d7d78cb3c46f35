import Big from 'big.js';
import { bigToFen, formatYuan } from '../money';
import { divideCeil, divideToFixed } from './exact-division';
import type { Applicant, PledgeTranche } from './applicant';
import type { PledgeRules } from './ruleset';
import type { PledgeLevel } from './pledge-level';
import type { PriceE4 } from './price';

/** One tranche's figures. Ratios and prices are 4-dp strings, money 2-dp yuan strings. */
export interface TrancheRisk {
  lender: string | null;
  pledgedShares: number;
  /** D = principal − repaid + accrued interest, in yuan. */
  outstandingDebt: string;
  warningLine: string;
  liquidationLine: string;
  /** 履约保障比例 = pledged shares × price / D; null without a price or without debt. */
  coverage: string | null;
  warningPrice: string | null;
  liquidationPrice: string | null;
  /** price / liquidation price − 1. */
  buffer: string | null;
  /** Whole shares to pledge on top to bring coverage back to the warning line (0 when already above it). */
  sharesToRestoreWarningLine: number | null;
  level: 'normal' | 'warning' | 'critical' | null;
}

export interface PledgeRisk {
  level: PledgeLevel;
  enhancedReview: boolean;
  shareholderPledgeRatio: string | null;
  companyPledgeRatio: string | null;
  /** Indicative relief quota in yuan, capped by the rule set. */
  reliefQuota: string | null;
  sharePrice: string | null;
  /** The smallest tranche buffer: the distance of the weakest tranche to its liquidation line. */
  minBuffer: string | null;
  tranches: TrancheRisk[];
  /** Fields the figures needed but the applicant did not give. */
  missing: string[];
}

const dp4 = (value: Big) => value.toFixed(4, Big.roundHalfUp);
const ratio4 = (num: Big | number, den: Big | number) => divideToFixed(new Big(num), new Big(den), 4);

/** Prices are stored in ten-thousandths of a yuan (src/domain/screening/price.ts); the division is exact. */
const PRICE_UNITS_PER_YUAN = 10_000;

/**
 * Pledge-risk figures exactly as docs/domain.md (Screening) states them, in big.js. `at` re-evaluates
 * at a market close instead of the applicant's own share price. Comparisons with the
 * lines are made on exact products, never on rounded ratios, so coverage exactly at a line counts
 * as reaching it.
 */
export function assessPledgeRisk(applicant: Applicant, rules: PledgeRules, at?: { closeE4: PriceE4 }): PledgeRisk {
  const missing: string[] = [];
  const price = at ? new Big(at.closeE4.toString()).div(PRICE_UNITS_PER_YUAN) : applicant.sharePrice === undefined ? null : new Big(applicant.sharePrice);
  const tranches = (applicant.pledges ?? []).map((t) => assessTranche(t, price, rules));
  if (price === null && tranches.length > 0) missing.push('sharePrice');

  const holder = applicant.controllingShareholder;
  const held = holder?.sharesHeld;
  const pledged = holder?.sharesPledged;
  const holderKnown = held !== undefined && pledged !== undefined && held > 0;
  if (held === undefined) missing.push('controllingShareholder.sharesHeld');
  if (pledged === undefined) missing.push('controllingShareholder.sharesPledged');
  const companyKnown = applicant.totalShares !== undefined && applicant.pledgedSharesTotal !== undefined;
  if (applicant.totalShares === undefined) missing.push('totalShares');
  if (applicant.pledgedSharesTotal === undefined) missing.push('pledgedSharesTotal');

  const atLeast = (part: number, whole: number, ratio: string) => new Big(part).gte(new Big(whole).times(ratio));
  const elevated =
    (holderKnown && atLeast(pledged!, held!, rules.elevatedPledgeRatio)) ||
    (companyKnown && atLeast(applicant.pledgedSharesTotal!, applicant.totalShares!, rules.elevatedPledgeRatio));
  const enhancedReview = holderKnown && new Big(pledged!).gt(new Big(held!).times(rules.enhancedReviewRatio));

  const level: PledgeLevel = tranches.some((t) => t.level === 'critical')
    ? 'critical'
    : tranches.some((t) => t.level === 'warning')
      ? 'warning'
      : elevated
        ? 'elevated'
        : 'normal';

  return {
    level,
    enhancedReview,
    shareholderPledgeRatio: holderKnown ? ratio4(pledged!, held!) : null,
    companyPledgeRatio: companyKnown ? ratio4(applicant.pledgedSharesTotal!, applicant.totalShares!) : null,
    reliefQuota: holderKnown && price !== null ? reliefQuota(price, pledged!, held!, rules) : null,
    sharePrice: price === null ? null : dp4(price),
    minBuffer: minBuffer(tranches),
    tranches,
    missing,
  };
}

/**
 * Market value of the holding × (shareholder ratio − base ratio), which is exactly
 * price × (pledged − base × held); never negative, capped by the rule set; rounded half-up to the fen.
 */
function reliefQuota(price: Big, pledged: number, held: number, rules: PledgeRules): string {
  const raw = price.times(new Big(pledged).minus(new Big(held).times(rules.reliefQuotaBaseRatio)));
  const cap = new Big(rules.reliefQuotaCap);
  const quota = raw.lt(0) ? new Big(0) : raw.gt(cap) ? cap : raw;
  return formatYuan(bigToFen(quota));
}

function assessTranche(tranche: PledgeTranche, price: Big | null, rules: PledgeRules): TrancheRisk {
  const warningLine = tranche.warningLine ?? rules.defaultWarningLine;
  const liquidationLine = tranche.liquidationLine ?? rules.defaultLiquidationLine;
  const shares = new Big(tranche.pledgedShares);
  const debt = new Big(tranche.principal).minus(tranche.repaid ?? '0').plus(tranche.accruedInterest ?? '0');
  const base: TrancheRisk = {
    lender: tranche.lender ?? null,
    pledgedShares: tranche.pledgedShares,
    outstandingDebt: formatYuan(bigToFen(debt)),
    warningLine,
    liquidationLine,
    coverage: null,
    warningPrice: null,
    liquidationPrice: null,
    buffer: null,
    sharesToRestoreWarningLine: null,
    level: null,
  };
  // A repaid tranche carries no debt, so it cannot reach either line.
  if (debt.lte(0)) return { ...base, sharesToRestoreWarningLine: price === null ? null : 0, level: price === null ? null : 'normal' };
  const withPrices = {
    ...base,
    warningPrice: ratio4(debt.times(warningLine), shares),
    liquidationPrice: ratio4(debt.times(liquidationLine), shares),
  };
  if (price === null) return withPrices;
  const collateral = shares.times(price);
  const atWarning = debt.times(warningLine);
  const atLiquidation = debt.times(liquidationLine);
  // warning line × D / price − pledged shares, rounded up to whole shares
  const restore = divideCeil(atWarning.minus(collateral), price);
  return {
    ...withPrices,
    coverage: ratio4(collateral, debt),
    // price / liquidation price − 1 = (collateral − liquidation line × D) / (liquidation line × D)
    buffer: ratio4(collateral.minus(atLiquidation), atLiquidation),
    sharesToRestoreWarningLine: restore < 0n ? 0 : restore > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(restore),
    level: collateral.lte(atLiquidation) ? 'critical' : collateral.lte(atWarning) ? 'warning' : 'normal',
  };
}

function minBuffer(tranches: readonly TrancheRisk[]): string | null {
  let lowest: Big | null = null;
  for (const t of tranches) {
    if (t.buffer !== null && (lowest === null || new Big(t.buffer).lt(lowest))) lowest = new Big(t.buffer);
  }
  return lowest === null ? null : dp4(lowest);
}
