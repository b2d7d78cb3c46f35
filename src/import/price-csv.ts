import { parse } from 'csv-parse/sync';
import { isIsoDate } from '../domain/dates';
import { DomainError, type FieldError } from '../domain/errors';
import { parsePrice } from '../domain/screening/price';

const COLUMNS = ['stockCode', 'date', 'close'] as const;
const STOCK_CODE = /^[0-9]{6}\.(SH|SZ|BJ)$/;

export interface PriceRow {
  line: number;
  stockCode: string;
  date: string;
  close: string;
}

/**
 * Reads a daily close-price file: a header row naming `stockCode`, `date` and `close` (any order,
 * no other column), then one close per row. Every bad row is reported by its line; the caller
 * writes nothing unless there is none.
 * @throws DomainError VALIDATION_FAILED naming every bad header or row (`line N: field`)
 */
export function pricesFromCsv(text: string): PriceRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    throw DomainError.validation([{ field: 'file', message: `cannot be read as CSV: ${(error as Error).message}` }]);
  }
  if (records.length === 0) throw DomainError.validation([{ field: 'file', message: 'must start with the header row stockCode,date,close' }]);
  const header = records[0].record.map((h) => h.trim());
  const unknown = header.filter((h) => !(COLUMNS as readonly string[]).includes(h));
  const missing = COLUMNS.filter((c) => !header.includes(c));
  const repeated = header.filter((h, i) => header.indexOf(h) !== i);
  if (unknown.length + missing.length + repeated.length > 0) {
    const problems: FieldError[] = [
      ...unknown.map((c) => ({ field: `header.${c}`, message: 'is not a column of a price file (stockCode, date, close)' })),
      ...missing.map((c) => ({ field: `header.${c}`, message: 'is missing' })),
      ...repeated.map((c) => ({ field: `header.${c}`, message: 'is repeated' })),
    ];
    throw DomainError.validation(problems);
  }
  const at = (name: (typeof COLUMNS)[number]) => header.indexOf(name);
  const errors: FieldError[] = [];
  const rows: PriceRow[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const cell = (name: (typeof COLUMNS)[number]) => (record[at(name)] ?? '').trim();
    const row = { line, stockCode: cell('stockCode'), date: cell('date'), close: cell('close') };
    if (record.length !== header.length) errors.push({ field: `line ${line}`, message: `has ${record.length} cells; the header has ${header.length}` });
    if (!STOCK_CODE.test(row.stockCode)) errors.push({ field: `line ${line}: stockCode`, message: 'must be a stock code such as 600000.SH' });
    if (!isIsoDate(row.date)) errors.push({ field: `line ${line}: date`, message: 'must be a calendar date YYYY-MM-DD' });
    try {
      parsePrice(row.close, `line ${line}: close`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(...((error.details.errors as FieldError[]) ?? []));
    }
    const key = `${row.stockCode}|${row.date}`;
    if (seen.has(key)) errors.push({ field: `line ${line}`, message: `repeats the close of ${row.stockCode} on ${row.date} (line ${seen.get(key)})` });
    else seen.set(key, line);
    rows.push(row);
  }
  if (errors.length > 0) throw DomainError.validation(errors);
  if (rows.length === 0) throw DomainError.validation([{ field: 'file', message: 'has no price rows' }]);
  return rows;
}
