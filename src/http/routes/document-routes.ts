import { CONTROLS } from '../../domain/access/control-roles';
import { DomainError } from '../../domain/errors';
import { DOCUMENT_TYPES } from '../../domain/documents/content-type';
import { documentWithContent, listDocuments, uploadDocument, type DocumentStored } from '../../application/document-service';
import { replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';
import { cursorSchema, idParamSchema, limitSchema } from '../schemas/common';
import { documentFileName, type DocumentType } from '../../domain/documents/content-type';

const uploadQuery = {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'the file name shown and offered on download' } },
  additionalProperties: false,
} as const;

const listQuery = { type: 'object', properties: { cursor: cursorSchema, limit: limitSchema }, additionalProperties: false } as const;

/** A file name with no control characters or path separators. */
function cleanName(name: string | undefined): string {
  const cleaned = [...(name ?? '')].map((c) => (c.charCodeAt(0) < 0x20 || c === '\u007f' || c === '/' || c === '\\' ? '_' : c)).join('').trim();
  return cleaned || 'document';
}

/**
 * A Content-Disposition that cannot be broken out of: an ASCII fallback of safe characters
 * only, and the real name percent-encoded as UTF-8 (RFC 6266, RFC 8187).
 */
function attachment(name: string): string {
  const fallback = name.replace(/[^A-Za-z0-9._ -]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function presentDocument(d: DocumentStored['document']) {
  return { id: d.id, sha256: d.sha256, size: d.size, name: d.name, contentType: d.contentType, uploadedAt: d.uploadedAt, uploadedBy: d.uploadedBy };
}

/** Committee minutes and agreements: stored by sha256, listed, downloaded (docs/approvals.md, Documents). */
export function documentRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/documents',
      operationId: 'uploadDocument',
      summary: 'Upload a document (PDF, PNG, JPEG, DOCX, XLSX) as the raw body; its type is sniffed from the bytes',
      tag: 'documents',
      access: CONTROLS.uploadDocuments,
      query: uploadQuery,
      body: { type: 'string', description: 'the file itself, as raw bytes' },
      consumes: [...Object.values(DOCUMENT_TYPES), 'application/octet-stream'],
      rawBody: true,
      bodyLimit: `${deps.config.documentMaxBytes}b`,
      responses: {
        201: { description: 'Stored: `id, sha256, size, name, contentType`', schema: { type: 'object' } },
        200: { description: 'The same bytes were stored before: that document', schema: { type: 'object' } },
      },
      handle: (ctx) => {
        if (!Buffer.isBuffer(ctx.body)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send the file as the raw body with its type: ${Object.values(DOCUMENT_TYPES).join(', ')} or application/octet-stream`);
        return replyTo(
          ctx,
          deps,
          (stored: DocumentStored) => ({ status: stored.created ? 201 : 200, body: presentDocument(stored.document) }),
          (command) => uploadDocument(deps.db, command, { bytes: ctx.body as Buffer, name: cleanName(ctx.query.name) }),
        );
      },
    },
    {
      method: 'get',
      path: '/documents',
      operationId: 'listDocuments',
      summary: 'Documents, oldest first',
      tag: 'documents',
      access: CONTROLS.readControls,
      query: listQuery,
      responses: { 200: { description: 'A page of documents (without their bytes)', schema: { type: 'object' } } },
      handle: async ({ query }) => {
        const page = await listDocuments(deps.db, query.cursor, query.limit ? Number(query.limit) : 100);
        return { status: 200, body: { documents: page.items.map(presentDocument), nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'get',
      path: '/documents/{id}',
      operationId: 'downloadDocument',
      summary: 'Download a document, as an attachment of its sniffed type',
      tag: 'documents',
      access: CONTROLS.readControls,
      params: idParamSchema,
      responses: { 200: { description: 'The bytes', contentType: 'application/octet-stream' } },
      handle: async ({ params, res }) => {
        const document = await documentWithContent(deps.db, Number(params.id));
        res
          .status(200)
          .type(document.contentType)
          .set({
            // Documents stored before names were checked get the same treatment on the way out.
            'Content-Disposition': attachment(documentFileName(document.name, document.contentType as DocumentType)),
            'Content-Security-Policy': "sandbox; default-src 'none'",
            'X-Content-Type-Options': 'nosniff',
            'X-Document-Sha256': document.sha256,
          })
          .send(document.content);
      },
    },
  ];
}
