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

export const idParamSchema = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[1-9][0-9]{0,14}$', description: 'a positive whole number' } },
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

export const cursorSchema = {
  type: 'string',
  pattern: '^[0-9]{1,15}$',
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
