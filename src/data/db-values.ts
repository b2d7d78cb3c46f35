import { DomainError } from '../domain/errors';
import { formatYuan, inExactRange, MAX_FEN, type Fen } from '../domain/money';

/**
 * The one conversion between database values and fen. pg returns BIGINT and SUM() as strings,
 * sqlite3 returns INTEGER as a JS number: both become bigint here.
 *
 * Every write keeps stored values inside the exact range, so this is exact for all the service
 * writes. A value put there by other hands (a REAL, a number past 2^53, text) is read as the
 * nearest whole fen it can be (0 when it is not a number at all) rather than failing the read:
 * one damaged row must not take every read down. `phoenix verify` reports such rows
 * (JournalReadRepository.unreadableAmounts), and a write refuses to build on them (exactFenFromDb).
 */
export function fenFromDb(value: unknown): Fen {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : nearestFen(value);
  if (typeof value === 'string') return /^-?\d+$/.test(value) ? BigInt(value) : nearestFen(Number(value));
  return 0n;
}

/**
 * A stored total a write builds on: exact and inside the exact range, or refused.
 * @throws DomainError AMOUNT_OUT_OF_RANGE
 */
export function exactFenFromDb(value: unknown, what: string): Fen {
  const exact =
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && /^-?\d+$/.test(value)) ||
    typeof value === 'bigint' ||
    value === null ||
    value === undefined;
  const fen = fenFromDb(value);
  if (!exact || !inExactRange(fen)) {
    throw new DomainError(
      'AMOUNT_OUT_OF_RANGE',
      `the stored total of ${what} (${String(value)}) cannot be read exactly or is past the exact range (${formatYuan(MAX_FEN)}); run phoenix verify`,
      { account: what, max: formatYuan(MAX_FEN) },
    );
  }
  return fen;
}

function nearestFen(value: number): Fen {
  return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
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
