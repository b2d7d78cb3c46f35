import { isIsoDate, type IsoDate } from '../domain/dates';
import { DomainError, type FieldError } from '../domain/errors';
import type { Database } from '../data/database';
import { renderCsv } from './render-csv';
import { renderJson } from './render-json';
import { renderXlsx } from './render-xlsx';
import { FORMATS, REPORT_FILTERS, UNITS, type Format, type ReportDefinition, type ReportParams, type Unit, type Write } from './report-definition';
import type { WatchSettings } from '../domain/watch/watch-settings';

/** A report request as it arrives (query string or CLI options), not yet checked. */
export interface ReportRequest {
  name: string;
  format?: string;
  asOf?: string;
  unit?: string;
  fund?: string;
  programme?: string;
  from?: string;
  to?: string;
}

/** The report definitions by name; the top-level reports/ folder supplies them (reports/index.ts). */
export type ReportCatalogue = ReadonlyMap<string, ReportDefinition>;

export interface ResolvedReport {
  definition: ReportDefinition;
  format: Format;
  params: ReportParams;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  hledger: 'text/plain; charset=utf-8',
};

const EXTENSIONS: Record<Format, string> = { json: 'json', csv: 'csv', xlsx: 'xlsx', hledger: 'journal' };

/**
 * Checks a report request against the catalogue: the report exists, the format suits it, asOf is a calendar date (default
 * `today`), the unit is yuan, wan or yi, and only filters the report understands are given.
 * @throws DomainError NOT_FOUND (unknown report), VALIDATION_FAILED (anything else)
 */
export function resolveReport(reports: ReportCatalogue, request: ReportRequest, today: IsoDate): ResolvedReport {
  const definition = reports.get(request.name);
  if (!definition) {
    throw new DomainError('NOT_FOUND', `there is no report ${JSON.stringify(request.name)}; reports: ${[...reports.keys()].join(', ')}`, {
      resource: 'report',
      key: request.name,
    });
  }
  const errors: FieldError[] = [];
  const format = (request.format ?? 'json') as Format;
  if (!(FORMATS as readonly string[]).includes(format) || (format === 'hledger' && !definition.hledger)) {
    const allowed = FORMATS.filter((f) => f !== 'hledger' || definition.hledger);
    errors.push({ field: 'format', message: `must be one of ${allowed.join(', ')} for the ${definition.name} report` });
  }
  if (request.asOf !== undefined && !isIsoDate(request.asOf)) errors.push({ field: 'asOf', message: 'must be a real calendar date YYYY-MM-DD' });
  const unit = (request.unit ?? 'yuan') as Unit;
  if (!(UNITS as readonly string[]).includes(unit)) errors.push({ field: 'unit', message: `must be one of ${UNITS.join(', ')}` });
  for (const filter of REPORT_FILTERS) {
    if (request[filter] !== undefined && !definition.filters?.includes(filter)) {
      errors.push({ field: filter, message: `does not apply to the ${definition.name} report` });
    }
  }
  errors.push(...periodErrors(request));
  if (errors.length > 0) throw DomainError.validation(errors);
  return {
    definition,
    format,
    params: { asOf: request.to ?? request.asOf ?? today, unit, fund: request.fund, programme: request.programme, from: request.from },
  };
}

/** A period's `from` and `to` are calendar dates in order; `to` names the as-of date, so the two may not disagree. */
function periodErrors(request: ReportRequest): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['from', 'to'] as const) {
    if (request[field] !== undefined && !isIsoDate(request[field])) errors.push({ field, message: 'must be a real calendar date YYYY-MM-DD' });
  }
  if (errors.length > 0) return errors;
  if (request.to !== undefined && request.asOf !== undefined && request.to !== request.asOf) errors.push({ field: 'to', message: 'is the as-of date of a period report: give to or asOf, not two different dates' });
  const last = request.to ?? request.asOf;
  if (request.from !== undefined && last !== undefined && isIsoDate(last) && request.from > last) errors.push({ field: 'from', message: `must be on or before ${last}` });
  return errors;
}

/**
 * Renders a checked report into `write`. Nothing is written until the query has been set up, so a
 * refusal there (unknown fund or programme) can still become an error response.
 */
export async function renderReport(db: Database, report: ResolvedReport, write: Write, watch?: WatchSettings): Promise<void> {
  const { definition, format, params } = report;
  const ctx = { db, params, watch };
  if (format === 'hledger') return definition.hledger!(ctx, write);
  const data = await definition.query(ctx);
  if (format === 'json') return renderJson(definition, params, data, write);
  if (format === 'csv') return renderCsv(definition, params, data, write);
  return renderXlsx(definition, params, data, write);
}

/** `overview-2019-12-31.xlsx`, `journal-PHX-2019-12-31.journal`. */
export function reportFileName(report: ResolvedReport): string {
  const parts = [report.definition.name, report.params.fund ?? report.params.programme, report.params.asOf].filter(Boolean);
  return `${parts.join('-')}.${EXTENSIONS[report.format]}`;
}
