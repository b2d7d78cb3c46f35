import type { Criterion } from './criterion';
import { missing, result } from './criterion';

const EXCHANGE_ZH: Record<string, string> = { SSE: '上交所', SZSE: '深交所', BSE: '北交所' };

/** Listed on an eligible A-share exchange and not delisted; a suspension is for a person to weigh. */
export const listed: Criterion = (a, rules) => {
  const absent = [a.exchange === undefined && 'exchange', a.listingStatus === undefined && 'listingStatus'].filter(Boolean) as string[];
  if (a.exchange !== undefined && !rules.eligibleExchanges.includes(a.exchange)) {
    return result('listed', 'fail', `交易所 ${a.exchange} 不在 A 股范围（${rules.eligibleExchanges.join('、')}）`, `exchange ${a.exchange} is not one of ${rules.eligibleExchanges.join(', ')}`);
  }
  if (a.listingStatus === 'delisted') return result('listed', 'fail', '已退市', 'the company is delisted');
  if (absent.length > 0) return missing('listed', absent);
  if (a.listingStatus === 'suspended') {
    return result('listed', 'review', `在${EXCHANGE_ZH[a.exchange!] ?? a.exchange}上市但已停牌，需人工复核`, `listed on ${a.exchange} but suspended; a person must review`);
  }
  return result('listed', 'pass', `在${EXCHANGE_ZH[a.exchange!] ?? a.exchange}上市`, `listed on ${a.exchange}`);
};

/** *ST (delisting-risk warning) fails; ST goes to review. */
export const riskWarning: Criterion = (a) => {
  switch (a.riskWarning) {
    case undefined:
      return missing('risk_warning', ['riskWarning']);
    case '*ST':
      return result('risk_warning', 'fail', '被实施退市风险警示（*ST）', 'under a delisting-risk warning (*ST)');
    case 'ST':
      return result('risk_warning', 'review', '被实施其他风险警示（ST），需人工复核', 'under a risk warning (ST); a person must review');
    default:
      return result('risk_warning', 'pass', '无风险警示', 'no risk warning');
  }
};

export const district: Criterion = (a, rules) => {
  if (a.registeredDistrict === undefined) return missing('district', ['registeredDistrict']);
  return rules.eligibleDistricts.includes(a.registeredDistrict)
    ? result('district', 'pass', `注册地 ${a.registeredDistrict} 属于支持区域`, `registered in eligible district ${a.registeredDistrict}`)
    : result(
        'district',
        'fail',
        `注册地 ${a.registeredDistrict} 不在支持区域（${rules.eligibleDistricts.join('、')}）`,
        `registered in ${a.registeredDistrict}, not in ${rules.eligibleDistricts.join(', ')}`,
      );
};

/** The real economy: the CSRC industry section is not an excluded one (finance, real estate). */
export const realEconomy: Criterion = (a, rules) => {
  if (a.industrySection === undefined) return missing('real_economy', ['industrySection']);
  return rules.excludedIndustrySections.includes(a.industrySection)
    ? result('real_economy', 'fail', `证监会行业门类 ${a.industrySection} 不属于实体经济`, `CSRC industry section ${a.industrySection} is excluded from the real economy`)
    : result('real_economy', 'pass', `证监会行业门类 ${a.industrySection} 属于实体经济`, `CSRC industry section ${a.industrySection} is real economy`);
};
