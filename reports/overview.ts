import { listFundsConsolidated } from '../src/application/fund-service';
import { pick, type Column, type ReportDefinition } from '../src/reports/report-definition';

const MONEY = ['committed', 'called', 'paidIn', 'unfunded', 'receivable', 'invested', 'cash', 'distributed', 'nav', 'fundInterests'] as const;

const columns: Column[] = [
  { key: 'code', label: '基金代码 code', kind: 'text', width: 14 },
  { key: 'name', label: '基金名称 name', kind: 'text', width: 30 },
  { key: 'kind', label: '类别 kind', kind: 'text', width: 10 },
  { key: 'type', label: '子基金类型 type', kind: 'text', width: 10 },
  { key: 'parent', label: '母基金 parent', kind: 'text', width: 10 },
  { key: 'programme', label: '计划 programme', kind: 'text', width: 10 },
  { key: 'status', label: '状态 status', kind: 'text', width: 10 },
  { key: 'targetSize', label: '目标规模 targetSize', kind: 'money' },
  { key: 'committed', label: '认缴 committed', kind: 'money' },
  { key: 'called', label: '已催缴 called', kind: 'money' },
  { key: 'paidIn', label: '实缴 paidIn', kind: 'money' },
  { key: 'unfunded', label: '未缴 unfunded', kind: 'money' },
  { key: 'receivable', label: '应收出资 receivable', kind: 'money' },
  { key: 'invested', label: '投资成本 invested', kind: 'money' },
  { key: 'cash', label: '现金 cash', kind: 'money' },
  { key: 'distributed', label: '已分配 distributed', kind: 'money' },
  { key: 'nav', label: '净值 nav', kind: 'money' },
  { key: 'fundInterests', label: '子基金份额(穿透) fundInterests', kind: 'money' },
];

/**
 * 基金概览: every fund with its figures as of the date, fund interests valued look-through. The
 * totals are consolidated (合并): capital figures count external investors only, and a fund
 * interest counts once (in the sub-fund), so PHX and its sub-funds are not added twice. Target
 * sizes are not totalled: a sub-fund's size includes its parent's commitment.
 */
export const overview: ReportDefinition = {
  name: 'overview',
  title: '基金概览 overview',
  columns,
  totals: pick(columns, MONEY),
  totalsBasis: 'consolidated',
  async query({ db, params }) {
    const { funds, consolidated } = await listFundsConsolidated(db, { asOf: params.asOf });
    const rows = funds.map(({ fund, figures }) => ({
      code: fund.code,
      name: fund.name,
      kind: fund.kind,
      type: fund.type,
      parent: fund.parent,
      programme: fund.programme,
      status: fund.status,
      targetSize: fund.targetSize,
      ...figures,
    }));
    return { rows, totals: () => ({ ...consolidated }) };
  },
};
