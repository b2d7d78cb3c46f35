import type { PledgeRisk } from '../screening/pledge-risk';

/** 补仓能力 of one tranche: whether the shareholder's free shares alone can restore its warning line. */
export interface TrancheTopUp {
  lender: string | null;
  /** Whole shares to pledge on top to bring coverage back to the warning line; null without a price. */
  sharesNeeded: number | null;
  insufficient: boolean | null;
}

/** 补仓能力 of the controlling shareholder over all its tranches. */
export interface TopUpCapacity {
  /** Shares held and not pledged: what the shareholder can still pledge as extra collateral. */
  unpledgedShares: number | null;
  /** Sum of the tranches' shares needed: every lender calls at once when the price falls. */
  sharesNeeded: number | null;
  /** Shares needed above the unpledged shares; null when either is unknown. */
  insufficient: boolean | null;
  /** Shares needed less unpledged shares, never below 0. */
  shortfall: number | null;
  tranches: TrancheTopUp[];
}

/**
 * Compares the shares each tranche needs to restore its warning line (pledge-risk.ts:
 * warning line × D / price − pledged shares, rounded up) with the shares the controlling
 * shareholder holds and has not pledged. A tranche is judged alone against the whole free pool;
 * the company figure adds every tranche, since a falling price reaches them all together.
 */
export function topUpCapacity(holder: { sharesHeld?: number; sharesPledged?: number } | undefined, risk: PledgeRisk): TopUpCapacity {
  const unpledged =
    holder?.sharesHeld === undefined || holder.sharesPledged === undefined ? null : Math.max(holder.sharesHeld - holder.sharesPledged, 0);
  const tranches = risk.tranches.map((t) => ({
    lender: t.lender,
    sharesNeeded: t.sharesToRestoreWarningLine,
    insufficient: unpledged === null || t.sharesToRestoreWarningLine === null ? null : t.sharesToRestoreWarningLine > unpledged,
  }));
  const known = tranches.length > 0 && tranches.every((t) => t.sharesNeeded !== null);
  const needed = known ? tranches.reduce((sum, t) => sum + t.sharesNeeded!, 0) : null;
  const comparable = needed !== null && unpledged !== null;
  return {
    unpledgedShares: unpledged,
    sharesNeeded: needed,
    insufficient: comparable ? needed > unpledged : null,
    shortfall: comparable ? Math.max(needed - unpledged, 0) : null,
    tranches,
  };
}
