import type { Applicant, PledgeTranche } from '../../src/domain/screening/applicant';

/**
 * An applicant that passes every default criterion at normal pledge risk: Yuhang-registered
 * manufacturer (CSRC section C), main business 0.90, profitable with positive cash flow, the
 * controlling shareholder pledging 40% of its holding at coverage 3.20.
 */
export function eligibleApplicant(overrides: Partial<Applicant> = {}): Applicant {
  return {
    stockCode: '600001.SH',
    name: '杭州示例股份有限公司',
    exchange: 'SSE',
    listingStatus: 'listed',
    riskWarning: 'none',
    registeredDistrict: '330110',
    industrySection: 'C',
    mainBusinessRevenue: '900000000.00',
    totalRevenue: '1000000000.00',
    netAssets: '2000000000.00',
    netProfit: '80000000.00',
    operatingCashFlow: '120000000.00',
    prospectsRating: 4,
    managementRating: 4,
    acquisitionProject: false,
    companyDishonestDebtor: false,
    totalShares: 1_000_000_000,
    pledgedSharesTotal: 200_000_000,
    sharePrice: '10.00',
    controllingShareholder: { name: '示例控股集团', sharesHeld: 400_000_000, sharesPledged: 160_000_000, majorViolations36m: 0, dishonestDebtor: false },
    actualController: { name: '张三', majorViolations36m: 0, dishonestDebtor: false },
    pledges: [tranche()],
    ...overrides,
  };
}

/** 160M shares pledged against 500M yuan: at 10.00 the coverage is exactly 3.20. */
export function tranche(overrides: Partial<PledgeTranche> = {}): PledgeTranche {
  return { lender: '示例证券', pledgedShares: 160_000_000, principal: '500000000.00', repaid: '0.00', accruedInterest: '0.00', ...overrides };
}

/** The applicant without the named top-level fields. */
export function without(applicant: Applicant, ...fields: Array<keyof Applicant>): Applicant {
  const copy = { ...applicant };
  for (const field of fields) delete copy[field];
  return copy;
}

/** An eligible applicant at elevated pledge risk (60% of the holding pledged), fit for the relief fund. */
export function reliefApplicant(stockCode: string) {
  return eligibleApplicant({
    stockCode,
    name: `测试公司 ${stockCode}`,
    controllingShareholder: { name: '控股股东', sharesHeld: 400_000_000, sharesPledged: 240_000_000, majorViolations36m: 0, dishonestDebtor: false },
    pledgedSharesTotal: 240_000_000,
    pledges: [tranche({ pledgedShares: 240_000_000 })],
  });
}
