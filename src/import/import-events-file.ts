import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Database } from '../data/database';
import { DomainError } from '../domain/errors';
import { importEvents, type ImportOptions, type ImportReport, type RowOutcome } from '../application/event-import-service';
import { checkEventHeader, readEventRow, type ParsedRow, type Refs } from './event-csv';
import { decodingStream, type TextEncodingName } from './text-encoding';

/** Opens the file's bytes afresh: the import reads it twice (check, then book), never whole. */
export type OpenBytes = () => Readable;

export interface FileImportOptions extends ImportOptions {
  encoding?: TextEncodingName;
  /** Called once the file has been checked, with its number of data rows (for a progress bar). */
  onChecked?(rows: number): void;
}

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** The file's CSV records, decoded strictly and parsed as they stream in. */
async function* csvRecords(open: OpenBytes, encoding: TextEncodingName): AsyncGenerator<CsvRecord> {
  const parser = parse({ info: true, skip_empty_lines: true, relax_column_count: true });
  const records = pipeline(open(), decodingStream(encoding), parser, () => undefined);
  try {
    for await (const record of records) yield record as CsvRecord;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw DomainError.validation([{ field: 'file', message: `is not readable CSV: ${(error as Error).message}` }]);
  } finally {
    records.destroy();
  }
}

/**
 * First pass: the whole file decodes and parses, and its header names every column its row types
 * need. Only the set of types and a count are kept, so a bad byte or header on the last line
 * refuses the file before anything is written.
 * @throws DomainError VALIDATION_FAILED naming the line that is not valid text, or the header problem
 */
async function checkFile(open: OpenBytes, encoding: TextEncodingName): Promise<{ header: string[]; rows: number }> {
  let first: string[] | null = null;
  let typeIndex = -1;
  const types = new Set<string>();
  let rows = 0;
  for await (const { record } of csvRecords(open, encoding)) {
    if (!first) {
      first = record;
      typeIndex = record.findIndex((h) => h.trim() === 'type');
      continue;
    }
    rows += 1;
    if (typeIndex >= 0) types.add((record[typeIndex] ?? '').trim());
  }
  if (!first) throw DomainError.validation([{ field: 'file', message: 'is empty: the first row must name the columns' }]);
  return { header: checkEventHeader(first, types), rows };
}

/** Second pass: each data row as an import row or the reason it cannot be one. */
async function* parsedRows(open: OpenBytes, encoding: TextEncodingName, header: string[]): AsyncGenerator<ParsedRow> {
  const refs: Refs = new Map();
  let isHeader = true;
  for await (const { record, info } of csvRecords(open, encoding)) {
    if (isHeader) {
      isHeader = false;
      continue;
    }
    yield readEventRow(header, record, info.lines, refs);
  }
}

/**
 * Imports an events CSV (docs/import.md) streamed from `open`: checked whole first (encoding,
 * CSV, header), then booked row by row through `importEvents`; rows that cannot be read are
 * refused in their place with their line and reason. Memory stays flat in the file's size.
 * @throws DomainError VALIDATION_FAILED when the file is unusable: not valid text in its encoding
 *   (the line is named), not CSV, or a header that does not fit its rows (nothing is imported)
 */
export async function importEventsFile(db: Database, open: OpenBytes, options: FileImportOptions): Promise<ImportReport> {
  const encoding = options.encoding ?? 'utf-8';
  const { header, rows } = await checkFile(open, encoding);
  options.onChecked?.(rows);
  return importEvents(db, parsedRows(open, encoding, header), options);
}

/** The same, for a file already in memory as text (tests, benchmarks). */
export function importEventsCsv(db: Database, text: string, options: FileImportOptions): Promise<ImportReport> {
  const bytes = Buffer.from(text, 'utf8');
  return importEventsFile(db, () => Readable.from([bytes]), { ...options, encoding: 'utf-8' });
}

const SAID: Record<RowOutcome['outcome'], string> = { booked: 'booked', already_booked: 'already booked', proposed: 'held for approval', refused: 'refused' };

/** One row's outcome as a person reads it: `line 5: refused: PAYMENT_EXCEEDS_CALLED: …`. */
export function outcomeLine(outcome: RowOutcome): string {
  const what = `line ${outcome.line}: ${SAID[outcome.outcome]}`;
  if (outcome.outcome === 'refused') return `${what}: ${outcome.code}: ${outcome.reason}`;
  if (outcome.outcome === 'proposed') return `${what} as proposal ${outcome.proposal} (${outcome.type})`;
  return `${what} (${outcome.type})`;
}

/** The report as the lines a person reads at the end of an import. */
export function summaryLines(report: ImportReport): string[] {
  const types = Object.entries(report.byType).map(([type, n]) => `${type} ${n}`).join(', ');
  return [
    `${report.rows} rows: ${report.booked} booked, ${report.replayed} already booked, ${report.proposed > 0 ? `${report.proposed} held for approval, ` : ''}${report.refused.length} refused`,
    ...(types ? [`by type: ${types}`] : []),
  ];
}
