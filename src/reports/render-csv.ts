import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { labelWithUnit, textValue } from './cell-format';
import type { ReportData, ReportDefinition, ReportParams, ReportRow, Write } from './report-definition';

/** Byte-order mark: Excel reads a CSV as UTF-8 (and shows Chinese) only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

export const TOTAL_LABEL = '合计 total';
export const CONSOLIDATED_LABEL = '合并 consolidated';

/** The label of a report's totals row: consolidated totals say so. */
export function totalLabel(definition: Pick<ReportDefinition, 'totalsBasis'>): string {
  return definition.totalsBasis === 'consolidated' ? CONSOLIDATED_LABEL : TOTAL_LABEL;
}

/**
 * UTF-8 CSV with a BOM, one header row of Chinese + English labels, streamed through csv-stringify.
 * Totals whose keys are all columns form a last row under their columns; other totals (leverage)
 * follow a blank row as label/value pairs, then the definitions in words.
 */
export async function renderCsv(definition: ReportDefinition, params: ReportParams, data: ReportData, write: Write): Promise<void> {
  await write(UTF8_BOM);
  const columns = definition.columns;
  const { unit } = params;
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((c) => labelWithUnit(c, unit));
    for await (const row of data.rows) yield columns.map((c) => textValue(c, row[c.key], unit));
    yield* totalsRecords(definition, params, data.totals(), data.notes);
  }
  const stringifier = Readable.from(records()).pipe(stringify({ record_delimiter: '\r\n' }));
  for await (const chunk of stringifier) await write(chunk as Buffer);
}

function* totalsRecords(definition: ReportDefinition, params: ReportParams, totals: ReportRow, notes?: Record<string, string>): Generator<string[]> {
  const columns = definition.columns;
  if (totalsAligned(definition)) {
    const byKey = new Map(definition.totals.map((t) => [t.key, t]));
    yield columns.map((c, i) => (i === 0 ? totalLabel(definition) : byKey.has(c.key) ? textValue(c, totals[c.key], params.unit) : ''));
    return;
  }
  yield [];
  yield [totalLabel(definition)];
  for (const t of definition.totals) yield [labelWithUnit(t, params.unit), textValue(t, totals[t.key], params.unit)];
  if (notes) {
    yield [];
    yield ['口径 definitions'];
    for (const [key, text] of Object.entries(notes)) yield [key, text];
  }
}

/** Whether a report's totals sit under its columns (a totals row) rather than in a block of their own. */
export function totalsAligned(definition: ReportDefinition): boolean {
  const keys = new Set(definition.columns.map((c) => c.key));
  return definition.totals.every((t) => keys.has(t.key)) && !definition.totals.some((t) => t.key === definition.columns[0].key);
}
