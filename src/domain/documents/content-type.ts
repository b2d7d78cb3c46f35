/**
 * The kinds of file a committee record may be (docs/approvals.md, Documents), recognised from the
 * bytes themselves: the type a client declares is not trusted, since a download is served with
 * the stored type.
 */
export const DOCUMENT_TYPES = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export type DocumentType = (typeof DOCUMENT_TYPES)[keyof typeof DOCUMENT_TYPES];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** The document type of these bytes, or null for anything else. */
export function sniffDocumentType(bytes: Uint8Array): DocumentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return DOCUMENT_TYPES.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return DOCUMENT_TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return DOCUMENT_TYPES.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeType(bytes);
  return null;
}

/**
 * An Office Open XML file is a zip whose part names say what it is: `word/` for a document,
 * `xl/` for a workbook; any other zip is refused. The names are read from the central directory
 * (each record: signature PK\x01\x02, name length at offset 28, name at offset 46), which every
 * zip has whether or not its entries were written as a stream.
 */
function officeType(bytes: Uint8Array): DocumentType | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  let sawContentTypes = false;
  let kind: DocumentType | null = null;
  for (let at = buffer.indexOf(signature); at >= 0 && at + 46 <= buffer.length; at = buffer.indexOf(signature, at + 4)) {
    const nameLength = buffer.readUInt16LE(at + 28);
    const name = buffer.toString('latin1', at + 46, Math.min(buffer.length, at + 46 + nameLength));
    if (name === '[Content_Types].xml') sawContentTypes = true;
    else if (name.startsWith('word/')) kind ??= DOCUMENT_TYPES.docx;
    else if (name.startsWith('xl/')) kind ??= DOCUMENT_TYPES.xlsx;
  }
  return sawContentTypes ? kind : null;
}
