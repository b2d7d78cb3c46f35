import type { InvestorDocument } from './document-model';
import { layoutOf } from './document-layouts';
import { documentHtml } from './document-html';
import { documentXlsx } from './document-xlsx';
import type { PdfRenderer } from './pdf-renderer';

export type DocumentFormat = 'pdf' | 'xlsx';

export interface RenderedDocument {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPE: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Renders a notice or statement as PDF (through the shared renderer) or XLSX. */
export async function renderDocument(doc: InvestorDocument, format: DocumentFormat, pdf: PdfRenderer): Promise<RenderedDocument> {
  const layout = layoutOf(doc);
  const body = format === 'pdf' ? await pdf.pdf(documentHtml(layout)) : await documentXlsx(layout);
  return { body, contentType: CONTENT_TYPE[format], fileName: `${layout.fileName}.${format}` };
}
