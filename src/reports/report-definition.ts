import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import type { Database } from '../data/database';
import type { WatchSettings } from '../domain/watch/watch-settings';

/**
 * How a column's values are typed. Money is integer fen (bigint) until it is rendered; ratios and
 * decimals are decimal strings; dates are 'YYYY-MM-DD'; integers are safe JS integers (counts, ids).
 */
export type ColumnKind = 'text' | 'money' | 'ratio' | 'decimal' | 'date' | 'integer';

export interface Column {
  key: string;
  /** Chinese header with the English key, e.g. '认缴 committed'. */
  label: string;
  kind: ColumnKind;
  /** Width in characters for spreadsheets (a default per kind when absent). */
  width?: number;
}

export type CellValue = Fen | string | number | boolean | null;
export type ReportRow = Record<string, CellValue>;

/** Display scale for money: 元, 万元 (10^4 yuan) or 亿元 (10^8 yuan). Stored precision never changes. */
export const UNITS = ['yuan', 'wan', 'yi'] as const;
export type Unit = (typeof UNITS)[number];

export const FORMATS = ['json', 'csv', 'xlsx', 'hledger'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportParams {
  /** Figures as they stood at the end of this value date. */
  asOf: IsoDate;
  unit: Unit;
  fund?: string;
  programme?: string;
  /** First day of a period report's period (changes in net assets); its last day is `asOf`. */
  from?: IsoDate;
}

export const REPORT_FILTERS = ['fund', 'programme', 'from', 'to'] as const;
export type ReportFilter = (typeof REPORT_FILTERS)[number];

export interface ReportContext {
  db: Database;
  params: ReportParams;
  /** The pledge watch's settings (stale prices, lock-up discount); the defaults when absent. */
  watch?: WatchSettings;
}

/**
 * What a report query yields: rows (possibly streamed, read page by page), and totals that are
 * read only after every row has been consumed (so a streamed report can sum as it goes).
 */
export interface ReportData {
  rows: AsyncIterable<ReportRow> | Iterable<ReportRow>;
  totals(): Record<string, CellValue>;
  /** Definitions in words shown beside the figures (leverage). */
  notes?: Record<string, string>;
}

/** A chunk sink: resolves once the chunk may be followed by the next (back-pressure). */
export type Write = (chunk: string | Buffer) => Promise<void>;

export interface ReportDefinition {
  name: string;
  /** Chinese title with the English name, shown in the spreadsheet title row. */
  title: string;
  columns: readonly Column[];
  /** Keys, labels and kinds of the totals record. */
  totals: readonly Column[];
  /**
   * What the totals are when they are not plain column sums: 'consolidated' (合并) totals over
   * several funds eliminate internal capital (docs/domain.md, Capital accounting).
   */
  totalsBasis?: 'consolidated';
  /**
   * Optional query parameters the report understands besides asOf and unit. A period report takes
   * `from` and `to`, where `to` is another name for `asOf`, the period's last day.
   */
  filters?: ReadonlyArray<ReportFilter>;
  query(ctx: ReportContext): Promise<ReportData>;
  /** Renders the report as an hledger journal (the journal report only). */
  hledger?(ctx: ReportContext, write: Write): Promise<void>;
}

/**
 * Wraps rows so the money (and integer) columns named in `keys` are summed as they pass; `totals`
 * then returns those sums. Suits reports whose totals are column sums.
 */
export function summing(rows: AsyncIterable<ReportRow> | Iterable<ReportRow>, keys: readonly string[]): Pick<ReportData, 'rows' | 'totals'> {
  const sums: Record<string, bigint | number> = {};
  async function* pass(): AsyncGenerator<ReportRow> {
    for await (const row of rows) {
      for (const key of keys) {
        const value = row[key];
        if (typeof value === 'bigint') sums[key] = ((sums[key] as bigint | undefined) ?? 0n) + value;
        else if (typeof value === 'number') sums[key] = ((sums[key] as number | undefined) ?? 0) + value;
      }
      yield row;
    }
  }
  return { rows: pass(), totals: () => Object.fromEntries(keys.map((k) => [k, sums[k] ?? 0n])) };
}

/** Counts rows by the value of one column, e.g. screenings by decision. */
export function counting(rows: AsyncIterable<ReportRow>, key: string, values: readonly string[]): { rows: AsyncGenerator<ReportRow>; counts: () => Record<string, number> } {
  const counts: Record<string, number> = Object.fromEntries(values.map((v) => [v, 0]));
  let total = 0;
  async function* pass(): AsyncGenerator<ReportRow> {
    for await (const row of rows) {
      total += 1;
      const value = row[key];
      if (typeof value === 'string' && value in counts) counts[value] += 1;
      yield row;
    }
  }
  return { rows: pass(), counts: () => ({ count: total, ...counts }) };
}

/** The columns named by `keys`, in that order: the totals of a report whose totals are column sums. */
export function pick(columns: readonly Column[], keys: readonly string[]): Column[] {
  return keys.map((key) => {
    const column = columns.find((c) => c.key === key);
    if (!column) throw new Error(`no column ${key}`);
    return column;
  });
}
