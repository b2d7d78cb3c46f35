import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors';
import type { ChainHead } from './entry';

/**
 * A signed statement of the chain head: "at `at`, the journal ended at entry `entryId` with hash
 * `hash`". Kept outside the database, it shows a journal later cut back behind it (docs/domain.md, Evidence).
 */
export interface ChainDigest {
  entryId: number;
  hash: string;
  /** When the head was signed (ISO 8601, UTC). */
  at: string;
  /** HMAC-SHA256 of the canonical string, hex. */
  signature: string;
}

/** The versioned text the signature covers; the version lets the format change without ambiguity. */
function canonicalDigestText(d: Pick<ChainDigest, 'entryId' | 'hash' | 'at'>): string {
  return `phoenix-chain-digest-v1\nentry:${d.entryId}\nhash:${d.hash}\nat:${d.at}`;
}

export function signDigest(head: ChainHead, at: Date, key: Buffer): ChainDigest {
  const unsigned = { entryId: head.lastEntryId, hash: head.lastHash, at: at.toISOString() };
  return { ...unsigned, signature: hmac(unsigned, key) };
}

/** True when the signature was made with `key` over exactly these fields (compared in constant time). */
export function digestSignatureValid(digest: ChainDigest, key: Buffer): boolean {
  const expected = Buffer.from(hmac(digest, key), 'hex');
  const given = Buffer.from(digest.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Checks the shape of a digest read from a file or a request.
 * @throws DomainError VALIDATION_FAILED naming the bad field
 */
export function parseDigest(value: unknown): ChainDigest {
  const field = (name: string, message: string) => DomainError.validation([{ field: name, message }]);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw field('digest', 'must be a JSON object');
  const d = value as Record<string, unknown>;
  if (typeof d.entryId !== 'number' || !Number.isSafeInteger(d.entryId) || d.entryId < 0) throw field('entryId', 'must be a whole number');
  if (typeof d.hash !== 'string' || !/^[0-9a-f]{64}$/.test(d.hash)) throw field('hash', 'must be 64 lowercase hex digits');
  if (typeof d.at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(d.at)) throw field('at', 'must be an ISO 8601 UTC time');
  if (typeof d.signature !== 'string' || !/^[0-9a-f]{64}$/.test(d.signature)) throw field('signature', 'must be 64 lowercase hex digits');
  return { entryId: d.entryId, hash: d.hash, at: d.at, signature: d.signature };
}

/**
 * @throws DomainError DIGEST_INVALID when the signature does not match (forged, altered, or another key)
 */
export function assertDigestSigned(digest: ChainDigest, key: Buffer): void {
  if (!digestSignatureValid(digest, key)) {
    throw new DomainError(
      'DIGEST_INVALID',
      `the digest of entry ${digest.entryId} signed at ${digest.at} does not carry a valid signature: it was altered, forged, or signed with another key`,
      { entryId: digest.entryId },
    );
  }
}

function hmac(d: Pick<ChainDigest, 'entryId' | 'hash' | 'at'>, key: Buffer): string {
  return createHmac('sha256', key).update(canonicalDigestText(d)).digest('hex');
}
