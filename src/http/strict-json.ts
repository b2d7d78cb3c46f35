import type { IncomingMessage } from 'node:http';
import { DomainError } from '../domain/errors';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first key that appears twice in one object of a JSON text, or null. JSON.parse keeps the
 * last of duplicate keys, so `{"amount":"0.01","amount":"5000.00"}` would book 5000.00 while a
 * reviewer reading the first saw 0.01 (issue 22). The text is scanned, not parsed: strings are
 * skipped with their escapes, objects and arrays tracked on a stack. Malformed JSON is left to the
 * parser that follows (its answer is the 400).
 */
export function duplicateKey(text: string): string | null {
  const stack: Array<{ keys: Set<string> | null; expectKey: boolean }> = [];
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, j + 1)) as string;
        } catch {
          return null;
        }
        if (top.keys.has(key)) return key;
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({ keys: null, expectKey: false });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return null;
}

/**
 * The `verify` step of the JSON body parser: the bytes must be valid UTF-8 (a body parser would
 * otherwise store U+FFFD where a byte was wrong) and no object may name a key twice.
 * @throws DomainError VALIDATION_FAILED
 */
export function verifyJsonBody(_req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  let text: string;
  try {
    text = UTF8.decode(buffer);
  } catch {
    throw DomainError.validation([{ field: 'body', message: 'is not valid UTF-8: send JSON encoded as UTF-8' }]);
  }
  const key = duplicateKey(text);
  if (key !== null) throw DomainError.validation([{ field: 'body', message: `names the key ${JSON.stringify(key)} twice in one object: send each key once` }]);
}
