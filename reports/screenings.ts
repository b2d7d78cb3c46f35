import { screeningsUpTo } from '../src/application/report-queries';
import { parseYuan } from '../src/domain/money';
import { counting, type ReportDefinition, type ReportRow } from '../src/reports/report-definition';

/**
 * 准入筛查: every screening dated on or before the date, oldest first, with its decision as judged
 * and the pledge level and route after the latest market price. Totals count the decisions.
 */
export const screenings: ReportDefinition = {
  name: 'screenings',
  title: '准入筛查 screenings',
  columns: [
    { key: 'id', label: '编号 id', kind: 'integer', width: 8 },
    { key: 'stockCode', label: '股票代码 stockCode', kind: 'text', width: 12 },
    { key: 'companyName', label: '公司名称 companyName', kind: 'text', width: 30 },
    { key: 'screenedOn', label: '筛查日期 screenedOn', kind: 'date' },
    { key: 'rulesetVersion', label: '规则版本 rulesetVersion', kind: 'integer' },
    { key: 'decision', label: '结论 decision', kind: 'text', width: 14 },
    { key: 'route', label: '推荐路径 route', kind: 'text', width: 10 },
    { key: 'failed', label: '未通过项 failed', kind: 'text', width: 30 },
    { key: 'review', label: '待复核项 review', kind: 'text', width: 30 },
    { key: 'pledgeLevel', label: '质押风险 pledgeLevel', kind: 'text', width: 12 },
    { key: 'currentPledgeLevel', label: '最新质押风险 currentPledgeLevel', kind: 'text', width: 12 },
    { key: 'shareholderPledgeRatio', label: '大股东质押比例 shareholderPledgeRatio', kind: 'ratio' },
    { key: 'companyPledgeRatio', label: '公司质押比例 companyPledgeRatio', kind: 'ratio' },
    { key: 'reliefQuota', label: '纾困额度 reliefQuota', kind: 'money' },
  ],
  totals: [
    { key: 'count', label: '筛查数 count', kind: 'integer' },
    { key: 'eligible', label: '符合 eligible', kind: 'integer' },
    { key: 'needs_review', label: '需复核 needs_review', kind: 'integer' },
    { key: 'ineligible', label: '不符合 ineligible', kind: 'integer' },
  ],
  async query({ db, params }) {
    async function* rows(): AsyncGenerator<ReportRow> {
      for await (const s of screeningsUpTo(db, params.asOf)) {
        const risk = s.pledgeRisk;
        yield {
          id: s.id,
          stockCode: s.stockCode,
          companyName: s.companyName,
          screenedOn: s.screenedOn,
          rulesetVersion: s.rulesetVersion,
          decision: s.decision,
          route: s.route,
          failed: s.criteria.filter((c) => c.outcome === 'fail').map((c) => c.id).join(' '),
          review: s.criteria.filter((c) => c.outcome === 'review').map((c) => c.id).join(' '),
          pledgeLevel: risk.level,
          currentPledgeLevel: s.current.pledgeLevel,
          shareholderPledgeRatio: risk.shareholderPledgeRatio,
          companyPledgeRatio: risk.companyPledgeRatio,
          reliefQuota: risk.reliefQuota === null ? null : parseYuan(risk.reliefQuota),
        };
      }
    }
    const counted = counting(rows(), 'decision', ['eligible', 'needs_review', 'ineligible']);
    return { rows: counted.rows, totals: counted.counts };
  },
};
