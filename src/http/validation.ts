import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { DomainError, type FieldError } from '../domain/errors';

/** The service's single ajv instance; each schema is compiled once and cached. */
export const ajv = new Ajv({ allErrors: true, strict: true, verbose: true, allowUnionTypes: true });
addFormats(ajv, ['date', 'date-time']);
ajv.addVocabulary(['example', 'x-label']);

const cache = new WeakMap<object, ValidateFunction>();

export function validatorFor(schema: object): ValidateFunction {
  let validate = cache.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/** Validates `value` against `schema`, or throws VALIDATION_FAILED naming each failing field. */
export function assertValid<T>(schema: object, value: unknown, where: 'body' | 'query' | 'params' = 'body'): T {
  const validate = validatorFor(schema);
  if (validate(value)) return value as T;
  throw DomainError.validation(fieldErrors(validate.errors ?? [], where));
}

export function fieldErrors(errors: readonly ErrorObject[], where: string): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const fieldError = describe(error, where);
    const key = `${fieldError.field}|${fieldError.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push(fieldError);
    }
  }
  return result;
}

function describe(error: ErrorObject, where: string): FieldError {
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const join = (name: string) => [path, name].filter(Boolean).join('.');
  switch (error.keyword) {
    case 'required':
      return { field: join(String(error.params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: join(String(error.params.additionalProperty)), message: 'is not an accepted field' };
    case 'pattern':
    case 'format': {
      const hint = (error.parentSchema as { description?: string } | undefined)?.description;
      return { field: path || where, message: hint ? `must be ${hint}` : (error.message ?? 'is malformed') };
    }
    case 'enum':
      return { field: path || where, message: `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}` };
    default:
      return { field: path || where, message: error.message ?? 'is invalid' };
  }
}
