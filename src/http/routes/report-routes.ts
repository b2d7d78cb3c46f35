import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { CONTENT_TYPES, renderReport, reportFileName, resolveReport, type ReportCatalogue } from '../../reports/report-engine';
import { streamWriter } from '../../reports/output';
import { FORMATS, UNITS } from '../../reports/report-definition';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeSchema, dateSchema } from '../schemas/common';

const reportQuery = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: [...FORMATS], description: 'json (default), csv (UTF-8 with BOM), xlsx, or hledger (journal only)' },
    asOf: { ...dateSchema, description: 'figures as they stood at the end of this value date (default: today in the fund time zone)' },
    unit: { type: 'string', enum: [...UNITS], description: 'money shown in 元 (yuan, default), 万元 (wan) or 亿元 (yi); precision is kept' },
    fund: { ...codeSchema, description: 'journal, trial-balance and changes-in-net-assets: one fund only' },
    programme: { ...codeSchema, description: 'leverage: the programme (default: the only one)' },
    from: { ...dateSchema, description: 'changes-in-net-assets: first day of the period (default: each fund’s inception)' },
    to: { ...dateSchema, description: 'changes-in-net-assets: last day of the period, the same as asOf (default: today)' },
  },
  additionalProperties: false,
} as const;

const nameParam = {
  type: 'object',
  properties: { name: { type: 'string', pattern: '^[a-z][a-z-]{0,39}$', description: 'overview, leverage, capital-accounts, investments, performance, changes-in-net-assets, screenings, pledge-watchlist, trial-balance, journal' } },
  required: ['name'],
  additionalProperties: false,
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    asOf: { type: 'string' },
    unit: { type: 'string' },
    columns: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, kind: { type: 'string' } } } },
    rows: { type: 'array', items: { type: 'object' } },
    totals: { type: 'object' },
    definitions: { type: 'object' },
  },
};

export function reportRoutes(deps: AppDeps, reports: ReportCatalogue): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/reports/{name}',
      operationId: 'getReport',
      summary: 'A report as JSON, CSV, XLSX or (journal) an hledger journal, as of a date; streamed',
      tag: 'reports',
      access: CAN.read,
      params: nameParam,
      query: reportQuery,
      responses: {
        200: { description: 'The report: {name, asOf, columns, rows, totals} as JSON, or the file in the format asked', schema: reportSchema },
        404: { description: 'No such report, fund or programme' },
      },
      async handle({ params, query, res }) {
        const report = resolveReport(reports, { name: params.name, ...query }, todayIn(deps.config.timeZone, deps.clock.now()));
        const write = streamWriter(res, () => {
          // attachment() guesses a type from the file name; the report's own type is set after it.
          if (report.format !== 'json') res.attachment(reportFileName(report));
          res.status(200).type(CONTENT_TYPES[report.format]);
        });
        await renderReport(deps.db, report, write, deps.config.watch);
        if (!res.headersSent) await write('');
        res.end();
      },
    },
  ];
}
