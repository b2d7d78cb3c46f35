// Checks a request body in the browser against the JSON Schema the API publishes in its OpenAPI
// document, so a form says what is wrong before it posts. ajv ships no browser build, and the API's
// request schemas use a small subset of JSON Schema: this validator covers exactly that subset and
// names any other keyword (unsupportedKeywords) so a schema that outgrows it is caught by a test.
// Field names and messages follow the API's (src/http/validation.ts), so a field's error reads the
// same whether the browser or the server found it.

const ANNOTATIONS = new Set(['description', 'example', 'x-label', 'title', 'default']);
const KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'pattern', 'enum', 'minLength', 'maxLength',
  'minimum', 'maximum', 'minProperties', 'minItems', 'maxItems', 'uniqueItems', 'items', 'format',
]);

/** The keywords of `schema` (and its sub-schemas) this validator does not check, as dotted paths. */
export function unsupportedKeywords(schema, at = '') {
  const found = [];
  for (const [key, value] of Object.entries(schema ?? {})) {
    if (ANNOTATIONS.has(key)) continue;
    if (!KEYWORDS.has(key)) found.push(at ? `${at}.${key}` : key);
    else if (key === 'properties') for (const [name, sub] of Object.entries(value)) found.push(...unsupportedKeywords(sub, at ? `${at}.${name}` : name));
    else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object') found.push(...unsupportedKeywords(value, `${at}[]`));
    else if (key === 'format' && !FORMATS[value]) found.push(`${at}.format:${value}`);
  }
  return found;
}

const FORMATS = {
  date: (s) => isCalendarDate(s),
  'date-time': (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && isCalendarDate(s.slice(0, 10)),
};

function isCalendarDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return month >= 1 && month <= 12 && day >= 1 && day <= days;
}

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function matchesType(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/** Every failing field of `value` under `schema`: [{ field: 'company.stockCode', message }]; [] when valid. */
export function validate(schema, value, where = 'body') {
  const errors = [];
  check(schema, value, '', where, errors);
  const seen = new Set();
  return errors.filter((e) => {
    const key = `${e.field}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function check(schema, value, path, where, errors) {
  const field = path || where;
  const fail = (message) => errors.push({ field, message });
  const join = (name) => (path ? `${path}.${name}` : name);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t))) {
      fail(`must be ${types.join(',')}`);
      return;
    }
  }
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) fail(`must be one of ${schema.enum.map(String).join(', ')}`);
  if (typeof value === 'string') {
    const hint = schema.description ? `must be ${schema.description}` : null;
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) fail(hint ?? `must match pattern "${schema.pattern}"`);
    if (schema.format !== undefined && FORMATS[schema.format] && !FORMATS[schema.format](value)) fail(hint ?? `must match format "${schema.format}"`);
    // Characters as JSON Schema counts them: code points, not UTF-16 units.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) fail(`must NOT have fewer than ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength) fail(`must NOT have more than ${schema.maxLength} characters`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`must be <= ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`must NOT have fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`must NOT have more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true) {
      // From the end, as ajv scans, so the message names the same pair of items (scalars only: document ids).
      const seen = new Map();
      for (let i = value.length - 1; i >= 0; i--) {
        const key = `${typeof value[i]}:${String(value[i])}`;
        if (seen.has(key)) {
          fail(`must NOT have duplicate items (items ## ${seen.get(key)} and ${i} are identical)`);
          break;
        }
        seen.set(key, i);
      }
    }
    if (schema.items && typeof schema.items === 'object') value.forEach((item, i) => check(schema.items, item, join(String(i)), where, errors));
  }
  if (typeOf(value) === 'object') {
    const properties = schema.properties ?? {};
    for (const name of schema.required ?? []) if (!Object.hasOwn(value, name)) errors.push({ field: join(name), message: 'is required' });
    if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) fail(`must NOT have fewer than ${schema.minProperties} properties`);
    for (const [name, item] of Object.entries(value)) {
      if (Object.hasOwn(properties, name)) check(properties[name], item, join(name), where, errors);
      else if (schema.additionalProperties === false) errors.push({ field: join(name), message: 'is not an accepted field' });
      else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, item, join(name), where, errors);
    }
  }
}
