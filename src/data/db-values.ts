import type { Fen } from '../domain/money';

/**
 * The one conversion between database values and fen. pg returns BIGINT and SUM() as strings,
 * sqlite3 returns INTEGER as a JS number: both become bigint here, and a number outside the
 * safe-integer range is refused rather than silently rounded.
 */
export function fenFromDb(value: unknown): Fen {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`database amount ${value} is not a safe integer`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new TypeError(`database amount ${String(value)} is not an integer`);
}

/** Fen as a bound parameter: a decimal string, which both drivers bind exactly into BIGINT columns. */
export function fenToDb(fen: Fen): string {
  return fen.toString();
}

export function idFromDb(value: unknown): number {
  const id = typeof value === 'string' ? Number(value) : (value as number);
  if (!Number.isSafeInteger(id)) throw new RangeError(`database id ${String(value)} is not a safe integer`);
  return id;
}

export function jsonFromDb<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  return JSON.parse(String(value)) as T;
}
