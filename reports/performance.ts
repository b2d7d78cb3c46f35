import { multiples } from '../src/domain/funds/performance';
import { listFundsConsolidated } from '../src/application/fund-service';
import { fundPerformance } from '../src/application/performance-service';
import { consolidatedIrrs } from '../src/application/consolidated-performance';
import type { Column, ReportDefinition, ReportRow } from '../src/reports/report-definition';

const columns: Column[] = [
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'name', label: '基金名称 name', kind: 'text', width: 30 },
  { key: 'paidIn', label: '实缴 paidIn', kind: 'money' },
  { key: 'distributed', label: '已分配 distributed', kind: 'money' },
  { key: 'nav', label: '净值 nav', kind: 'money' },
  { key: 'dpi', label: '已分配倍数 dpi', kind: 'ratio' },
  { key: 'rvpi', label: '剩余价值倍数 rvpi', kind: 'ratio' },
  { key: 'tvpi', label: '总价值倍数 tvpi', kind: 'ratio' },
  { key: 'irr', label: '内部收益率 irr', kind: 'ratio' },
  { key: 'consolidatedIrr', label: '合并内部收益率 consolidatedIrr', kind: 'ratio' },
  { key: 'carriedInterestPaid', label: '已付附带收益 carriedInterestPaid', kind: 'money' },
  { key: 'carriedInterestAccrued', label: '应计附带收益 carriedInterestAccrued', kind: 'money' },
  { key: 'netDistributed', label: '扣除附带收益后已分配 netDistributed', kind: 'money' },
  { key: 'netNav', label: '扣除应计附带收益后净值 netNav', kind: 'money' },
  { key: 'netDpi', label: '净已分配倍数 netDpi', kind: 'ratio' },
  { key: 'netRvpi', label: '净剩余价值倍数 netRvpi', kind: 'ratio' },
  { key: 'netTvpi', label: '净总价值倍数 netTvpi', kind: 'ratio' },
  { key: 'netIrr', label: '净内部收益率 netIrr', kind: 'ratio' },
];

const TOTALS = ['paidIn', 'distributed', 'nav', 'dpi', 'rvpi', 'tvpi', 'irr', 'carriedInterestPaid', 'carriedInterestAccrued', 'netDistributed', 'netNav', 'netDpi', 'netRvpi', 'netTvpi'];

/**
 * 基金业绩: NAV, DPI, RVPI, TVPI and IRR (XIRR with NAV as the closing flow on the as-of date) per
 * fund, fund interests valued look-through; gross of carried interest, and net of it (the manager's
 * carried interest paid taken out of distributed, the carried interest accrued out of the NAV);
 * `consolidatedIrr` is that of the fund with its sub-funds, external flows only. The totals are
 * consolidated (合并): paid-in and distributed of external investors only, NAV counting a fund
 * interest once, the multiples of those and the IRR of the flows with investors that are not funds
 * of this ledger (issue 23); carried interest summed over the funds and taken out of those.
 */
export const performance: ReportDefinition = {
  name: 'performance',
  title: '基金业绩 performance',
  columns,
  totals: columns.filter((c) => TOTALS.includes(c.key)),
  totalsBasis: 'consolidated',
  async query({ db, params }) {
    const { funds, consolidated } = await listFundsConsolidated(db, { asOf: params.asOf });
    const { paidIn, distributed, nav } = consolidated;
    const irrs = await consolidatedIrrs(db, params.asOf);
    let carriedInterestPaid = 0n;
    let carriedInterestAccrued = 0n;
    async function* rows(): AsyncGenerator<ReportRow> {
      for (const { fund } of funds) {
        const { performance: p, netOfCarry: c } = await fundPerformance(db, fund.code, params.asOf);
        carriedInterestPaid += c.carriedInterestPaid;
        carriedInterestAccrued += c.carriedInterestAccrued;
        yield {
          fund: fund.code,
          name: fund.name,
          paidIn: p.paidIn,
          distributed: p.distributed,
          nav: p.nav,
          dpi: p.dpi,
          rvpi: p.rvpi,
          tvpi: p.tvpi,
          irr: p.irr,
          consolidatedIrr: irrs.trees.get(fund.code) ?? null,
          carriedInterestPaid: c.carriedInterestPaid,
          carriedInterestAccrued: c.carriedInterestAccrued,
          netDistributed: c.net.distributed,
          netNav: c.net.nav,
          netDpi: c.net.dpi,
          netRvpi: c.net.rvpi,
          netTvpi: c.net.tvpi,
          netIrr: c.net.irr,
        };
      }
    }
    return {
      rows: rows(),
      totals: () => {
        const netDistributed = distributed - carriedInterestPaid;
        const netNav = nav - carriedInterestAccrued;
        const net = multiples(paidIn, netDistributed, netNav);
        return {
          paidIn,
          distributed,
          nav,
          ...multiples(paidIn, distributed, nav),
          irr: irrs.total,
          carriedInterestPaid,
          carriedInterestAccrued,
          netDistributed,
          netNav,
          netDpi: net.dpi,
          netRvpi: net.rvpi,
          netTvpi: net.tvpi,
        };
      },
    };
  },
};
