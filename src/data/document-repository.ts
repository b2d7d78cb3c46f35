import type { Knex } from 'knex';
import { idFromDb } from './db-values';

type Row = Record<string, unknown>;

/** A stored document without its bytes. */
export interface DocumentRecord {
  id: number;
  sha256: string;
  size: number;
  name: string;
  contentType: string;
  uploadedAt: string;
  uploadedBy: string;
}

const COLUMNS = ['id', 'sha256', 'size', 'name', 'content_type', 'uploaded_at', 'uploaded_by'];

/** Documents addressed by the sha256 of their bytes (one row per distinct content). */
export class DocumentRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async bySha256(sha256: string): Promise<DocumentRecord | null> {
    const row: Row | undefined = await this.db('documents').where({ sha256 }).first(COLUMNS);
    return row ? recordFromRow(row) : null;
  }

  /** Inserts the document; null when its content is already stored (then look it up by hash). */
  async insert(document: Omit<DocumentRecord, 'id'> & { content: Buffer }): Promise<number | null> {
    const [row] = await this.db('documents')
      .insert({
        sha256: document.sha256,
        size: document.size,
        name: document.name,
        content_type: document.contentType,
        content: document.content,
        uploaded_at: document.uploadedAt,
        uploaded_by: document.uploadedBy,
      })
      .onConflict('sha256')
      .ignore()
      .returning('id');
    if (row === undefined) return null;
    return idFromDb(typeof row === 'object' ? (row as Row).id : row);
  }

  async records(ids: readonly number[]): Promise<DocumentRecord[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await this.db('documents').whereIn('id', [...new Set(ids)]).orderBy('id').select(COLUMNS);
    return rows.map(recordFromRow);
  }

  async page(afterId: number | undefined, limit: number): Promise<DocumentRecord[]> {
    const rows: Row[] = await this.db('documents')
      .modify((q) => {
        if (afterId !== undefined) q.where('id', '>', afterId);
      })
      .orderBy('id')
      .limit(limit)
      .select(COLUMNS);
    return rows.map(recordFromRow);
  }

  async withContent(id: number): Promise<(DocumentRecord & { content: Buffer }) | null> {
    const row: Row | undefined = await this.db('documents').where({ id }).first();
    if (!row) return null;
    const content = Buffer.isBuffer(row.content) ? row.content : Buffer.from(row.content as Uint8Array);
    return { ...recordFromRow(row), content };
  }
}

function recordFromRow(row: Row): DocumentRecord {
  return {
    id: idFromDb(row.id),
    sha256: String(row.sha256),
    size: Number(row.size),
    name: String(row.name),
    contentType: String(row.content_type),
    uploadedAt: String(row.uploaded_at),
    uploadedBy: String(row.uploaded_by),
  };
}
