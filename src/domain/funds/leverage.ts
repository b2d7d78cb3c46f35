import { ratio, type Fen } from '../money';
import type { CapitalClass, FundKind, Programme } from './fund';

/** One investor's position in one fund of the programme. */
export interface CapitalPosition {
  fund: string;
  fundKind: FundKind;
  /** The sub-fund's parent, for sub-funds. */
  parent: string | null;
  investor: string;
  capitalClass: CapitalClass;
  /** True when the investor is a fund of this ledger (fund-to-fund capital). */
  internal: boolean;
  committed: Fen;
  paidIn: Fen;
}

export interface SubfundLeverage {
  fund: string;
  parent: string;
  totalCommitted: Fen;
  parentCommitted: Fen;
  /** Total commitments / the parent's commitment; null until the parent commits. */
  multiplier: string | null;
}

export interface Leverage {
  governmentCommitted: Fen;
  socialCommitted: Fen;
  governmentPaidIn: Fen;
  socialPaidIn: Fen;
  /** S / G on committed capital (target 24.8 / 6 = 4.1333). */
  socialLeverage: string | null;
  /** (G + S) / G on committed capital. */
  totalLeverage: string | null;
  socialLeveragePaidIn: string | null;
  totalLeveragePaidIn: string | null;
  /** S / the social-capital target. */
  socialTargetProgress: string | null;
  /** G / the government-capital target. */
  governmentTargetProgress: string | null;
  governmentCapitalTarget: Fen;
  socialCapitalTarget: Fen;
  targetSocialLeverage: string | null;
  subfunds: SubfundLeverage[];
}

/** The definitions, stated beside the figures wherever they are reported. */
export const LEVERAGE_DEFINITIONS = {
  governmentCommitted:
    'G: government-class capital committed to the programme’s member funds by investors outside this ledger (政府类认缴出资).',
  socialCommitted:
    'S: social-class capital committed anywhere in the programme, member funds and sub-funds; fund-to-fund capital inside the ledger is excluded so nothing is counted twice (社会资本认缴).',
  socialLeverage: 'S / G: social capital leveraged per yuan of government capital (target 248亿 / 60亿 = 4.13x).',
  totalLeverage: '(G + S) / G: total capital per yuan of government capital.',
  socialTargetProgress: 'S / 24.8bn: progress toward the social-capital target (撬动社会资本248亿元).',
  subfundMultiplier: 'Per sub-fund: total commitments / the parent fund’s commitment to it (子基金放大倍数).',
  paidInBasis: 'The same measures on paid-in capital (实缴) use payments received instead of commitments.',
} as const;

/**
 * Leverage of a programme (DESIGN.md section 5) from every capital position in its funds.
 * Internal (fund-to-fund) capital counts in neither G nor S, but does count toward a sub-fund's
 * total when computing its multiplier.
 */
export function measureLeverage(programme: Programme, positions: readonly CapitalPosition[]): Leverage {
  let governmentCommitted = 0n;
  let socialCommitted = 0n;
  let governmentPaidIn = 0n;
  let socialPaidIn = 0n;
  const subfunds = new Map<string, SubfundLeverage>();
  for (const p of positions) {
    if (p.fundKind === 'subfund' && p.parent) {
      const s = subfunds.get(p.fund) ?? { fund: p.fund, parent: p.parent, totalCommitted: 0n, parentCommitted: 0n, multiplier: null };
      s.totalCommitted += p.committed;
      if (p.investor === p.parent) s.parentCommitted += p.committed;
      subfunds.set(p.fund, s);
    }
    if (p.internal) continue;
    if (p.capitalClass === 'government' && p.fundKind === 'fund') {
      governmentCommitted += p.committed;
      governmentPaidIn += p.paidIn;
    } else if (p.capitalClass === 'social') {
      socialCommitted += p.committed;
      socialPaidIn += p.paidIn;
    }
  }
  for (const s of subfunds.values()) s.multiplier = ratio(s.totalCommitted, s.parentCommitted);
  return {
    governmentCommitted,
    socialCommitted,
    governmentPaidIn,
    socialPaidIn,
    socialLeverage: ratio(socialCommitted, governmentCommitted),
    totalLeverage: ratio(governmentCommitted + socialCommitted, governmentCommitted),
    socialLeveragePaidIn: ratio(socialPaidIn, governmentPaidIn),
    totalLeveragePaidIn: ratio(governmentPaidIn + socialPaidIn, governmentPaidIn),
    socialTargetProgress: ratio(socialCommitted, programme.socialCapitalTarget),
    governmentTargetProgress: ratio(governmentCommitted, programme.governmentCapitalTarget),
    governmentCapitalTarget: programme.governmentCapitalTarget,
    socialCapitalTarget: programme.socialCapitalTarget,
    targetSocialLeverage: ratio(programme.socialCapitalTarget, programme.governmentCapitalTarget),
    subfunds: [...subfunds.values()].sort((a, b) => (a.fund < b.fund ? -1 : 1)),
  };
}
