import { Readable } from 'node:stream';
import { CAN } from '../../domain/access/roles';
import { DomainError } from '../../domain/errors';
import type { ImportReport, RowOutcome } from '../../application/event-import-service';
import { importEventsFile } from '../../import/import-events-file';
import { csvCharset } from '../csv-charset';
import type { AppDeps } from '../deps';
import { eventOptions } from '../event-options';
import { approvalSettings } from '../approval-settings';
import { gateSettings } from '../../application/approvals/proposal-service';
import { problemFromDomain } from '../problem';
import type { RequestContext, RouteSpec } from '../route-table';
import { textSchema } from '../schemas/common';

const NDJSON = 'application/x-ndjson';

const importQuery = {
  type: 'object',
  properties: {
    dryRun: { type: 'string', enum: ['true', 'false'], description: 'true: check every row against the books and write nothing; false: book' },
    name: { ...textSchema(100), description: 'the file name, kept in the audit log as the import’s source' },
  },
  required: ['dryRun'],
  additionalProperties: false,
} as const;

const rowSchema = {
  type: 'object',
  properties: {
    line: { type: 'integer' },
    outcome: { type: 'string', enum: ['booked', 'would_book', 'already_booked', 'proposed', 'would_propose', 'refused'] },
    proposal: { type: 'integer', description: 'outcome proposed: the pending proposal the row is held as (GET /proposals/{id})' },
    type: { type: 'string' },
    code: { type: 'string' },
    reason: { type: 'string' },
  },
};

const summarySchema = {
  type: 'object',
  properties: {
    dryRun: { type: 'boolean' },
    rows: { type: 'integer' },
    booked: { type: 'integer', description: 'rows booked by this request (0 in a dry run)' },
    wouldBook: { type: 'integer', description: 'dry run: rows that would be booked' },
    wouldPropose: { type: 'integer', description: 'dry run: rows that would be held as proposals' },
    replayed: { type: 'integer', description: 'rows booked before: nothing written' },
    proposed: { type: 'integer', description: 'rows whose action the fund\'s approval policy lists: held as proposals for the investment committee, nothing booked' },
    refused: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, code: { type: 'string' }, reason: { type: 'string' } } } },
    byType: { type: 'object' },
  },
};

/** A row's outcome as answered: in a dry run a row that would be booked (or proposed) says so. */
function presentRow(outcome: RowOutcome, dryRun: boolean): Record<string, unknown> {
  if (!dryRun) return outcome;
  if (outcome.outcome === 'booked') return { ...outcome, outcome: 'would_book' };
  if (outcome.outcome === 'proposed') {
    // The rehearsal's proposal is rolled back: its id names nothing.
    const { proposal: _rolledBack, ...rest } = outcome;
    return { ...rest, outcome: 'would_propose' };
  }
  return outcome;
}

function presentSummary(report: ImportReport, dryRun: boolean): Record<string, unknown> {
  return dryRun ? { dryRun, ...report, booked: 0, wouldBook: report.booked, proposed: 0, wouldPropose: report.proposed } : { dryRun, ...report };
}

/**
 * `POST /imports`: the 台账 CSV of `phoenix import events` over HTTP, through the same reader,
 * rules and row identity (docs/import.md), and through the approval gate: a row whose action the
 * fund's policy lists becomes a pending proposal of the importing person, one per row. A dry run books the file in a transaction that is
 * rolled back (Database.rehearse), so each row meets the rows before it exactly as it would.
 */
export function importRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/imports',
      operationId: 'importEvents',
      summary: 'Import a 台账 CSV of business events (one per row, docs/import.md): dry run, or book',
      tag: 'funds',
      access: CAN.bookEvents,
      query: importQuery,
      body: { type: 'string', description: 'the CSV text (UTF-8, or GBK with charset=gbk), header row first' },
      consumes: ['text/csv'],
      bodyLimit: '20mb',
      responses: {
        200: {
          description: `Every row's outcome in file order and the summary, as \`phoenix import events --json\` prints them. With \`Accept: ${NDJSON}\` the answer streams one JSON object a line: \`{"checked":{"rows":N}}\` once the file is read, each row as it settles, then \`{"summary":…}\` (or \`{"error":…}\` if the import stopped).`,
          schema: { type: 'object', properties: { dryRun: { type: 'boolean' }, rows: { type: 'array', items: rowSchema }, summary: summarySchema } },
        },
      },
      async handle(ctx: RequestContext<Record<string, string>, { dryRun: 'true' | 'false'; name?: string }, Buffer>) {
        if (!Buffer.isBuffer(ctx.body)) throw DomainError.validation([{ field: 'body', message: 'is required: send the CSV as text/csv' }]);
        const dryRun = ctx.query.dryRun === 'true';
        const streaming = ctx.req.accepts(['application/json', NDJSON]) === NDJSON;
        const bytes = ctx.body;
        const encoding = csvCharset(ctx.req);
        const run = (onChecked: (rows: number) => void, onRow: (outcome: RowOutcome) => void) => (db: AppDeps['db']) =>
          importEventsFile(db, () => Readable.from([bytes]), {
            source: `${ctx.actor.name}${ctx.query.name ? `:${ctx.query.name}` : ''}`,
            encoding,
            events: eventOptions(deps),
            // A row the fund's approval policy lists becomes a proposal of the importing person.
            approvals: { mode: 'propose', gate: gateSettings(approvalSettings(deps)), proposer: ctx.actor },
            // One row at a time in a dry run: its transaction is one connection.
            concurrency: dryRun ? 1 : 512,
            onChecked,
            onRow,
          });
        const importFile = (onChecked: (rows: number) => void, onRow: (outcome: RowOutcome) => void) =>
          dryRun ? deps.db.rehearse(run(onChecked, onRow)) : run(onChecked, onRow)(deps.db);

        if (!streaming) {
          const rows: Record<string, unknown>[] = [];
          const report = await importFile(
            () => undefined,
            (outcome) => rows.push(presentRow(outcome, dryRun)),
          );
          return { status: 200, body: { dryRun, rows, summary: presentSummary(report, dryRun) } };
        }
        return streamImport(ctx, deps, dryRun, importFile);
      },
    },
  ];
}

/**
 * Streams the outcomes as NDJSON. The status is sent only once the file has been read whole, so
 * an unusable file is still a 400 problem; a failure after that can only be told in the stream.
 */
async function streamImport(
  ctx: RequestContext,
  deps: AppDeps,
  dryRun: boolean,
  importFile: (onChecked: (rows: number) => void, onRow: (outcome: RowOutcome) => void) => Promise<ImportReport>,
): Promise<void> {
  const { res } = ctx;
  const line = (value: unknown) => res.write(`${JSON.stringify(value)}\n`);
  try {
    const report = await importFile(
      (rows) => {
        res.status(200).type(NDJSON).set('Cache-Control', 'no-store');
        line({ checked: { rows, dryRun } });
      },
      (outcome) => line(presentRow(outcome, dryRun)),
    );
    line({ summary: presentSummary(report, dryRun) });
    res.end();
  } catch (error) {
    if (!res.headersSent) throw error;
    const problem =
      error instanceof DomainError
        ? problemFromDomain(error, ctx.requestId)
        : { code: 'INTERNAL_ERROR', title: 'Internal error', detail: 'The import stopped; rows reported before this line stand.', requestId: ctx.requestId };
    if (!(error instanceof DomainError)) deps.logger.error({ err: error, requestId: ctx.requestId }, 'import stopped');
    line({ error: problem });
    res.end();
  }
}
