import { YUAN_SCHEMA_PATTERN } from '../../domain/money';

/** Shared JSON Schemas: ajv validates with them and the OpenAPI document publishes them. */
export const moneySchema = {
  type: 'string',
  pattern: YUAN_SCHEMA_PATTERN,
  description: 'a decimal string in yuan with at most 2 decimals, e.g. "1000000.00"',
  maxLength: 20,
} as const;

export const dateSchema = {
  type: 'string',
  format: 'date',
  description: 'a calendar date YYYY-MM-DD',
} as const;

export const codeSchema = {
  type: 'string',
  pattern: '^[A-Z0-9][A-Z0-9-]{0,39}$',
  description: 'an upper-case code of letters, digits and dashes, e.g. "PHX-RELIEF"',
} as const;

/**
 * A pattern for the whole numbers 1 to `max` written without leading zeros: an id past a column's
 * range is a 400 at the schema, never a query the database refuses (issue 22: PostgreSQL answered
 * 500 for ids past 2^31 in int4 columns).
 */
export function upToPattern(max: string): string {
  const alternatives: string[] = [];
  if (max.length > 1) alternatives.push(max.length === 2 ? '[1-9]' : `[1-9][0-9]{0,${max.length - 2}}`);
  for (let i = 0; i < max.length; i += 1) {
    const low = i === 0 ? 1 : 0;
    const digit = Number(max[i]);
    if (digit - 1 < low) continue;
    const rest = max.length - i - 1;
    alternatives.push(`${max.slice(0, i)}[${low}-${digit - 1}]${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  alternatives.push(max);
  return `^(?:${alternatives.join('|')})$`;
}

/** 1 to 2^31 - 1: the int4 id columns (proposals, documents, users, tokens). */
export const INT4_ID_PATTERN = upToPattern('2147483647');

/** 1 to 2^53 - 1: the BIGINT ids (journal entries, events, screenings) a JavaScript number holds exactly. */
export const BIGINT_ID_PATTERN = upToPattern(String(Number.MAX_SAFE_INTEGER));

/** The `{id}` of a row with an int4 id (proposals, documents, users, tokens). */
export const idParamSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: INT4_ID_PATTERN, description: 'a positive whole number up to 2147483647' } },
  required: ['id'],
  additionalProperties: false,
} as const;

/** The `{id}` of a row with a BIGINT id: a journal entry, a capital call, an investment, a screening. */
export const bigIdParamSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: BIGINT_ID_PATTERN, description: 'a positive whole number up to 9007199254740991' } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const codeParamSchema = {
  type: 'object',
  properties: { code: codeSchema },
  required: ['code'],
  additionalProperties: false,
} as const;

export const limitSchema = {
  type: 'string',
  pattern: '^([1-9][0-9]{0,2}|1000)$',
  description: 'a whole number from 1 to 1000',
} as const;

/** The nextCursor of a list of int4 ids (0 or an id up to 2^31 - 1). */
export const cursorSchema = {
  type: 'string',
  pattern: `^0$|${INT4_ID_PATTERN}`,
  description: 'the nextCursor of the previous page',
} as const;

/** The nextCursor of a list of BIGINT ids (journal, audit log, screenings, alerts). */
export const bigCursorSchema = {
  type: 'string',
  pattern: `^0$|${BIGINT_ID_PATTERN}`,
  description: 'the nextCursor of the previous page',
} as const;

export const textSchema = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
} as const;
