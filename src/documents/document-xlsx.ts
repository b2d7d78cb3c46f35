import ExcelJS from 'exceljs';
import { parseYuan } from '../domain/money';
import { moneyNumber, NUMBER_FORMAT } from '../reports/cell-format';
import { neutraliseText } from '../reports/spreadsheet-text';
import type { DocumentLayout, LayoutField } from './document-layouts';

/**
 * A layout as a one-sheet workbook: label in column A, typed value in B (money as a number in
 * #,##0.00, dates as dates, text neutralised against formulas); tables follow with their headers.
 */
export async function documentXlsx(layout: DocumentLayout): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(layout.title.split(' ')[0]);
  sheet.columns = [{ width: 36 }, { width: 36 }, { width: 20 }];
  sheet.addRow([layout.title]).font = { bold: true, size: 14 };
  for (const section of layout.sections) {
    sheet.addRow([]);
    sheet.addRow([section.heading]).font = { bold: true };
    for (const f of section.fields) {
      const row = sheet.addRow([f.label, typed(f.value, f.kind)]);
      format(row.getCell(2), f.kind);
    }
  }
  for (const table of layout.tables) {
    sheet.addRow([]);
    sheet.addRow([table.heading]).font = { bold: true };
    sheet.addRow(table.columns.map((c) => c.label)).font = { bold: true };
    for (const values of table.rows) {
      const row = sheet.addRow(values.map((v, i) => typed(v, table.columns[i].kind)));
      table.columns.forEach((c, i) => format(row.getCell(i + 1), c.kind));
    }
  }
  if (layout.note) {
    sheet.addRow([]);
    sheet.addRow([neutraliseText(layout.note)]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function typed(value: string, kind: LayoutField['kind']): string | number | Date {
  if (kind === 'money') return moneyNumber(parseYuan(value, { allowNegative: true, field: 'document amount' }), 'yuan');
  if (kind === 'date') return new Date(`${value}T00:00:00Z`);
  return neutraliseText(value);
}

function format(cell: ExcelJS.Cell, kind: LayoutField['kind']): void {
  const numFmt = kind === 'money' ? NUMBER_FORMAT.money : kind === 'date' ? NUMBER_FORMAT.date : undefined;
  if (numFmt) cell.numFmt = numFmt;
}
