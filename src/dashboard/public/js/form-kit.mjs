// Labelled form fields, the body they make, and errors shown next to the field they name, whether
// the browser's schema check or the API's problem+json found them.
import { ApiError, getJson, problemText } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { exactYuan, readableYuan } from './format.mjs';
import { parseYuan, withUnit } from './money-input.mjs';
import { validate } from './schema-validator.mjs';

let openApi = null;

/** The request schema the API publishes for an operation (from its OpenAPI document, read once). */
export async function requestSchema(operationId) {
  openApi ??= getJson('openapi.json').catch((error) => {
    openApi = null;
    throw error;
  });
  const doc = await openApi;
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      if (op.operationId === operationId) return op.requestBody?.content?.['application/json']?.schema ?? null;
    }
  }
  throw new Error(`operation ${operationId} is not in the API document`);
}

let ids = 0;

/**
 * One labelled field. spec: { name (dotted body path), zh, en, kind: text|money|date|int|select|textarea,
 * options: [[value, label]], hint, placeholder, optional }. Returns the wrapper element; its
 * input is `.input`, and `read()` gives the body value (undefined when left empty).
 */
export function field(spec) {
  const id = `f${++ids}-${spec.name.replace(/\W/g, '-')}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [spec.hint || spec.kind === 'money' ? hintId : null, errorId].filter(Boolean).join(' ');
  const common = { id, name: spec.name, 'aria-describedby': describedBy, dataset: { field: spec.name } };
  let input;
  if (spec.kind === 'select') {
    input = h('select', common, (spec.options ?? []).map(([value, label]) => h('option', { value }, label)));
  } else if (spec.kind === 'textarea') {
    input = h('textarea', { ...common, rows: 3 });
  } else {
    const type = spec.kind === 'date' ? 'date' : 'text';
    const inputmode = spec.kind === 'money' ? 'decimal' : spec.kind === 'int' ? 'numeric' : undefined;
    input = h('input', { ...common, type, inputmode, autocomplete: 'off', placeholder: spec.placeholder });
  }
  const hint = h('p', { class: 'hint', id: hintId }, spec.hint ?? '');
  const error = h('p', { class: 'field-error', id: errorId, dataset: { errorFor: spec.name } });
  const extras = spec.kind === 'money' ? moneyHelpers(input, hint) : null;
  const wrapper = h(
    'div',
    { class: `field field-${spec.kind ?? 'text'}`, dataset: { name: spec.name } },
    h('label', { for: id }, bi(spec.zh, spec.en), spec.optional ? h('span', { class: 'optional' }, ' 可选 optional') : null),
    h('div', { class: 'field-row' }, input, extras),
    spec.hint || spec.kind === 'money' ? hint : null,
    error,
  );
  wrapper.input = input;
  wrapper.spec = spec;
  wrapper.error = error;
  return wrapper;
}

/** 万/亿 buttons and a live line saying what the typed amount is, exactly. */
function moneyHelpers(input, hint) {
  const show = () => {
    const parsed = parseYuan(input.value);
    if (input.value.trim() === '') fill(hint, '可输入 3000万、1.5亿 Type 3000万 or 1.5亿');
    else fill(hint, parsed.ok ? `= ${readableYuan(parsed.yuan)}（${exactYuan(parsed.yuan)}）` : parsed.message);
  };
  input.addEventListener('input', show);
  queueMicrotask(show);
  const unit = (u, en) =>
    h(
      'button',
      {
        type: 'button',
        class: 'unit',
        'aria-label': `${u} ${en}: 乘以${u} multiply by ${en}`,
        on: {
          click: () => {
            input.value = withUnit(input.value, u);
            show();
            input.focus();
          },
        },
      },
      u,
    );
  return [unit('万', 'ten thousand'), unit('亿', 'hundred million')];
}

function setPath(body, dotted, value) {
  const keys = dotted.split('.');
  let at = body;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys.at(-1)] = value;
}

/**
 * The body the fields make, and the errors found reading them (an amount that is not one).
 * Empty fields are left out, so the schema's `required` names them.
 */
export function readFields(fields) {
  const body = {};
  const errors = [];
  for (const f of fields) {
    const raw = f.input.value.trim();
    if (raw === '') continue;
    const kind = f.spec.kind;
    if (kind === 'money') {
      // A signed field (net profit) takes a minus sign in front of an amount typed as usual.
      const negative = f.spec.signed && raw.startsWith('-');
      const parsed = parseYuan(negative ? raw.slice(1) : raw);
      if (parsed.ok) setPath(body, f.spec.name, negative && parsed.fen !== 0n ? `-${parsed.yuan}` : parsed.yuan);
      else errors.push({ field: f.spec.name, message: parsed.message });
    } else if (kind === 'int' && /^\d{1,15}$/.test(raw)) {
      // A share count or id, not money: whole numbers up to 15 digits are exact as a number.
      setPath(body, f.spec.name, Number(raw));
    } else if (kind === 'select' && f.spec.boolean) {
      setPath(body, f.spec.name, raw === 'true');
    } else {
      setPath(body, f.spec.name, raw);
    }
  }
  return { body, errors };
}

/** Clears every message of a form. */
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) fill(el);
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Puts each error next to its field (the nearest named field: "company.stockCode" falls back to
 * "company"); what names no field goes to `status`. Focuses the first field in error.
 */
export function showErrors(form, errors, status) {
  const unplaced = [];
  let first = null;
  for (const { field: name, message } of errors) {
    const target = fieldFor(form, name);
    if (!target) {
      unplaced.push(`${name}: ${message}`);
      continue;
    }
    const slot = target.querySelector('.field-error');
    slot.append(slot.textContent ? `；${message}` : message);
    target.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true');
    first ??= target;
  }
  if (unplaced.length) fill(status, h('span', { class: 'error' }, unplaced.join('；')));
  first?.querySelector('input, select, textarea')?.focus();
  return first !== null || unplaced.length > 0;
}

function fieldFor(form, name) {
  for (let path = name; path; path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '') {
    const el = form.querySelector(`.field[data-name="${CSS.escape(path)}"]`);
    if (el) return el;
  }
  return null;
}

/** The API's refusals that name no field in their problem, by the field a person should change. */
const FIELD_OF_CODE = {
  COMMITMENT_EXCEEDS_TARGET: 'amount',
  CALL_EXCEEDS_UNFUNDED: 'amount',
  PAYMENT_EXCEEDS_CALLED: 'amount',
  INSUFFICIENT_CASH: 'amount',
  AMOUNT_OUT_OF_RANGE: 'amount',
  CONCENTRATION_LIMIT: 'amount',
  EXIT_EXCEEDS_COST: 'cost',
  EXIT_COST_MISMATCH: 'cost',
  EXIT_EXCEEDS_SHARES: 'shares',
  SCREENING_REQUIRED: 'screeningId',
  ACQUISITION_MODE_FORBIDDEN: 'acquisitionMode',
  FUTURE_VALUE_DATE: 'date',
  PERIOD_CLOSED: 'date',
  DATE_BEFORE_INCEPTION: 'date',
  NO_FEE_DUE: 'period',
};

/** An API error as field errors: its `errors` list, or its code's field, with the title and detail. */
export function apiFieldErrors(error) {
  if (!(error instanceof ApiError)) return [{ field: '', message: String(error?.message ?? error) }];
  const problem = error.problem ?? {};
  if (Array.isArray(problem.errors) && problem.errors.length) {
    return problem.errors.map((e) => ({ field: String(e.field ?? '').replace(/^body\.?/, ''), message: e.message }));
  }
  return [{ field: FIELD_OF_CODE[problem.code] ?? '', message: `${problemText(error)}${problem.code ? ` [${problem.code}]` : ''}` }];
}

/**
 * Checks the body against the operation's schema: the reading errors first, then the schema's.
 * `shape` adjusts the body read from the fields before the check (e.g. numbered fields into an array).
 */
export async function checkBody(operationId, fields, shape = (body) => body) {
  const read = readFields(fields);
  const body = shape(read.body);
  const errors = read.errors;
  const schema = await requestSchema(operationId);
  const named = new Set(errors.map((e) => e.field));
  const schemaErrors = schema ? validate(schema, body).filter((e) => !named.has(e.field)) : [];
  return { body, errors: [...errors, ...schemaErrors] };
}
