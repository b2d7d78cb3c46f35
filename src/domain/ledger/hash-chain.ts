import { createHash } from 'node:crypto';
import type { Entry } from './entry';

/** The chain starts from 64 zeros; every entry's hash covers its predecessor's hash. */
export const GENESIS_HASH = '0'.repeat(64);

type HashedFields = Omit<Entry, 'hash'>;

/**
 * sha256 over a canonical rendering of everything an entry says (including its lines and the
 * previous hash), so that altering any stored field, line or the order of entries is evident.
 */
export function entryHash(entry: HashedFields): string {
  const canonical = canonicalJson([
    entry.id,
    entry.prevHash,
    entry.date,
    entry.type,
    entry.memo,
    entry.actor,
    entry.idempotencyKey,
    entry.reverses,
    entry.recordedAt,
    entry.metadata,
    entry.lines.map((l) => [l.account, l.fund, l.debit.toString(), l.credit.toString()]),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted, so equal values always hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'bigint') return value.toString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value === undefined ? null : value;
}
