import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors';
import { documentFileName, DOCUMENT_TYPES, sniffDocumentType, ZipRefusal, type DocumentType } from '../domain/documents/content-type';
import type { Database } from '../data/database';
import type { DocumentRecord } from '../data/document-repository';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';
import { keysetPage, type KeysetPage } from './keyset-page';

export interface DocumentStored {
  document: DocumentRecord;
  /** False when the same bytes were stored before: the earlier document is the answer. */
  created: boolean;
}

/**
 * The verified type of the bytes, or null.
 * @throws DomainError PAYLOAD_TOO_LARGE (a zip declaring too much once inflated), UNSUPPORTED_MEDIA_TYPE (ZIP64)
 */
function documentTypeOf(bytes: Buffer): DocumentType | null {
  try {
    return sniffDocumentType(bytes);
  } catch (error) {
    if (!(error instanceof ZipRefusal)) throw error;
    throw new DomainError(error.tooLarge ? 'PAYLOAD_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', error.message);
  }
}

/**
 * Stores a document addressed by the sha256 of its bytes; its type is what the bytes are, not
 * what the client declared.
 * @throws DomainError UNSUPPORTED_MEDIA_TYPE (not a PDF, PNG, JPEG, DOCX or XLSX), VALIDATION_FAILED (empty)
 */
export function uploadDocument(db: Database, ctx: CommandContext, input: { bytes: Buffer; name: string }): Promise<CommandOutcome<DocumentStored>> {
  return runCommand<DocumentStored>(db, ctx, {
    action: 'document.upload',
    async execute(repos) {
      if (input.bytes.length === 0) throw DomainError.validation([{ field: 'body', message: 'the document is empty' }]);
      const contentType = documentTypeOf(input.bytes);
      if (!contentType) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `the bytes are not one of the accepted document types (PDF, PNG, JPEG, DOCX, XLSX)`, {
          accepted: Object.values(DOCUMENT_TYPES),
        });
      }
      const sha256 = createHash('sha256').update(input.bytes).digest('hex');
      const existing = await repos.documents.bySha256(sha256);
      if (existing) return { result: { document: existing, created: false }, target: `documents/${existing.id}`, detail: { sha256, existing: true } };
      // Kept under the extension of what the bytes are, without invisible direction characters.
      const record = { sha256, size: input.bytes.length, name: documentFileName(input.name, contentType), contentType, uploadedAt: ctx.now.toISOString(), uploadedBy: ctx.actor.name };
      const id = await repos.documents.insert({ ...record, content: input.bytes });
      if (id === null) throw new Error(`document ${sha256} appeared between its lookup and its insert inside one write transaction`);
      return { result: { document: { id, ...record }, created: true }, target: `documents/${id}`, detail: { sha256, size: record.size, contentType } };
    },
  });
}

export function listDocuments(db: Database, cursor: string | undefined, limit: number): Promise<KeysetPage<DocumentRecord>> {
  return db.read((repos) => keysetPage(cursor, limit, (afterId, size) => repos.documents.page(afterId, size)));
}

/** @throws DomainError NOT_FOUND */
export async function documentWithContent(db: Database, id: number): Promise<DocumentRecord & { content: Buffer }> {
  const document = await db.read((repos) => repos.documents.withContent(id));
  if (!document) throw DomainError.notFound('document', id);
  return document;
}
