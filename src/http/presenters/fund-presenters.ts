import { formatYuan } from '../../domain/money';
import type { Fund, Investor, Programme } from '../../domain/funds/fund';
import type { FundFigures } from '../../domain/funds/fund-figures';
import type { Leverage } from '../../domain/funds/leverage';
import { LEVERAGE_DEFINITIONS } from '../../domain/funds/leverage';

/** JSON shapes of section 9: money as yuan strings. Used for responses and stored idempotent replies. */
export function presentProgramme(p: Programme) {
  return {
    code: p.code,
    name: p.name,
    governmentCapitalTarget: formatYuan(p.governmentCapitalTarget),
    socialCapitalTarget: formatYuan(p.socialCapitalTarget),
  };
}

export function presentFund({ fund: f, figures }: { fund: Fund; figures: FundFigures }) {
  return {
    code: f.code,
    name: f.name,
    kind: f.kind,
    type: f.type,
    parent: f.parent,
    programme: f.programme,
    status: f.status,
    targetSize: f.targetSize === null ? null : formatYuan(f.targetSize),
    inceptionDate: f.inceptionDate,
    policy: f.policy,
    committed: formatYuan(figures.committed),
    called: formatYuan(figures.called),
    paidIn: formatYuan(figures.paidIn),
    unfunded: formatYuan(figures.unfunded),
    receivable: formatYuan(figures.receivable),
    lateInterestReceivable: formatYuan(figures.lateInterestReceivable),
    invested: formatYuan(figures.invested),
    cash: formatYuan(figures.cash),
    distributed: formatYuan(figures.distributed),
    fundInterests: formatYuan(figures.fundInterests),
    nav: formatYuan(figures.nav),
  };
}

export function presentInvestor(i: Investor) {
  return { code: i.code, name: i.name, category: i.category, capitalClass: i.capitalClass, fund: i.fund };
}

export function presentLeverage(programme: Programme, l: Leverage, asOf: string | null) {
  return {
    programme: programme.code,
    asOf,
    governmentCommitted: formatYuan(l.governmentCommitted),
    governmentInMemberFunds: formatYuan(l.governmentInMemberFunds),
    governmentDirectInSubfunds: formatYuan(l.governmentDirectInSubfunds),
    socialCommitted: formatYuan(l.socialCommitted),
    governmentPaidIn: formatYuan(l.governmentPaidIn),
    governmentPaidInMemberFunds: formatYuan(l.governmentPaidInMemberFunds),
    governmentPaidInDirectSubfunds: formatYuan(l.governmentPaidInDirectSubfunds),
    socialPaidIn: formatYuan(l.socialPaidIn),
    socialLeverage: l.socialLeverage,
    totalLeverage: l.totalLeverage,
    socialLeveragePaidIn: l.socialLeveragePaidIn,
    totalLeveragePaidIn: l.totalLeveragePaidIn,
    socialTargetProgress: l.socialTargetProgress,
    governmentTargetProgress: l.governmentTargetProgress,
    governmentCapitalTarget: formatYuan(l.governmentCapitalTarget),
    socialCapitalTarget: formatYuan(l.socialCapitalTarget),
    targetSocialLeverage: l.targetSocialLeverage,
    subfunds: l.subfunds.map((s) => ({
      fund: s.fund,
      parent: s.parent,
      totalCommitted: formatYuan(s.totalCommitted),
      parentCommitted: formatYuan(s.parentCommitted),
      governmentDirectCommitted: formatYuan(s.governmentDirectCommitted),
      governmentSideCommitted: formatYuan(s.governmentSideCommitted),
      multiplier: s.multiplier,
    })),
    definitions: LEVERAGE_DEFINITIONS,
  };
}
