import { DomainError, type FieldError } from '../domain/errors';
import { fieldErrors, validatorFor } from '../http/validation';
import { codeSchema } from '../http/schemas/common';
import { EVENT_TYPES, EVENTS, isEventType, type EventTarget, type EventType } from '../application/events/registry';
import type { ImportRow, UnreadableRow } from '../application/event-import-service';

/**
 * The events CSV (docs/reports.md): one business event per row, a header row of column names.
 * `type` names the event; the other columns are the fields of the matching API request. Rows refer
 * to each other by `ref`: a capital_call or investment row may carry a `ref`, and a payment names its
 * call with `callRef`, an exit or valuation its investment with `investmentRef` (or, for events booked
 * before this file, `callId` / `investmentId`). `key`, when given, is the row's identity instead of
 * its content (docs/import.md). Each type's columns come from the event registry
 * (src/application/events/registry.ts).
 */
const SPEC = (type: EventType) => ({ schema: EVENTS[type].schema, target: EVENTS[type].target, ...EVENTS[type].csv });

/** The columns in the order files have always listed them; an event added later appends its own. */
const KNOWN_COLUMNS = [
  'key', 'type', 'date', 'ref', 'fund', 'investor', 'amount', 'dueDate', 'callRef', 'callId', 'stockCode', 'companyName',
  'instrument', 'shares', 'acquisitionMode', 'screeningId', 'investmentRef', 'investmentId', 'kind', 'proceeds', 'cost', 'fairValue', 'memo',
];

/** Columns a row type composes into its body (see the registry's `compose`), beyond its fields. */
const COMPOSED_COLUMNS = ['underlyingStockCode', 'pledgedShares', 'volatility', 'dividendYield', 'price'];

export const EVENT_COLUMNS: readonly string[] = [
  ...new Set([...KNOWN_COLUMNS, ...EVENT_TYPES.flatMap((type) => [...EVENTS[type].csv.fields, ...EVENTS[type].csv.required]), ...COMPOSED_COLUMNS]),
];

const INTEGER_FIELDS = new Set(['shares', 'screeningId', 'obligation']);
const BOOLEAN_FIELDS = new Set(['sellerRestricted']);
const KEY_PATTERN = /^[\x21-\x7e]{1,150}$/;
const REF_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;

export type ParsedRow = ImportRow | UnreadableRow;

/** Refs seen so far: the line and type of the row that declared each. */
export type Refs = Map<string, { line: number; type: EventType }>;

/**
 * The header row, checked: known columns, once each, `type` and `date` present; then every column
 * the row types found in the file need (`types`, gathered by a first pass over the file).
 * @throws DomainError VALIDATION_FAILED when the header is not usable (nothing is imported)
 */
export function checkEventHeader(record: readonly string[], types: ReadonlySet<string>): string[] {
  const header = record.map((h) => h.trim());
  const problems: FieldError[] = [];
  header.forEach((column, index) => {
    if (!EVENT_COLUMNS.includes(column)) problems.push({ field: `header.${column || index + 1}`, message: `is not an event column (${EVENT_COLUMNS.join(', ')})` });
    else if (header.indexOf(column) !== index) problems.push({ field: `header.${column}`, message: 'appears twice' });
  });
  for (const required of ['type', 'date']) if (!header.includes(required)) problems.push({ field: `header.${required}`, message: 'is a required column' });
  for (const type of EVENT_TYPES.filter((t) => types.has(t))) {
    const spec = SPEC(type);
    for (const column of spec.required) {
      if (!header.includes(column)) problems.push({ field: `header.${column}`, message: `is required for ${type} rows` });
    }
    if (spec.target === 'call' && !header.includes('callRef') && !header.includes('callId')) {
      problems.push({ field: 'header.callRef', message: 'payment rows need callRef (or callId)' });
    }
    if (spec.target === 'investment' && !header.includes('investmentRef') && !header.includes('investmentId')) {
      problems.push({ field: 'header.investmentRef', message: `${type} rows need investmentRef (or investmentId)` });
    }
  }
  const unique = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
  if (unique.length > 0) throw DomainError.validation(unique, `the CSV header is not usable: ${unique.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  return header;
}

/** One data row as an import row, or the reason it cannot be one (with its line). */
export function readEventRow(header: readonly string[], record: readonly string[], line: number, refs: Refs): ParsedRow {
  const fail = (errors: FieldError[]): ParsedRow => ({ line, error: DomainError.validation(errors) });
  if (record.length !== header.length) return fail([{ field: 'row', message: `has ${record.length} cells but the header has ${header.length}` }]);
  const cells = new Map<string, string>();
  header.forEach((column, i) => {
    const cell = record[i].trim();
    if (cell !== '') cells.set(column, cell);
  });
  const type = cells.get('type');
  if (!type || !isEventType(type)) return fail([{ field: 'type', message: `must be one of ${EVENT_TYPES.join(', ')}` }]);
  const spec = SPEC(type);
  const errors: FieldError[] = [];
  for (const column of [...spec.required, 'date']) if (!cells.has(column)) errors.push({ field: column, message: `is required for a ${type}` });
  const key = cells.get('key');
  if (key !== undefined && !KEY_PATTERN.test(key)) errors.push({ field: 'key', message: 'must be 1 to 150 visible ASCII characters' });
  const ref = cells.get('ref');
  if (ref !== undefined) {
    if (!REF_PATTERN.test(ref)) errors.push({ field: 'ref', message: 'must be 1 to 100 letters, digits, dots, colons, underscores or dashes' });
    else if (refs.has(ref)) errors.push({ field: 'ref', message: `repeats the ref of line ${refs.get(ref)!.line}` });
    else if (!EVENTS[type].names) errors.push({ field: 'ref', message: `is for ${EVENT_TYPES.filter((t) => EVENTS[t].names).join(' and ')} rows` });
  }
  const body: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const cell = cells.get(field);
    if (cell === undefined) continue;
    body[field] = INTEGER_FIELDS.has(field) && /^\d{1,16}$/.test(cell) ? Number(cell) : BOOLEAN_FIELDS.has(field) && /^(true|false)$/.test(cell) ? cell === 'true' : cell;
  }
  Object.assign(body, spec.compose?.(cells));
  const validate = validatorFor(spec.schema);
  if (errors.length === 0 && !validate(body)) errors.push(...fieldErrors(validate.errors ?? [], 'row'));
  const target = targetOf(type, spec.target, cells, refs, errors);
  if (errors.length > 0) return fail(errors);
  if (ref !== undefined) refs.set(ref, { line, type });
  return { line, key, type, ref, target, body };
}

function targetOf(type: EventType, kind: EventTarget, cells: Map<string, string>, refs: Refs, errors: FieldError[]): ImportRow['target'] {
  if (kind === 'fund') {
    const fund = cells.get('fund') ?? '';
    if (!new RegExp(codeSchema.pattern).test(fund)) errors.push({ field: 'fund', message: `must be ${codeSchema.description}` });
    return { fund };
  }
  const refColumn = kind === 'call' ? 'callRef' : 'investmentRef';
  const idColumn = kind === 'call' ? 'callId' : 'investmentId';
  const ref = cells.get(refColumn);
  const id = cells.get(idColumn);
  if ((ref === undefined) === (id === undefined)) {
    errors.push({ field: refColumn, message: `a ${type} needs exactly one of ${refColumn} (a ref earlier in this file) or ${idColumn}` });
    return { ref: '' };
  }
  if (ref !== undefined) {
    const wanted = EVENT_TYPES.find((t) => EVENTS[t].names === kind)!;
    const declared = refs.get(ref);
    if (!declared) errors.push({ field: refColumn, message: `${JSON.stringify(ref)} is not the ref of an earlier ${wanted} row` });
    else if (declared.type !== wanted) errors.push({ field: refColumn, message: `${JSON.stringify(ref)} is the ref of a ${declared.type} (line ${declared.line}), not of a ${wanted}` });
    return { ref };
  }
  if (!/^[1-9]\d{0,14}$/.test(id!)) errors.push({ field: idColumn, message: 'must be a positive whole number' });
  return { id: Number(id) };
}
