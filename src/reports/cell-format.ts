import type { Fen } from '../domain/money';
import { neutraliseText } from './spreadsheet-text';
import type { CellValue, Column, Unit } from './report-definition';

/** Powers of ten between fen and the display unit: 元 = 10^2 fen, 万元 = 10^6 fen, 亿元 = 10^10 fen. */
const FEN_EXPONENT: Record<Unit, number> = { yuan: 2, wan: 6, yi: 10 };

export const UNIT_LABEL: Record<Unit, string> = { yuan: '元', wan: '万元', yi: '亿元' };

/**
 * Fen as an exact decimal string in the unit, with every digit kept: 123456789n fen is
 * "1234567.89" yuan, "123.456789" 万元, "0.0123456789" 亿元. No rounding, ever.
 */
export function formatMoney(fen: Fen, unit: Unit): string {
  const places = FEN_EXPONENT[unit];
  const divisor = 10n ** BigInt(places);
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  const fraction = (magnitude % divisor).toString().padStart(places, '0');
  return `${negative ? '-' : ''}${magnitude / divisor}.${fraction}`;
}

/**
 * Fen as a spreadsheet number in the unit. This is the one place money becomes a JS float, because
 * XLSX stores numbers as IEEE doubles. For |fen| < 2^53 (about 90 trillion yuan, far above any
 * fund here) both fen and 10^k are exact doubles and one IEEE division is correctly rounded, so
 * the cell holds the double nearest the exact decimal value, the same number Excel stores when the
 * amount is typed in. Larger amounts go through the exact decimal string, which rounds the same way.
 */
export function moneyNumber(fen: Fen, unit: Unit): number {
  const asNumber = Number(fen);
  if (!Number.isSafeInteger(asNumber)) return Number(formatMoney(fen, unit));
  return asNumber / 10 ** FEN_EXPONENT[unit];
}

/** A label with the money unit when it is not yuan: '认缴 committed（万元）'. */
export function labelWithUnit(column: Column, unit: Unit): string {
  return column.kind === 'money' && unit !== 'yuan' ? `${column.label}（${UNIT_LABEL[unit]}）` : column.label;
}

/** A cell as JSON: money as an exact decimal string in the unit, ratios as strings, integers as numbers. */
export function jsonValue(column: Pick<Column, 'kind'>, value: CellValue | undefined, unit: Unit): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (column.kind === 'money') return typeof value === 'bigint' ? formatMoney(value, unit) : String(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A cell as CSV text (empty for null). */
export function textValue(column: Pick<Column, 'kind'>, value: CellValue | undefined, unit: Unit): string {
  const json = jsonValue(column, value, unit);
  return json === null ? '' : String(json);
}

/**
 * A cell for XLSX: numbers for money, ratios, decimals and integers; Date for dates; text otherwise,
 * neutralised when it would start a formula.
 */
export function sheetValue(column: Pick<Column, 'kind'>, value: CellValue | undefined, unit: Unit): string | number | Date | null {
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'money':
      return typeof value === 'bigint' ? moneyNumber(value, unit) : Number(value);
    case 'ratio':
    case 'decimal':
    case 'integer':
      return Number(value);
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    default:
      return neutraliseText(String(value));
  }
}

export const NUMBER_FORMAT: Record<Column['kind'], string | undefined> = {
  money: '#,##0.00',
  ratio: '0.0000',
  decimal: '#,##0.0000',
  integer: '0',
  date: 'yyyy-mm-dd',
  text: undefined,
};

export const DEFAULT_WIDTH: Record<Column['kind'], number> = { money: 20, ratio: 10, decimal: 12, integer: 10, date: 12, text: 16 };
