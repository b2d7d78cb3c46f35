import { programmeLeverage } from '../src/application/fund-service';
import { resolveProgramme } from '../src/application/report-queries';
import { LEVERAGE_DEFINITIONS } from '../src/domain/funds/leverage';
import type { ReportDefinition } from '../src/reports/report-definition';

/**
 * 放大倍数: the programme's leverage (docs/domain.md, Leverage). Rows are the sub-funds with their
 * multiplier over all government-side money in them; the totals are the programme's G and S, their ratios and targets, and the definitions
 * in words go with them.
 */
export const leverage: ReportDefinition = {
  name: 'leverage',
  title: '放大倍数 leverage',
  filters: ['programme'],
  columns: [
    { key: 'fund', label: '子基金 fund', kind: 'text', width: 14 },
    { key: 'parent', label: '母基金 parent', kind: 'text', width: 12 },
    { key: 'totalCommitted', label: '认缴合计 totalCommitted', kind: 'money' },
    { key: 'parentCommitted', label: '母基金认缴 parentCommitted', kind: 'money' },
    { key: 'multiplier', label: '放大倍数 multiplier', kind: 'ratio', width: 14 },
    { key: 'governmentDirectCommitted', label: '政府类直接认缴 governmentDirectCommitted', kind: 'money' },
    { key: 'governmentSideCommitted', label: '政府方认缴合计 governmentSideCommitted', kind: 'money' },
  ],
  totals: [
    { key: 'governmentCommitted', label: '政府类认缴 governmentCommitted (G)', kind: 'money' },
    { key: 'governmentInMemberFunds', label: '政府类认缴·成员基金 governmentInMemberFunds', kind: 'money' },
    { key: 'governmentDirectInSubfunds', label: '政府类认缴·直投子基金 governmentDirectInSubfunds', kind: 'money' },
    { key: 'socialCommitted', label: '社会资本认缴 socialCommitted (S)', kind: 'money' },
    { key: 'governmentPaidIn', label: '政府类实缴 governmentPaidIn', kind: 'money' },
    { key: 'socialPaidIn', label: '社会资本实缴 socialPaidIn', kind: 'money' },
    { key: 'socialLeverage', label: '社会资本放大倍数 socialLeverage (S/G)', kind: 'ratio' },
    { key: 'totalLeverage', label: '总放大倍数 totalLeverage ((G+S)/G)', kind: 'ratio' },
    { key: 'socialTargetProgress', label: '社会资本目标进度 socialTargetProgress (S/248亿)', kind: 'ratio' },
    { key: 'governmentCapitalTarget', label: '政府资本目标 governmentCapitalTarget', kind: 'money' },
    { key: 'socialCapitalTarget', label: '社会资本目标 socialCapitalTarget', kind: 'money' },
  ],
  async query({ db, params }) {
    const code = await resolveProgramme(db, params.programme);
    const { leverage: l } = await programmeLeverage(db, code, params.asOf);
    return {
      rows: l.subfunds.map((s) => ({ ...s })),
      totals: () => ({
        governmentCommitted: l.governmentCommitted,
        governmentInMemberFunds: l.governmentInMemberFunds,
        governmentDirectInSubfunds: l.governmentDirectInSubfunds,
        socialCommitted: l.socialCommitted,
        governmentPaidIn: l.governmentPaidIn,
        socialPaidIn: l.socialPaidIn,
        socialLeverage: l.socialLeverage,
        totalLeverage: l.totalLeverage,
        socialTargetProgress: l.socialTargetProgress,
        governmentCapitalTarget: l.governmentCapitalTarget,
        socialCapitalTarget: l.socialCapitalTarget,
      }),
      notes: { ...LEVERAGE_DEFINITIONS },
    };
  },
};
