import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { DEFAULT_WIDTH, labelWithUnit, NUMBER_FORMAT, sheetValue, UNIT_LABEL } from './cell-format';
import { totalLabel, totalsAligned } from './render-csv';
import type { Column, ReportData, ReportDefinition, ReportParams, ReportRow, Write } from './report-definition';

/**
 * One worksheet written with exceljs's streaming WorkbookWriter (each row committed as it is made,
 * so memory stays flat): a title row with the report name and as-of date, a frozen header row of
 * Chinese + English labels, typed cells (money as numbers in `#,##0.00`, ratios as numbers, dates as
 * dates), then the totals, bold.
 */
export async function renderXlsx(definition: ReportDefinition, params: ReportParams, data: ReportData, write: Write): Promise<void> {
  const zip = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
  const copying = (async () => {
    for await (const chunk of zip) await write(chunk as Buffer);
  })();
  try {
    await fillSheet(workbook, definition, params, data);
    await workbook.commit();
  } finally {
    zip.end();
  }
  await copying;
}

async function fillSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, definition: ReportDefinition, params: ReportParams, data: ReportData): Promise<void> {
  const columns = definition.columns;
  const { unit } = params;
  const sheet = workbook.addWorksheet(definition.name, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: widthOf(c, unit) }));
  const title = sheet.addRow([`${definition.title}　截至 as of ${params.asOf}${params.fund ? `　基金 fund ${params.fund}` : ''}　单位 unit: ${UNIT_LABEL[unit]}`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const header = sheet.addRow(columns.map((c) => labelWithUnit(c, unit)));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.commit();
  for await (const row of data.rows) typedRow(sheet, columns, row, params).commit();
  const totals = data.totals();
  if (totalsAligned(definition)) {
    const byKey = new Set(definition.totals.map((t) => t.key));
    const row = typedRow(sheet, columns, totals, params, (c) => byKey.has(c.key));
    row.getCell(1).value = totalLabel(definition);
    row.font = { bold: true };
    row.commit();
  } else {
    sheet.addRow([]).commit();
    const heading = sheet.addRow([totalLabel(definition)]);
    heading.font = { bold: true };
    heading.commit();
    for (const t of definition.totals) {
      const row = sheet.addRow([labelWithUnit(t, unit), sheetValue(t, totals[t.key], unit)]);
      const format = NUMBER_FORMAT[t.kind];
      if (format) row.getCell(2).numFmt = format;
      row.commit();
    }
    if (data.notes) {
      sheet.addRow([]).commit();
      const notesHeading = sheet.addRow(['口径 definitions']);
      notesHeading.font = { bold: true };
      notesHeading.commit();
      for (const [key, text] of Object.entries(data.notes)) sheet.addRow([key, text]).commit();
    }
  }
  sheet.commit();
}

function typedRow(
  sheet: ExcelJS.Worksheet,
  columns: readonly Column[],
  values: ReportRow,
  params: ReportParams,
  include: (c: Column) => boolean = () => true,
): ExcelJS.Row {
  const row = sheet.addRow(columns.map((c) => (include(c) ? sheetValue(c, values[c.key], params.unit) : null)));
  columns.forEach((c, i) => {
    const format = NUMBER_FORMAT[c.kind];
    if (format && include(c)) row.getCell(i + 1).numFmt = format;
  });
  return row;
}

function widthOf(column: Column, unit: ReportParams['unit']): number {
  const label = labelWithUnit(column, unit);
  // CJK characters take two columns of width.
  const labelWidth = [...label].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return Math.min(60, Math.max(column.width ?? DEFAULT_WIDTH[column.kind], Math.ceil(labelWidth / 2) + 2));
}
