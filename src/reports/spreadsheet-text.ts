/**
 * Text that leaves the service in a spreadsheet (CSV or XLSX) goes through here. A cell a spreadsheet
 * program would read as a formula (an investor named `=HYPERLINK(...)`, `+cmd|' /C calc'!A0`,
 * `@SUM(1+1)`, `-2+3+cmd`) is neutralised as OWASP's CSV-injection advice says: a text cell that
 * starts with = + - @ tab or carriage return gets a leading single quote, which the program shows as
 * text. Only text cells: typed numbers (money, ratios, counts, dates) stay numbers, a negative amount
 * included.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Fields that must be quoted in CSV (RFC 4180): a comma, a double quote, or any line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record, CRLF-terminated. Each field is `text` (neutralised, then quoted as needed) or a
 * number already formatted by the caller (quoted as needed, never altered). A name holding a line
 * break is quoted, so it stays one field and cannot forge rows.
 */
export function csvRecord(fields: ReadonlyArray<{ text: string; isText: boolean }>): string {
  return `${fields.map((f) => csvField(f.isText ? neutraliseText(f.text) : f.text)).join(',')}\r\n`;
}

function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
