import { fundChangesInNetAssets } from '../src/application/changes-in-net-assets-service';
import { CHANGE_LINES } from '../src/domain/funds/changes-in-net-assets';
import { pick, summing, type Column, type ReportDefinition } from '../src/reports/report-definition';

const MONEY = CHANGE_LINES.map((line) => line.key);

const columns: Column[] = [
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'name', label: '基金名称 name', kind: 'text', width: 30 },
  { key: 'from', label: '期间起 from', kind: 'date' },
  { key: 'to', label: '期间止 to', kind: 'date' },
  ...CHANGE_LINES.map((line): Column => ({ key: line.key, label: line.label, kind: 'money' })),
];

/**
 * 净资产变动表: per fund, booked NAV at the end of the day before `from` (default: the fund's
 * inception) and at the end of `to` (the as-of date), and every movement between on its line, so
 * each row ties to the fen (issue 23). Totals are plain column sums over the funds listed, which
 * tie too; they are not consolidated (a fund interest counts in the holder and in the sub-fund).
 */
export const changesInNetAssetsReport: ReportDefinition = {
  name: 'changes-in-net-assets',
  title: '净资产变动表 changes-in-net-assets',
  columns,
  totals: pick(columns, MONEY),
  filters: ['fund', 'from', 'to'],
  async query({ db, params }) {
    const statements = await fundChangesInNetAssets(db, { fund: params.fund, from: params.from, to: params.asOf });
    const rows = statements.map(({ fund, from, to, changes }) => ({ fund: fund.code, name: fund.name, from, to, ...changes }));
    return summing(rows, MONEY);
  },
};
