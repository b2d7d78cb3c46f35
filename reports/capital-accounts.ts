import { listFunds } from '../src/application/fund-service';
import { fundPerformance } from '../src/application/performance-service';
import { listInvestors } from '../src/application/report-queries';
import { pick, type Column, type ReportDefinition, type ReportRow } from '../src/reports/report-definition';

const MONEY = [
  'committed',
  'called',
  'paidIn',
  'unfunded',
  'receivable',
  'distributed',
  'returnOfCapital',
  'preferredReturn',
  'profit',
  'carriedInterest',
  'fees',
  'lateInterestOwed',
  'compensationPaid',
  'compensationReceived',
  'carriedInterestAccrued',
  'navShare',
] as const;

const columns: Column[] = [
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'investor', label: '出资人 investor', kind: 'text', width: 14 },
  { key: 'investorName', label: '出资人名称 investorName', kind: 'text', width: 30 },
  { key: 'capitalClass', label: '资本类别 capitalClass', kind: 'text', width: 12 },
  { key: 'committed', label: '认缴 committed', kind: 'money' },
  { key: 'called', label: '已催缴 called', kind: 'money' },
  { key: 'paidIn', label: '实缴 paidIn', kind: 'money' },
  { key: 'unfunded', label: '未缴 unfunded', kind: 'money' },
  { key: 'receivable', label: '应收出资 receivable', kind: 'money' },
  { key: 'distributed', label: '已分配 distributed', kind: 'money' },
  { key: 'returnOfCapital', label: '返还出资 returnOfCapital', kind: 'money' },
  { key: 'preferredReturn', label: '优先回报 preferredReturn', kind: 'money' },
  { key: 'profit', label: '超额收益 profit', kind: 'money' },
  { key: 'carriedInterest', label: '附带收益 carriedInterest', kind: 'money' },
  { key: 'fees', label: '管理费 fees', kind: 'money' },
  { key: 'lateInterestOwed', label: '应付违约金 lateInterestOwed', kind: 'money' },
  { key: 'compensationPaid', label: '已付补偿 compensationPaid', kind: 'money' },
  { key: 'compensationReceived', label: '已收补偿 compensationReceived', kind: 'money' },
  { key: 'carriedInterestAccrued', label: '应计附带收益 carriedInterestAccrued', kind: 'money' },
  { key: 'navShare', label: '净值份额 navShare', kind: 'money' },
  { key: 'dpi', label: '已分配倍数 dpi', kind: 'ratio' },
  { key: 'tvpi', label: '总价值倍数 tvpi', kind: 'ratio' },
  { key: 'irr', label: '内部收益率 irr', kind: 'ratio' },
];

/**
 * 出资人资本账户: each investor's capital account in each fund as of the date, on a liquidation basis
 * (docs/capital-accounting.md): what it has had by waterfall tier (the manager's carried interest in
 * its own row), the fees and late interest charged to it, the compensation it paid and received
 * (equalisation and late interest: not capital), and its NAV share, what a wind-up at the NAV would
 * pay it (HLBV; the manager's row carries the accrued carry). A fund's NAV shares sum to its NAV to the fen. The totals are consolidated
 * (合并): rows whose investor is a fund of this ledger are left out, so PHX's capital in its
 * sub-funds is not added to the capital PHX's own investors put in, and the NAV shares total the
 * consolidated NAV of the overview.
 */
export const capitalAccounts: ReportDefinition = {
  name: 'capital-accounts',
  title: '出资人资本账户 capital-accounts',
  columns,
  totals: pick(columns, MONEY),
  totalsBasis: 'consolidated',
  async query({ db, params }) {
    const [fundList, investors] = await Promise.all([listFunds(db, { asOf: params.asOf }), listInvestors(db)]);
    const byCode = new Map(investors.map((i) => [i.code, i]));
    const funds = new Set(fundList.map(({ fund }) => fund.code));
    const sums: Record<string, bigint> = Object.fromEntries(MONEY.map((k) => [k, 0n]));
    async function* rows(): AsyncGenerator<ReportRow> {
      for (const { fund } of fundList) {
        const result = await fundPerformance(db, fund.code, params.asOf);
        for (const account of result.investors) {
          const investor = byCode.get(account.investor);
          if (!funds.has(account.investor)) for (const key of MONEY) sums[key] += account[key];
          yield {
            fund: fund.code,
            investor: account.investor,
            investorName: investor?.name ?? null,
            capitalClass: investor?.capitalClass ?? null,
            committed: account.committed,
            called: account.called,
            paidIn: account.paidIn,
            unfunded: account.unfunded,
            receivable: account.receivable,
            distributed: account.distributed,
            returnOfCapital: account.returnOfCapital,
            preferredReturn: account.preferredReturn,
            profit: account.profit,
            carriedInterest: account.carriedInterest,
            fees: account.fees,
            lateInterestOwed: account.lateInterestOwed,
            compensationPaid: account.compensationPaid,
            compensationReceived: account.compensationReceived,
            carriedInterestAccrued: account.carriedInterestAccrued,
            navShare: account.navShare,
            dpi: account.performance.dpi,
            tvpi: account.performance.tvpi,
            irr: account.performance.irr,
          };
        }
      }
    }
    return { rows: rows(), totals: () => ({ ...sums }) };
  },
};
