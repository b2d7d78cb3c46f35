import { parse } from 'csv-parse/sync';
import { DomainError } from '../domain/errors';
import { APPLICANT_SCHEMA } from '../domain/screening/applicant-schema';

/** One CSV data row as a raw applicant object (still to be validated), or why it could not be read. */
export type CsvRow = { raw: Record<string, unknown>; line: number } | { error: DomainError; line: number };

type Kind = 'string' | 'integer' | 'boolean' | 'json';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
}

/**
 * Column name → cell kind, derived from the applicant schema: top-level fields by name, nested ones
 * dotted (`controllingShareholder.sharesHeld`), arrays (`pledges`, `….violations`) as JSON cells.
 */
const CSV_COLUMNS: ReadonlyMap<string, Kind> = (() => {
  const columns = new Map<string, Kind>();
  const add = (prefix: string, properties: Record<string, SchemaNode>) => {
    for (const [name, node] of Object.entries(properties)) {
      const column = prefix ? `${prefix}.${name}` : name;
      if (node.type === 'object' && node.properties) add(column, node.properties);
      else columns.set(column, node.type === 'array' ? 'json' : node.type === 'integer' ? 'integer' : node.type === 'boolean' ? 'boolean' : 'string');
    }
  };
  add('', APPLICANT_SCHEMA.properties as unknown as Record<string, SchemaNode>);
  return columns;
})();

const TRUE = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'no', 'n', '0', '否']);

/**
 * Reads one applicant per row (header row first; UTF-8, BOM allowed). A cell that is empty is an
 * absent field. A row that cannot be read is reported with its line; the others are returned.
 * @throws DomainError VALIDATION_FAILED when the header is unusable (unknown, repeated or missing columns)
 */
export function applicantsFromCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  const parsed = parse(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      rows.push({ line: Number(error?.lines ?? 0), error: csvError('row', error?.message ?? 'cannot be read as CSV') });
      return undefined;
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  if (parsed.length === 0) throw DomainError.validation([{ field: 'body', message: 'must start with a header row of column names' }]);
  const header = parsed[0].record.map((h) => h.trim());
  checkHeader(header);
  for (const { record, info } of parsed.slice(1)) rows.push(readRow(header, record, info.lines));
  return rows.sort((a, b) => a.line - b.line);
}

function checkHeader(header: string[]): void {
  const problems = header.flatMap((column, index) => {
    if (!CSV_COLUMNS.has(column)) return [{ field: `header.${column || index}`, message: 'is not an applicant column' }];
    if (header.indexOf(column) !== index) return [{ field: `header.${column}`, message: 'appears twice' }];
    return [];
  });
  for (const required of ['stockCode', 'name']) {
    if (!header.includes(required)) problems.push({ field: `header.${required}`, message: 'is a required column' });
  }
  if (problems.length > 0) throw DomainError.validation(problems);
}

function readRow(header: string[], record: string[], line: number): CsvRow {
  if (record.length !== header.length) {
    return { line, error: csvError('row', `has ${record.length} cells but the header has ${header.length}`) };
  }
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < header.length; i += 1) {
    const cell = record[i].trim();
    if (cell === '') continue;
    const value = cellValue(CSV_COLUMNS.get(header[i])!, cell);
    if (value instanceof Error) return { line, error: csvError(`applicant.${header[i]}`, value.message) };
    setPath(raw, header[i], value);
  }
  return { raw, line };
}

/** Converts a cell; a value of the wrong kind is passed on as text so the schema names the field. */
function cellValue(kind: Kind, cell: string): unknown {
  switch (kind) {
    case 'integer':
      return /^-?\d{1,15}$/.test(cell) ? Number(cell) : cell;
    case 'boolean':
      return TRUE.has(cell.toLowerCase()) ? true : FALSE.has(cell.toLowerCase()) ? false : cell;
    case 'json':
      try {
        return JSON.parse(cell);
      } catch {
        return new Error('must be a JSON array, e.g. [{"pledgedShares":1000,"principal":"5000.00"}]');
      }
    default:
      return cell;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}

function csvError(field: string, message: string): DomainError {
  return DomainError.validation([{ field, message }]);
}
