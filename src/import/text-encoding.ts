import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '../domain/errors';

/**
 * The encodings a 台账 or screening CSV may come in. UTF-8 is the default; GBK files (what Excel on a
 * Chinese Windows saves) are read with the WHATWG gb18030 decoder built into Node (full ICU), which
 * is a superset of GBK and GB2312. Nothing is ever guessed: invalid bytes are refused with the line
 * they are on, because a garbled memo would otherwise stay in the append-only journal for good.
 */
export type TextEncodingName = 'utf-8' | 'gb18030';

const ALIASES: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
};

export const ENCODING_NAMES = Object.keys(ALIASES);

/** The decoder for a user-given name (`--encoding`, a Content-Type charset), or null if unsupported. */
export function encodingNamed(name: string): TextEncodingName | null {
  return ALIASES[name.trim().toLowerCase()] ?? null;
}

/** The GB18030 byte-order mark: the one way a file declares GB18030 with certainty. */
const GB18030_BOM = Buffer.from([0x84, 0x31, 0x95, 0x33]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NEWLINE = 0x0a;

/** The encoding a file's first bytes settle for certain (a BOM), else the one the caller asked for. */
function settle(head: Buffer, asked: TextEncodingName): { encoding: TextEncodingName; skip: number } {
  if (head.subarray(0, 4).equals(GB18030_BOM)) return { encoding: 'gb18030', skip: 4 };
  if (head.subarray(0, 3).equals(UTF8_BOM)) return { encoding: 'utf-8', skip: 3 };
  return { encoding: asked, skip: 0 };
}

/**
 * Decodes whole lines strictly. A newline byte (0x0a) never occurs inside a UTF-8 or GB18030
 * multi-byte character, so splitting the bytes there first is safe, and a failure can be pinned to
 * its line (counted from 1, as csv-parse and editors count physical lines).
 * @throws DomainError VALIDATION_FAILED naming the first line that is not valid in the encoding
 */
function decodeLines(bytes: Buffer, encoding: TextEncodingName, firstLine: number, field: string): string {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    let line = firstLine;
    let start = 0;
    for (;;) {
      const end = bytes.indexOf(NEWLINE, start);
      const stop = end < 0 ? bytes.length : end + 1;
      try {
        decoder.decode(bytes.subarray(start, stop));
      } catch {
        throw encodingError(line, encoding, bytes.subarray(start, stop), field);
      }
      if (end < 0) throw encodingError(line, encoding, bytes.subarray(start), field);
      start = stop;
      line += 1;
    }
  }
}

function encodingError(line: number, encoding: TextEncodingName, bytes: Buffer, field: string): DomainError {
  const hint =
    encoding === 'utf-8' && looksLike(bytes, 'gb18030')
      ? ' (it reads as GBK/GB18030: say so with --encoding gbk, or send Content-Type: text/csv; charset=gbk)'
      : '';
  const name = encoding === 'utf-8' ? 'UTF-8' : 'GBK/GB18030';
  return DomainError.validation([{ field, message: `line ${line} is not valid ${name}${hint}` }]);
}

function looksLike(bytes: Buffer, encoding: TextEncodingName): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A whole body or file as text (BOM removed). @throws DomainError VALIDATION_FAILED naming the bad line */
export function decodeText(bytes: Buffer, asked: TextEncodingName = 'utf-8', field = 'file'): string {
  const { encoding, skip } = settle(bytes, asked);
  return decodeLines(bytes.subarray(skip), encoding, 1, field);
}

/**
 * The streaming form of `decodeText`: bytes in, text out, a line at a time kept back until its
 * newline arrives, so memory stays at one chunk whatever the file's size. Errors with the
 * DomainError of `decodeText`.
 */
export function decodingStream(asked: TextEncodingName = 'utf-8', field = 'file'): Transform {
  let pending: Buffer = Buffer.alloc(0);
  let settled: { encoding: TextEncodingName; skip: number } | null = null;
  let line = 1;
  const push = (stream: Transform, bytes: Buffer) => {
    const text = decodeLines(bytes, settled!.encoding, line, field);
    for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, i + 1)) line += 1;
    if (text) stream.push(text);
  };
  return new Transform({
    readableObjectMode: false,
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      try {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        if (!settled) {
          if (pending.length < 4) return done();
          settled = settle(pending, asked);
          pending = pending.subarray(settled.skip);
        }
        const cut = pending.lastIndexOf(NEWLINE) + 1;
        if (cut > 0) {
          push(this, pending.subarray(0, cut));
          pending = Buffer.from(pending.subarray(cut));
        }
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!settled) {
          settled = settle(pending, asked);
          pending = pending.subarray(settled.skip);
        }
        if (pending.length) push(this, pending);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
  });
}
