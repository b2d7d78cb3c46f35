import { getFund } from '../src/application/fund-service';
import { journalAccounts, streamJournal } from '../src/application/journal-export-service';
import { renderHledger } from '../src/reports/render-hledger';
import type { Column, ReportDefinition, ReportRow } from '../src/reports/report-definition';

const columns: Column[] = [
  { key: 'entryId', label: '凭证号 entryId', kind: 'integer' },
  { key: 'date', label: '业务日期 date', kind: 'date' },
  { key: 'type', label: '业务类型 type', kind: 'text', width: 14 },
  { key: 'memo', label: '摘要 memo', kind: 'text', width: 50 },
  { key: 'account', label: '科目 account', kind: 'text', width: 50 },
  { key: 'fund', label: '基金 fund', kind: 'text', width: 14 },
  { key: 'debit', label: '借方 debit', kind: 'money' },
  { key: 'credit', label: '贷方 credit', kind: 'money' },
  { key: 'reverses', label: '冲销凭证 reverses', kind: 'integer' },
];

/**
 * 序时账: every journal line with its entry, value date on or before the date, in entry order.
 * Streamed: entries are read a page at a time and never held all at once. `fund=` keeps that
 * fund's lines only. Also rendered as an hledger journal.
 */
export const journal: ReportDefinition = {
  name: 'journal',
  title: '序时账 journal',
  filters: ['fund'],
  columns,
  totals: [
    { key: 'entries', label: '凭证数 entries', kind: 'integer' },
    { key: 'lines', label: '分录行数 lines', kind: 'integer' },
    { key: 'debit', label: '借方合计 debit', kind: 'money' },
    { key: 'credit', label: '贷方合计 credit', kind: 'money' },
  ],
  async query({ db, params }) {
    if (params.fund) await getFund(db, params.fund);
    const entries = streamJournal(db, { fund: params.fund, asOf: params.asOf });
    const counts = { entries: 0, lines: 0, debit: 0n, credit: 0n };
    async function* rows(): AsyncGenerator<ReportRow> {
      for await (const entry of entries) {
        if (entry.lines.length > 0) counts.entries += 1;
        for (const line of entry.lines) {
          counts.lines += 1;
          counts.debit += line.debit;
          counts.credit += line.credit;
          yield { entryId: entry.id, date: entry.date, type: entry.type, memo: entry.memo, account: line.account, fund: line.fund, debit: line.debit, credit: line.credit, reverses: entry.reverses };
        }
      }
    }
    return { rows: rows(), totals: () => ({ ...counts }) };
  },
  async hledger({ db, params }, write) {
    const entries = streamJournal(db, { fund: params.fund, asOf: params.asOf });
    const first = await entries.next();
    const accounts = await journalAccounts(db, params.fund);
    async function* all() {
      if (!first.done) yield first.value;
      yield* entries;
    }
    await renderHledger({ asOf: params.asOf, fund: params.fund, accounts }, all(), write);
  },
};
