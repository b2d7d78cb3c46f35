import { investmentPositions } from '../src/application/report-queries';
import { pick, summing, type Column, type ReportDefinition } from '../src/reports/report-definition';

const MONEY = ['amount', 'cost', 'fairValueChange', 'carryingValue', 'proceeds', 'realizedGain', 'income'] as const;

const columns: Column[] = [
  { key: 'id', label: '编号 id', kind: 'integer', width: 8 },
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'stockCode', label: '股票代码 stockCode', kind: 'text', width: 12 },
  { key: 'companyName', label: '公司名称 companyName', kind: 'text', width: 30 },
  { key: 'instrument', label: '投资工具 instrument', kind: 'text', width: 16 },
  { key: 'acquisitionMode', label: '取得方式 acquisitionMode', kind: 'text', width: 18 },
  { key: 'date', label: '投资日期 date', kind: 'date' },
  { key: 'shares', label: '股数 shares', kind: 'integer', width: 14 },
  { key: 'amount', label: '投资金额 amount', kind: 'money' },
  { key: 'cost', label: '剩余成本 cost', kind: 'money' },
  { key: 'fairValueChange', label: '公允价值变动 fairValueChange', kind: 'money' },
  { key: 'carryingValue', label: '账面价值 carryingValue', kind: 'money' },
  { key: 'proceeds', label: '退出回款 proceeds', kind: 'money' },
  { key: 'realizedGain', label: '已实现收益 realizedGain', kind: 'money' },
  { key: 'income', label: '股息利息收入 income', kind: 'money' },
  { key: 'status', label: '状态 status', kind: 'text', width: 10 },
  { key: 'irr', label: '内部收益率 irr', kind: 'ratio' },
  { key: 'moic', label: '投资倍数 moic', kind: 'ratio' },
];

/**
 * 投资明细: every investment made on or before the date, with shares held, cost and fair-value change
 * as they stood at the end of that date, and its exits up to then: sale proceeds and their realized
 * gain apart from income (dividends, interest); its IRR and multiple (MOIC) with the carrying value
 * as what it is still worth (issue 23). Totals are column sums of the money columns.
 */
export const investments: ReportDefinition = {
  name: 'investments',
  title: '投资明细 investments',
  columns,
  totals: pick(columns, MONEY),
  async query({ db, params }) {
    const positions = await investmentPositions(db, params.asOf);
    const rows = positions.map((p) => ({
      id: p.investment.id,
      fund: p.investment.fund,
      stockCode: p.investment.stockCode,
      companyName: p.investment.companyName,
      instrument: p.investment.instrument,
      acquisitionMode: p.investment.acquisitionMode,
      date: p.investment.date,
      shares: p.sharesHeld,
      amount: p.investment.amount,
      cost: p.cost,
      fairValueChange: p.fairValueChange,
      carryingValue: p.cost + p.fairValueChange,
      proceeds: p.proceeds,
      realizedGain: p.realizedGain,
      income: p.income,
      status: p.status,
      irr: p.irr,
      moic: p.moic,
    }));
    return summing(rows, MONEY);
  },
};
