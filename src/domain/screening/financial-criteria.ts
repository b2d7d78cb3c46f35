import Big from 'big.js';
import type { Criterion, CriterionId } from './criterion';
import { missing, result } from './criterion';
import { divideToFixed } from './exact-division';

/** Main-business revenue / total revenue reaches the rule set's share (compared exactly, shown to 4 dp). */
export const mainBusinessFocus: Criterion = (a, rules) => {
  const absent = [a.mainBusinessRevenue === undefined && 'mainBusinessRevenue', a.totalRevenue === undefined && 'totalRevenue'].filter(Boolean) as string[];
  if (absent.length > 0) return missing('main_business_focus', absent);
  const total = new Big(a.totalRevenue!);
  if (total.eq(0)) {
    return result('main_business_focus', 'review', '营业总收入为零，无法计算主营业务占比，需人工复核', 'total revenue is zero, so the main-business share is undefined; a person must review');
  }
  const main = new Big(a.mainBusinessRevenue!);
  const share = divideToFixed(main, total, 4);
  const threshold = rules.minMainBusinessShare;
  return main.gte(total.times(threshold))
    ? result('main_business_focus', 'pass', `主营业务收入占比 ${share}，不低于 ${threshold}`, `main-business share ${share} is at least ${threshold}`)
    : result('main_business_focus', 'fail', `主营业务收入占比 ${share}，低于 ${threshold}`, `main-business share ${share} is below ${threshold}`);
};

/**
 * Net assets ≤ 0 fails. Otherwise net profit and operating cash flow both > 0 passes, exactly one
 * of them ≤ 0 is review, both ≤ 0 fails. A fail that the known figures already decide is reported
 * even when other figures are absent.
 */
export const operatingCondition: Criterion = (a) => {
  const id = 'operating_condition';
  if (a.netAssets !== undefined && new Big(a.netAssets).lte(0)) {
    return result(id, 'fail', `净资产 ${a.netAssets} 元，不为正`, `net assets ${a.netAssets} are not positive`);
  }
  const profit = a.netProfit === undefined ? undefined : new Big(a.netProfit).gt(0);
  const cash = a.operatingCashFlow === undefined ? undefined : new Big(a.operatingCashFlow).gt(0);
  if (profit === false && cash === false) {
    return result(id, 'fail', `净利润 ${a.netProfit} 元与经营活动现金流 ${a.operatingCashFlow} 元均不为正`, `net profit ${a.netProfit} and operating cash flow ${a.operatingCashFlow} are both not positive`);
  }
  const absent = [a.netAssets === undefined && 'netAssets', profit === undefined && 'netProfit', cash === undefined && 'operatingCashFlow'].filter(Boolean) as string[];
  if (absent.length > 0) return missing(id, absent);
  if (profit && cash) {
    return result(id, 'pass', `净资产、净利润与经营活动现金流均为正`, 'net assets, net profit and operating cash flow are all positive');
  }
  return profit
    ? result(id, 'review', `经营活动现金流 ${a.operatingCashFlow} 元不为正，需人工复核`, `operating cash flow ${a.operatingCashFlow} is not positive; a person must review`)
    : result(id, 'review', `净利润 ${a.netProfit} 元不为正，需人工复核`, `net profit ${a.netProfit} is not positive; a person must review`);
};

function ratingCriterion(id: CriterionId, field: 'prospectsRating' | 'managementRating', threshold: 'minProspectsRating' | 'minManagementRating', zh: string, en: string): Criterion {
  return (a, rules) => {
    const rating = a[field];
    if (rating === undefined) return missing(id, [field]);
    const min = rules[threshold];
    return rating >= min
      ? result(id, 'pass', `${zh}评级 ${rating}，不低于 ${min}`, `${en} rating ${rating} is at least ${min}`)
      : result(id, 'fail', `${zh}评级 ${rating}，低于 ${min}`, `${en} rating ${rating} is below ${min}`);
  };
}

export const marketProspects = ratingCriterion('market_prospects', 'prospectsRating', 'minProspectsRating', '市场发展前景', 'market-prospects');
export const managementTeam = ratingCriterion('management_team', 'managementRating', 'minManagementRating', '管理团队', 'management-team');
