import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/ledger/hash-chain';

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface IdempotencyStore {
  /** Claims the key for this request, or returns the response first stored under it. */
  claim(key: string, fingerprint: string, actor: string, at: string): Promise<StoredResponse | 'claimed'>;
  complete(key: string, status: number, body: unknown): Promise<void>;
}

/** What makes two requests "the same": method, path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}
