import type { BatchItem } from '../application/screening-service';
import { DomainError } from '../domain/errors';
import type { Applicant } from '../domain/screening/applicant';
import { APPLICANT_SCHEMA } from '../domain/screening/applicant-schema';
import type { CsvRow } from '../import/screening-csv';
import { fieldErrors, validatorFor } from './validation';

/** Checks one raw applicant's shape; field names are prefixed `applicant.` as in POST /screenings. */
function checkApplicant(raw: unknown): { applicant: Applicant } | { error: DomainError } {
  const validate = validatorFor(APPLICANT_SCHEMA);
  if (validate(raw)) return { applicant: raw as Applicant };
  const errors = fieldErrors(validate.errors ?? [], 'applicant').map((e) => ({
    ...e,
    field: e.field === 'applicant' ? e.field : `applicant.${e.field}`,
  }));
  return { error: DomainError.validation(errors) };
}

export function batchItemsFromJson(items: readonly unknown[]): BatchItem[] {
  return items.map(checkApplicant);
}

export function batchItemsFromCsv(rows: readonly CsvRow[]): BatchItem[] {
  return rows.map((row) => ('error' in row ? row : { ...checkApplicant(row.raw), line: row.line }));
}
