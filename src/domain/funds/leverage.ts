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
  /** Government-class commitments made to the sub-fund directly by investors outside this ledger. */
  governmentDirectCommitted: Fen;
  /** Every government-side commitment to it: the parent's, other funds' of this ledger, and direct ones. */
  governmentSideCommitted: Fen;
  /** Total commitments / government-side commitments; null until there is government-side money. */
  multiplier: string | null;
}

export interface Leverage {
  /** G: every external government-class commitment, member funds and sub-funds. */
  governmentCommitted: Fen;
  /** The part of G in the member funds (what the 6bn target counts). */
  governmentInMemberFunds: Fen;
  /** The part of G committed directly to sub-funds. */
  governmentDirectInSubfunds: Fen;
  socialCommitted: Fen;
  governmentPaidIn: Fen;
  governmentPaidInMemberFunds: Fen;
  governmentPaidInDirectSubfunds: Fen;
  socialPaidIn: Fen;
  /** S / G on committed capital (target 24.8 / 6 = 4.1333). */
  socialLeverage: string | null;
  /** (G + S) / G on committed capital. */
  totalLeverage: string | null;
  socialLeveragePaidIn: string | null;
  totalLeveragePaidIn: string | null;
  /** S / the social-capital target. */
  socialTargetProgress: string | null;
  /** G in member funds / the government-capital target. */
  governmentTargetProgress: string | null;
  governmentCapitalTarget: Fen;
  socialCapitalTarget: Fen;
  targetSocialLeverage: string | null;
  subfunds: SubfundLeverage[];
}

/** The definitions, stated beside the figures wherever they are reported. */
export const LEVERAGE_DEFINITIONS = {
  governmentCommitted:
    'G: government-class capital committed anywhere in the programme by investors outside this ledger, in the member funds and directly in sub-funds (政府类认缴出资).',
  governmentSplit:
    'G is reported split: governmentInMemberFunds (counted against the 6bn target, 政府资本目标) and governmentDirectInSubfunds (e.g. a district state-owned company committing to a sub-fund).',
  socialCommitted:
    'S: social-class capital committed anywhere in the programme, member funds and sub-funds; fund-to-fund capital inside the ledger is excluded so nothing is counted twice (社会资本认缴).',
  everyCommitmentOnce: 'Every commitment by an investor outside this ledger is in exactly one of G or S.',
  socialLeverage: 'S / G: social capital leveraged per yuan of government capital (target 248亿 / 60亿 = 4.13x).',
  totalLeverage: '(G + S) / G: total capital per yuan of government capital.',
  socialTargetProgress: 'S / 24.8bn: progress toward the social-capital target (撬动社会资本248亿元).',
  subfundMultiplier:
    'Per sub-fund: total commitments / all government-side commitments to it, the parent fund’s and any direct government-class commitment (子基金放大倍数).',
  paidInBasis: 'The same measures on paid-in capital (实缴) use payments received instead of commitments.',
} as const;

/**
 * Leverage of a programme (docs/domain.md, Leverage) from every capital position in its funds.
 * Internal (fund-to-fund) capital counts in neither G nor S, but does count toward a sub-fund's
 * total and government side when computing its multiplier. Every external position lands in
 * exactly one of G (by where it sits: member fund or sub-fund) or S.
 */
export function measureLeverage(programme: Programme, positions: readonly CapitalPosition[]): Leverage {
  const g = { member: 0n, direct: 0n, memberPaid: 0n, directPaid: 0n };
  let socialCommitted = 0n;
  let socialPaidIn = 0n;
  const subfunds = new Map<string, SubfundLeverage>();
  for (const p of positions) {
    if (p.fundKind === 'subfund' && p.parent) addToSubfund(subfunds, p);
    if (p.internal) continue;
    if (p.capitalClass === 'social') {
      socialCommitted += p.committed;
      socialPaidIn += p.paidIn;
    } else if (p.fundKind === 'fund') {
      g.member += p.committed;
      g.memberPaid += p.paidIn;
    } else {
      g.direct += p.committed;
      g.directPaid += p.paidIn;
    }
  }
  for (const s of subfunds.values()) s.multiplier = ratio(s.totalCommitted, s.governmentSideCommitted);
  const governmentCommitted = g.member + g.direct;
  const governmentPaidIn = g.memberPaid + g.directPaid;
  return {
    governmentCommitted,
    governmentInMemberFunds: g.member,
    governmentDirectInSubfunds: g.direct,
    socialCommitted,
    governmentPaidIn,
    governmentPaidInMemberFunds: g.memberPaid,
    governmentPaidInDirectSubfunds: g.directPaid,
    socialPaidIn,
    socialLeverage: ratio(socialCommitted, governmentCommitted),
    totalLeverage: ratio(governmentCommitted + socialCommitted, governmentCommitted),
    socialLeveragePaidIn: ratio(socialPaidIn, governmentPaidIn),
    totalLeveragePaidIn: ratio(governmentPaidIn + socialPaidIn, governmentPaidIn),
    socialTargetProgress: ratio(socialCommitted, programme.socialCapitalTarget),
    governmentTargetProgress: ratio(g.member, programme.governmentCapitalTarget),
    governmentCapitalTarget: programme.governmentCapitalTarget,
    socialCapitalTarget: programme.socialCapitalTarget,
    targetSocialLeverage: ratio(programme.socialCapitalTarget, programme.governmentCapitalTarget),
    subfunds: [...subfunds.values()].sort((a, b) => (a.fund < b.fund ? -1 : 1)),
  };
}

function addToSubfund(subfunds: Map<string, SubfundLeverage>, p: CapitalPosition): void {
  const s = subfunds.get(p.fund) ?? {
    fund: p.fund,
    parent: p.parent as string,
    totalCommitted: 0n,
    parentCommitted: 0n,
    governmentDirectCommitted: 0n,
    governmentSideCommitted: 0n,
    multiplier: null,
  };
  s.totalCommitted += p.committed;
  if (p.investor === p.parent) s.parentCommitted += p.committed;
  if (p.capitalClass === 'government') {
    s.governmentSideCommitted += p.committed;
    if (!p.internal) s.governmentDirectCommitted += p.committed;
  }
  subfunds.set(p.fund, s);
}
