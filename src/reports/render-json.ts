import { jsonValue } from './cell-format';
import { totalLabel } from './render-csv';
import type { Column, ReportData, ReportDefinition, ReportParams, ReportRow, Write } from './report-definition';

const ROWS_PER_CHUNK = 200;

/**
 * `{name, asOf, unit, columns, rows, totals}` written as it is produced: the rows array is streamed
 * in chunks, and totals (known only after the last row) close the object.
 */
export async function renderJson(definition: ReportDefinition, params: ReportParams, data: ReportData, write: Write): Promise<void> {
  const head = {
    name: definition.name,
    title: definition.title,
    asOf: params.asOf,
    unit: params.unit,
    ...(params.fund ? { fund: params.fund } : {}),
    columns: definition.columns.map((c) => ({ key: c.key, label: c.label, kind: c.kind })),
  };
  await write(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  let buffer: string[] = [];
  let first = true;
  for await (const row of data.rows) {
    buffer.push((first ? '' : ',') + JSON.stringify(presentRow(definition.columns, row, params)));
    first = false;
    if (buffer.length >= ROWS_PER_CHUNK) {
      await write(buffer.join(''));
      buffer = [];
    }
  }
  if (buffer.length > 0) await write(buffer.join(''));
  const tail: Record<string, unknown> = { totals: presentRow(definition.totals, data.totals(), params) };
  if (definition.totalsBasis) {
    tail.totalsBasis = definition.totalsBasis;
    tail.totalsLabel = totalLabel(definition);
  }
  if (data.notes) tail.definitions = data.notes;
  await write(`],${JSON.stringify(tail).slice(1)}`);
}

function presentRow(columns: readonly Column[], row: ReportRow, params: Pick<ReportParams, 'unit'>): Record<string, unknown> {
  return Object.fromEntries(columns.map((c) => [c.key, jsonValue(c, row[c.key], params.unit)]));
}
