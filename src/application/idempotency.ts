import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/ledger/hash-chain';

/** What makes two requests "the same": method, path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}
