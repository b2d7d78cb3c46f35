import type { Response } from 'express';
import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { capitalCallNotice, distributionNotice } from '../../application/investor-documents-service';
import { capitalAccountStatement } from '../../application/investor-statement-service';
import type { InvestorDocument } from '../../documents/document-model';
import { renderDocument, type DocumentFormat, type RenderedDocument } from '../../documents/investor-documents';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { codeSchema, dateSchema } from '../schemas/common';
import { BIGINT_ID_PATTERN } from '../schemas/common';

const idAndInvestor = {
  type: 'object',
  properties: {
    // A capital call's or distribution's id: BIGINT (migration 20261207000004).
    id: { type: 'string', pattern: BIGINT_ID_PATTERN, description: 'a positive whole number up to 9007199254740991' },
    investor: codeSchema,
  },
  required: ['id', 'investor'],
  additionalProperties: false,
} as const;

const fileFormat = { type: 'string', enum: ['pdf', 'xlsx'], description: 'pdf (default) or xlsx' } as const;

const callNoticeQuery = {
  type: 'object',
  properties: {
    format: fileFormat,
    asOf: { ...dateSchema, description: 'payments and late interest counted to the end of this date (default: today)' },
  },
  additionalProperties: false,
} as const;

const distributionNoticeQuery = { type: 'object', properties: { format: fileFormat }, additionalProperties: false } as const;

const statementQuery = {
  type: 'object',
  properties: {
    fund: codeSchema,
    from: { ...dateSchema, description: "first day of the period (default: the fund's inception)" },
    to: { ...dateSchema, description: 'last day of the period (default: today)' },
    format: { type: 'string', enum: ['json', 'pdf', 'xlsx'], description: 'json (default: the statement model), pdf or xlsx' },
  },
  required: ['fund'],
  additionalProperties: false,
} as const;

const fileSchema = { type: 'string', format: 'binary' } as const;

const positionSchema = {
  type: 'object',
  properties: Object.fromEntries(['commitment', 'called', 'paidIn', 'unfunded', 'distributed', 'receivable', 'lateInterestOwed', 'navShare'].map((k) => [k, { type: 'string' }])),
} as const;

const statementSchema = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    fund: { type: 'object' },
    investor: { type: 'object' },
    from: { type: 'string' },
    to: { type: 'string' },
    opening: positionSchema,
    closing: positionSchema,
    period: { type: 'object' },
    movements: { type: 'array', items: { type: 'object' } },
    issuedOn: { type: 'string' },
  },
} as const;

/**
 * Investor documents (docs/fund-terms.md) for any reader: the call and distribution notices as
 * PDF or XLSX, the capital-account statement also as its JSON model. Rendering happens after the
 * books were read, so a refusal (404, 400) is a problem+json and never half a file.
 */
export function investorDocumentRoutes(deps: AppDeps): RouteSpec[] {
  const today = () => todayIn(deps.config.timeZone, deps.clock.now());
  const send = async (res: Response, doc: InvestorDocument, format: DocumentFormat) => sendDocument(res, await renderDocument(doc, format, deps.pdf));
  return [
    {
      method: 'get',
      path: '/capital-calls/{id}/notices/{investor}',
      operationId: 'getCapitalCallNotice',
      summary: '缴款通知书: one investor’s capital-call notice (its allocation, payments, outstanding, late interest, commitment after the call)',
      tag: 'documents',
      access: CAN.read,
      params: idAndInvestor,
      query: callNoticeQuery,
      responses: { 200: { description: 'The notice, PDF or XLSX', schema: fileSchema, contentType: 'application/pdf' }, 404: { description: 'No such call or investor, or no allocation to it' } },
      async handle({ params, query, res }) {
        const notice = await capitalCallNotice(deps.db, Number(params.id), params.investor, today(), query.asOf);
        await send(res, notice, query.format ?? 'pdf');
      },
    },
    {
      method: 'get',
      path: '/distributions/{id}/notices/{investor}',
      operationId: 'getDistributionNotice',
      summary: '分配通知书: one investor’s distribution notice (its allocation, by tier when the waterfall gives tiers)',
      tag: 'documents',
      access: CAN.read,
      params: idAndInvestor,
      query: distributionNoticeQuery,
      responses: { 200: { description: 'The notice, PDF or XLSX', schema: fileSchema, contentType: 'application/pdf' }, 404: { description: 'No such distribution or investor, or no allocation to it' } },
      async handle({ params, query, res }) {
        const notice = await distributionNotice(deps.db, Number(params.id), params.investor, today());
        await send(res, notice, query.format ?? 'pdf');
      },
    },
    {
      method: 'get',
      path: '/investors/{code}/statement',
      operationId: 'getCapitalAccountStatement',
      summary: '出资人资本账户报告: an investor’s capital account in a fund over a period (opening, closing, movements)',
      tag: 'documents',
      access: CAN.read,
      params: { type: 'object', properties: { code: codeSchema }, required: ['code'], additionalProperties: false },
      query: statementQuery,
      responses: {
        200: { description: 'The statement model as JSON, or the file', schema: statementSchema },
        404: { description: 'No such fund or investor, or the investor has no commitment in the fund' },
      },
      async handle({ params, query, res }) {
        const statement = await capitalAccountStatement(deps.db, { investor: params.code, fund: query.fund, from: query.from, to: query.to }, today());
        if ((query.format ?? 'json') === 'json') return { status: 200, body: statement };
        await send(res, statement, query.format);
      },
    },
  ];
}

function sendDocument(res: Response, doc: RenderedDocument): void {
  res.status(200).set({ 'Content-Type': doc.contentType, 'Content-Disposition': attachment(doc.fileName, doc.displayName) }).send(doc.body);
}

/** RFC 6266 attachment: the ASCII name for old clients, the Chinese one as RFC 5987 filename*. */
export function attachment(asciiName: string, displayName: string): string {
  const plain = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(displayName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}
