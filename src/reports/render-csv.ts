import { labelWithUnit, textValue } from './cell-format';
import { csvRecord } from './spreadsheet-text';
import type { Column, ReportData, ReportDefinition, ReportParams, ReportRow, Write } from './report-definition';

/** A CSV field: the text of a value and whether it is text (neutralised) rather than a typed number. */
type Field = { text: string; isText: boolean };

/** Byte-order mark: Excel reads a CSV as UTF-8 (and shows Chinese) only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

const TOTAL_LABEL = '合计 total';
const CONSOLIDATED_LABEL = '合并 consolidated';

/** The label of a report's totals row: consolidated totals say so. */
export function totalLabel(definition: Pick<ReportDefinition, 'totalsBasis'>): string {
  return definition.totalsBasis === 'consolidated' ? CONSOLIDATED_LABEL : TOTAL_LABEL;
}

/**
 * UTF-8 CSV with a BOM, one header row of Chinese + English labels, one record per row, every record
 * through csvRecord (quoting, and formula-leading text neutralised). Totals whose keys are all
 * columns form a last row under their columns; other totals (leverage) follow a blank row as
 * label/value pairs, then the definitions in words.
 */
export async function renderCsv(definition: ReportDefinition, params: ReportParams, data: ReportData, write: Write): Promise<void> {
  const columns = definition.columns;
  const { unit } = params;
  // Records are gathered into chunks of about 64 KiB: one write per record would cost a long journal dearly.
  let chunk = UTF8_BOM + csvRecord(columns.map((c) => label(labelWithUnit(c, unit))));
  for await (const row of data.rows) {
    chunk += csvRecord(columns.map((c) => field(c, row[c.key], params)));
    if (chunk.length >= CHUNK_CHARS) {
      await write(chunk);
      chunk = '';
    }
  }
  for (const record of totalsRecords(definition, params, data.totals(), data.notes)) chunk += csvRecord(record);
  await write(chunk);
}

const CHUNK_CHARS = 64 * 1024;

function field(column: Pick<Column, 'kind'>, value: ReportRow[string] | undefined, params: ReportParams): Field {
  return { text: textValue(column, value, params.unit), isText: column.kind === 'text' };
}

function label(text: string): Field {
  return { text, isText: true };
}

function* totalsRecords(definition: ReportDefinition, params: ReportParams, totals: ReportRow, notes?: Record<string, string>): Generator<Field[]> {
  const columns = definition.columns;
  if (totalsAligned(definition)) {
    const byKey = new Map(definition.totals.map((t) => [t.key, t]));
    yield columns.map((c, i) => (i === 0 ? label(totalLabel(definition)) : byKey.has(c.key) ? field(c, totals[c.key], params) : label('')));
    return;
  }
  yield [];
  yield [label(totalLabel(definition))];
  for (const t of definition.totals) yield [label(labelWithUnit(t, params.unit)), field(t, totals[t.key], params)];
  if (notes) {
    yield [];
    yield [label('口径 definitions')];
    for (const [key, text] of Object.entries(notes)) yield [label(key), label(text)];
  }
}

/** Whether a report's totals sit under its columns (a totals row) rather than in a block of their own. */
export function totalsAligned(definition: ReportDefinition): boolean {
  const keys = new Set(definition.columns.map((c) => c.key));
  return definition.totals.every((t) => keys.has(t.key)) && !definition.totals.some((t) => t.key === definition.columns[0].key);
}
