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

/** Limits on what an Office file's zip may declare it inflates to (a zip bomb is refused unopened). */
export interface ZipLimits {
  /** Largest total of the entries' declared uncompressed sizes. */
  maxInflatedBytes: number;
  /** Largest number of entries. */
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxInflatedBytes: 256 * 1024 * 1024, maxEntries: 10_000 };

/** Why bytes were refused as an Office file: shown to the uploader. `tooLarge`: past a limit. */
export class ZipRefusal extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

/**
 * The document type of these bytes, or null for anything else.
 * @throws ZipRefusal for a zip that declares more than `limits` allow (a zip bomb) or is malformed
 *   in a way no Office program writes
 */
export function sniffDocumentType(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): DocumentType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return DOCUMENT_TYPES.pdf; // %PDF-
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return DOCUMENT_TYPES.png;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return DOCUMENT_TYPES.jpeg;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return officeType(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  return null;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * An Office Open XML file is a zip whose parts say what it is. The zip is walked as a reader
 * walks it, not searched for signatures (issue 22: fake central-directory names anywhere in the
 * bytes passed as DOCX): the end record at the end names the central directory; each of its
 * records names an entry whose local header must be at the offset given, with the same name. The
 * package needs `[Content_Types].xml` and its main part (`word/document.xml` for a document,
 * `xl/workbook.xml` for a workbook). Declared sizes are summed before anything would be inflated,
 * and ZIP64 (sizes past 4 GiB) is refused: no committee record needs it.
 */
function officeType(buffer: Buffer, limits: ZipLimits): DocumentType | null {
  const end = endRecord(buffer);
  if (end === null) return null;
  const entries = buffer.readUInt16LE(end + 10);
  const size = buffer.readUInt32LE(end + 12);
  const offset = buffer.readUInt32LE(end + 16);
  if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipRefusal('the zip is ZIP64, which no committee record needs');
  if (entries > limits.maxEntries) throw new ZipRefusal(`the zip has ${entries} entries, more than ${limits.maxEntries}`, true);
  if (offset + size > end) return null;
  const names = new Set<string>();
  let inflated = 0;
  let at = offset;
  for (let i = 0; i < entries; i += 1) {
    if (at + 46 > end || buffer.readUInt32LE(at) !== CENTRAL) return null;
    const uncompressed = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localAt = buffer.readUInt32LE(at + 42);
    if (uncompressed === 0xffffffff || localAt === 0xffffffff) throw new ZipRefusal('the zip is ZIP64, which no committee record needs');
    if (at + 46 + nameLength > end) return null;
    const name = buffer.toString('latin1', at + 46, at + 46 + nameLength);
    if (!localHeaderNames(buffer, localAt, name, offset)) return null;
    inflated += uncompressed;
    if (inflated > limits.maxInflatedBytes) {
      throw new ZipRefusal(`the zip declares more than ${limits.maxInflatedBytes} bytes once inflated (a zip bomb is refused unopened)`, true);
    }
    names.add(name);
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (!names.has('[Content_Types].xml')) return null;
  if (names.has('word/document.xml')) return DOCUMENT_TYPES.docx;
  if (names.has('xl/workbook.xml')) return DOCUMENT_TYPES.xlsx;
  return null;
}

/** The end-of-central-directory record: in the last 22 + 65,535 bytes (after it only its comment). */
function endRecord(buffer: Buffer): number | null {
  for (let at = buffer.length - 22; at >= Math.max(0, buffer.length - 22 - 0xffff); at -= 1) {
    if (buffer.readUInt32LE(at) === EOCD && at + 22 + buffer.readUInt16LE(at + 20) === buffer.length) return at;
  }
  return null;
}

/** Whether the local header at `at` (before the central directory) carries `name`. */
function localHeaderNames(buffer: Buffer, at: number, name: string, directory: number): boolean {
  if (at + 30 > directory || buffer.readUInt32LE(at) !== LOCAL) return false;
  const nameLength = buffer.readUInt16LE(at + 26);
  if (at + 30 + nameLength > directory) return false;
  return buffer.toString('latin1', at + 30, at + 30 + nameLength) === name;
}

/** Direction and other invisible format characters that can disguise a name ("‮fdp.exe" shows as "exe.pdf"). */
const INVISIBLE = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** The file name extensions each type is saved with; the first is the one given when it has none. */
const EXTENSIONS: Record<DocumentType, readonly string[]> = {
  [DOCUMENT_TYPES.pdf]: ['pdf'],
  [DOCUMENT_TYPES.png]: ['png'],
  [DOCUMENT_TYPES.jpeg]: ['jpg', 'jpeg'],
  [DOCUMENT_TYPES.docx]: ['docx'],
  [DOCUMENT_TYPES.xlsx]: ['xlsx'],
};

/**
 * The name a document is kept and downloaded under: without invisible direction characters, and
 * with the extension of the type its bytes are (issue 22: a PDF polyglot named `poly.html` was
 * saved by the browser as `poly.html`, and opening it ran its script). A wrong extension is
 * replaced (`poly.html` → `poly.pdf`), a missing one added.
 */
export function documentFileName(name: string, type: DocumentType): string {
  const visible = name.replace(INVISIBLE, '').trim();
  const allowed = EXTENSIONS[type];
  const dot = visible.lastIndexOf('.');
  const extension = dot > 0 ? visible.slice(dot + 1).toLowerCase() : '';
  if (allowed.includes(extension)) return visible;
  const base = (dot > 0 ? visible.slice(0, dot) : visible) || 'document';
  return `${base}.${allowed[0]}`;
}
