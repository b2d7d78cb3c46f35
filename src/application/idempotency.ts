import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/ledger/hash-chain';

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface IdempotencyStore {
  /** The answer first stored under the key, if any. */
  find(key: string): Promise<StoredResponse | null>;
  /** Stores the answer under the key, in the transaction that made it. */
  save(key: string, response: StoredResponse & { actor: string; at: string }): Promise<void>;
}

/** What makes two requests "the same": method, path and the canonical body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`).digest('hex');
}
