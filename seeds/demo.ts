import type { Database } from '../src/data/database';
import { addDays, todayIn } from '../src/domain/dates';
import type { Applicant } from '../src/domain/screening/applicant';
import { createInvestor, updateFund } from '../src/application/fund-service';
import { callCapital, distributeCash, recordCommitment, recordExit, recordExpense, recordInvestment, recordPayment, recordValuation, type EventOptions } from '../src/application/fund-event-service';
import { resultOf, type CommandOutcome } from '../src/application/command-runner';
import { formatYuan } from '../src/domain/money';
import { screenOne } from '../src/application/screening-service';
import { createInvestee } from '../src/application/investee-service';
import { recordObligation } from '../src/application/obligation-service';
import { recordMarketPrices } from '../src/application/pledge-watch-service';
import { systemClock } from '../src/domain/ledger/ledger-service';
import { seedContext, type SeedStep } from './seed-step';

/**
 * ILLUSTRATIVE DATA ONLY (示例数据): invented partners, companies and transactions, every name
 * marked 示例 and every code prefixed DEMO- or fictional, so the dashboard and reports have
 * something to show. Loaded only with PHOENIX_SEED=demo, on top of the reference seed, through
 * the same services and rules as real bookings.
 */
export const demoSeed: SeedStep = {
  name: 'demo:illustrative-2019',
  async run(db: Database) {
    const ctx = seedContext('demo');
    const options: EventOptions = { clock: systemClock, today: todayIn('Asia/Shanghai'), screeningValidityDays: 3650 };
    const result = async <T>(p: Promise<CommandOutcome<T>>): Promise<T> => resultOf(await p);

    for (const investor of DEMO_INVESTORS) await createInvestor(db, ctx, investor);
    await updateFund(db, ctx, 'PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' });
    await updateFund(db, ctx, 'PHX-MA', { targetSize: '2000000000.00', status: 'active' });

    const commitments: Array<[string, string, string]> = [
      ['PHX', 'DEMO-GOV', '1200000000.00'],
      ['PHX', 'DEMO-SOE', '800000000.00'],
      ['YH-IF', 'DEMO-GOV', '2000000000.00'],
      ['YH-TUF', 'DEMO-GOV', '2000000000.00'],
      ['PHX-RELIEF', 'PHX', '300000000.00'],
      ['PHX-RELIEF', 'DEMO-BANK', '400000000.00'],
      ['PHX-RELIEF', 'DEMO-SEC', '200000000.00'],
      ['PHX-RELIEF', 'DEMO-PRIV', '100000000.00'],
      ['PHX-MA', 'PHX', '600000000.00'],
      ['PHX-MA', 'DEMO-INS', '800000000.00'],
      ['PHX-MA', 'DEMO-BANK', '400000000.00'],
      ['PHX-MA', 'DEMO-PRIV', '200000000.00'],
    ];
    for (const [fund, investor, amount] of commitments) await recordCommitment(db, ctx, fund, { investor, amount, date: '2018-12-20' }, options);

    // Calls are paid in full, parents first so Phoenix has the cash to pay its sub-funds.
    const calls: Array<[string, string, string]> = [
      ['PHX', '500000000.00', '2018-12-28'],
      ['PHX-RELIEF', '400000000.00', '2019-01-10'],
      ['PHX-MA', '300000000.00', '2019-01-10'],
    ];
    for (const [fund, amount, date] of calls) {
      const called = await result(callCapital(db, ctx, fund, { amount, date, dueDate: date }, options));
      for (const a of called.allocations) await recordPayment(db, ctx, called.id, { investor: a.investor, amount: formatYuan(a.amount), date }, options);
    }

    const screened = new Map<string, number>();
    for (const applicant of DEMO_APPLICANTS) {
      const view = await result(screenOne(db, ctx, { applicant, screenedOn: '2019-01-15', today: options.today }));
      screened.set(applicant.stockCode, view.id);
    }

    const relief = (await result(
      recordInvestment(db, ctx, 'PHX-RELIEF', {
        company: { stockCode: '603901.SH', name: '示例甲股份' },
        instrument: 'equity',
        acquisitionMode: 'block_trade',
        shares: 15_000_000,
        amount: '150000000.00',
        date: '2019-02-01',
        screeningId: screened.get('603901.SH'),
      }, options),
    ));
    // 纾困: the relief fund takes over the controlling shareholder's share-pledge financing and
    // becomes the pledgee (a loan is refused to a fund with government capital, 210号 第十二条).
    await result(
      createInvestee(db, ctx, {
        code: 'DEMO-HOLD',
        name: '示例乙控股集团有限公司',
        creditCode: '91330110MA2D11111J',
        kind: 'controlling_shareholder',
        listedCompany: '300902.SZ',
        registeredDistrict: '330110',
      }),
    );
    await recordInvestment(db, ctx, 'PHX-RELIEF', {
      investee: 'DEMO-HOLD',
      instrument: 'pledge_refinancing',
      amount: '80000000.00',
      underlying: { stockCode: '300902.SZ', pledgedShares: 12_000_000 },
      rate: '0.06',
      maturityDate: '2021-02-15',
      warningLine: '1.60',
      liquidationLine: '1.40',
      date: '2019-02-15',
      screeningId: screened.get('300902.SZ'),
    }, options);
    const ma = (await result(
      recordInvestment(db, ctx, 'PHX-MA', {
        company: { stockCode: '002903.SZ', name: '示例丙制造' },
        instrument: 'equity',
        acquisitionMode: 'private_placement',
        shares: 20_000_000,
        amount: '200000000.00',
        date: '2019-03-01',
        screeningId: screened.get('002903.SZ'),
      }, options),
    ));

    // 投后: the controlling shareholder's buyback of the relief block falls due six weeks from the
    // day the demo is loaded, so the watch shows it.
    await result(
      recordObligation(db, ctx, relief.id, {
        kind: 'buyback',
        counterparty: '示例甲股份控股股东',
        dueDate: addDays(options.today, 45),
        amount: '110000000.00',
        terms: '按投资本金加年化6%回购剩余股份',
      }),
    );
    await recordValuation(db, ctx, relief.id, { fairValue: '171000000.00', date: '2019-06-30' }, options);
    await recordValuation(db, ctx, ma.id, { fairValue: '188000000.00', date: '2019-06-30' }, options);
    await recordExit(db, ctx, relief.id, { kind: 'sale', proceeds: '62000000.00', shares: 5_000_000, channel: 'block_trade', date: '2019-09-20' }, options);
    await recordExit(db, ctx, ma.id, { kind: 'income', proceeds: '3000000.00', cost: '0.00', date: '2019-10-15' }, options);
    for (const fund of ['PHX', 'PHX-RELIEF', 'PHX-MA']) {
      await recordExpense(db, ctx, fund, { amount: '1500000.00', date: '2019-12-31', kind: 'management_fee', memo: '示例 2019 管理费' }, options);
    }
    await distributeCash(db, ctx, 'PHX-RELIEF', { amount: '40000000.00', date: '2019-12-31' }, options);

    await recordMarketPrices(db, ctx, {
      today: options.today,
      cause: 'phoenix seed demo',
      prices: [
        { stockCode: '603901.SH', date: '2019-12-31', close: '11.2000' },
        { stockCode: '300902.SZ', date: '2019-12-31', close: '6.1000' },
        { stockCode: '002903.SZ', date: '2019-12-31', close: '9.4000' },
        { stockCode: '600904.SH', date: '2019-12-31', close: '4.0500' },
      ],
    });
  },
};

const DEMO_INVESTORS = [
  { code: 'DEMO-GOV', name: '示例·区政府产业基金出资平台', category: 'government_fund', capitalClass: 'government' },
  { code: 'DEMO-SOE', name: '示例·区属国有平台', category: 'state_owned', capitalClass: 'government' },
  { code: 'DEMO-BANK', name: '示例·合作银行', category: 'financial_institution', capitalClass: 'social' },
  { code: 'DEMO-SEC', name: '示例·合作券商', category: 'securities_firm', capitalClass: 'social' },
  { code: 'DEMO-INS', name: '示例·保险资管', category: 'financial_institution', capitalClass: 'social' },
  { code: 'DEMO-PRIV', name: '示例·社会资本', category: 'private', capitalClass: 'social' },
] as const;

/** A sound Yuhang manufacturer whose controlling shareholder pledged `pledged` of 400M shares at `price`. */
function applicant(stockCode: string, name: string, pledged: number, price: string, over: Partial<Applicant> = {}): Applicant {
  return {
    stockCode,
    name,
    exchange: stockCode.endsWith('.SH') ? 'SSE' : 'SZSE',
    listingStatus: 'listed',
    riskWarning: 'none',
    registeredDistrict: '330110',
    industrySection: 'C',
    mainBusinessRevenue: '1800000000.00',
    totalRevenue: '2000000000.00',
    netAssets: '3000000000.00',
    netProfit: '150000000.00',
    operatingCashFlow: '210000000.00',
    prospectsRating: 4,
    managementRating: 4,
    acquisitionProject: false,
    companyDishonestDebtor: false,
    totalShares: 1_000_000_000,
    pledgedSharesTotal: pledged,
    sharePrice: price,
    controllingShareholder: { name: `${name}控股集团`, sharesHeld: 400_000_000, sharesPledged: pledged, majorViolations36m: 0, dishonestDebtor: false },
    actualController: { name: `${name}实际控制人`, majorViolations36m: 0, dishonestDebtor: false },
    pledges: [{ lender: '示例证券', pledgedShares: pledged, principal: '1000000000.00', repaid: '0.00', accruedInterest: '20000000.00' }],
    ...over,
  };
}

const DEMO_APPLICANTS: Applicant[] = [
  applicant('603901.SH', '示例甲股份', 320_000_000, '9.8000'),
  applicant('300902.SZ', '示例乙科技', 300_000_000, '7.5000'),
  applicant('002903.SZ', '示例丙制造', 120_000_000, '12.0000', { acquisitionProject: true }),
  applicant('600904.SH', '示例丁集团', 360_000_000, '5.2000', { netProfit: '-20000000.00' }),
  applicant('300905.SZ', '示例戊地产', 100_000_000, '8.0000', { industrySection: 'K' }),
];
