import { DomainError } from '../errors';

/** A share price in ten-thousandths of a yuan (integer), the unit prices are stored in. */
export type PriceE4 = bigint;

const PRICE = /^(0|[1-9][0-9]{0,7})(?:\.([0-9]{1,4}))?$/;

/** Parses a positive decimal price with at most 4 decimals: "12.34" -> 123400n. Never rounds. */
export function parsePrice(text: unknown, field = 'price'): PriceE4 {
  const match = typeof text === 'string' ? PRICE.exec(text) : null;
  if (!match) throw DomainError.validation([{ field, message: 'must be a decimal string in yuan with at most 4 decimals, e.g. "12.3400"' }]);
  const value = BigInt(match[1]) * 10_000n + BigInt((match[2] ?? '').padEnd(4, '0'));
  if (value === 0n) throw DomainError.validation([{ field, message: 'must be above zero' }]);
  return value;
}

/** 123400n -> "12.3400". */
export function formatPrice(value: PriceE4): string {
  return `${value / 10_000n}.${(value % 10_000n).toString().padStart(4, '0')}`;
}
