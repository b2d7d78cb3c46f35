import type { Database } from '../data/database';
import { fileHash, importEvents, type ImportOptions, type ImportReport, type ImportRow } from '../application/event-import-service';
import { eventsFromCsv } from './event-csv';

/**
 * Imports an events CSV: rows that cannot be read are refused with their line and reason, the rest
 * go through `importEvents` in file order.
 * @throws DomainError VALIDATION_FAILED when the header is unusable (nothing is imported)
 */
export async function importEventsCsv(db: Database, text: string, options: Omit<ImportOptions, 'fileHash'>): Promise<ImportReport> {
  const parsed = eventsFromCsv(text);
  const rows = parsed.filter((r): r is ImportRow => !('error' in r));
  const report = await importEvents(db, rows, { ...options, fileHash: fileHash(text) });
  for (const bad of parsed) {
    if ('error' in bad) report.refused.push({ line: bad.line, code: bad.error.code, reason: bad.error.message });
  }
  report.rows = parsed.length;
  report.refused.sort((a, b) => a.line - b.line);
  return report;
}

/** The report as the lines a person reads at the end of an import. */
export function summaryLines(report: ImportReport): string[] {
  const types = Object.entries(report.byType).map(([type, n]) => `${type} ${n}`).join(', ');
  return [
    `${report.rows} rows: ${report.booked} booked, ${report.replayed} already booked by an earlier run, ${report.refused.length} refused`,
    ...(types ? [`by type: ${types}`] : []),
    ...report.refused.map((r) => `line ${r.line}: ${r.code}: ${r.reason}`),
  ];
}
