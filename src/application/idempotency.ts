import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/ledger/hash-chain';

/** What makes two requests "the same": method, path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}

/**
 * The stored form of a client's Idempotency-Key: scoped to the person who sent it, so another
 * user reusing the same key books their own request and never sees the first one's answer. A key
 * is visible ASCII without spaces, so the part after the last space is always the key as sent.
 */
export function scopedKey(person: string, key: string): string {
  return `${person} ${key}`;
}

/** The key as its client sent it (a key stored before scoping, or an import's, is returned as is). */
export function unscopedKey(stored: string): string {
  const space = stored.lastIndexOf(' ');
  return space === -1 ? stored : stored.slice(space + 1);
}
