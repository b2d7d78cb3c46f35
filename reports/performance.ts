import { ratio } from '../src/domain/money';
import { listFundsConsolidated } from '../src/application/fund-service';
import { fundPerformance } from '../src/application/performance-service';
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
];

/**
 * 基金业绩: NAV, DPI, RVPI, TVPI and IRR (XIRR with NAV as the closing flow on the as-of date) per
 * fund, fund interests valued look-through. The totals are consolidated (合并): paid-in and
 * distributed of external investors only, NAV counting a fund interest once, and the multiples of
 * those.
 */
export const performance: ReportDefinition = {
  name: 'performance',
  title: '基金业绩 performance',
  columns,
  totals: columns.filter((c) => ['paidIn', 'distributed', 'nav', 'dpi', 'rvpi', 'tvpi'].includes(c.key)),
  totalsBasis: 'consolidated',
  async query({ db, params }) {
    const { funds, consolidated } = await listFundsConsolidated(db, { asOf: params.asOf });
    const { paidIn, distributed, nav } = consolidated;
    async function* rows(): AsyncGenerator<ReportRow> {
      for (const { fund } of funds) {
        const p = (await fundPerformance(db, fund.code, params.asOf)).performance;
        yield { fund: fund.code, name: fund.name, paidIn: p.paidIn, distributed: p.distributed, nav: p.nav, dpi: p.dpi, rvpi: p.rvpi, tvpi: p.tvpi, irr: p.irr };
      }
    }
    return {
      rows: rows(),
      totals: () => ({
        paidIn,
        distributed,
        nav,
        dpi: ratio(distributed, paidIn),
        rvpi: ratio(nav, paidIn),
        tvpi: ratio(distributed + nav, paidIn),
      }),
    };
  },
};
