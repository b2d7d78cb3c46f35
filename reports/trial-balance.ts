import { trialBalance } from '../src/application/journal-service';
import { getFund } from '../src/application/fund-service';
import { balanceOf } from '../src/domain/ledger/entry';
import { pick, summing, type Column, type ReportDefinition } from '../src/reports/report-definition';

const columns: Column[] = [
  { key: 'account', label: '科目 account', kind: 'text', width: 50 },
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'debit', label: '借方 debit', kind: 'money' },
  { key: 'credit', label: '贷方 credit', kind: 'money' },
  { key: 'balance', label: '余额 balance', kind: 'money' },
];

/** 试算平衡表: every account's debits, credits and balance (debit − credit) at the end of the date. */
export const trialBalanceReport: ReportDefinition = {
  name: 'trial-balance',
  title: '试算平衡表 trial-balance',
  filters: ['fund'],
  columns,
  totals: pick(columns, ['debit', 'credit', 'balance']),
  async query({ db, params }) {
    if (params.fund) await getFund(db, params.fund);
    const tb = await trialBalance(db, { fund: params.fund, asOf: params.asOf });
    const rows = tb.accounts.map((a) => ({ account: a.account, fund: a.fund, debit: a.debit, credit: a.credit, balance: balanceOf(a) }));
    return summing(rows, ['debit', 'credit', 'balance']);
  },
};
