// Labelled form fields, the body they make, and errors shown next to the field they name, whether
// the browser's schema check or the API's problem+json found them.
import { ApiError, getJson, problemText } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { exactYuan, percent, readableYuan } from './format.mjs';
import { parseYuan, withUnit } from './money-input.mjs';
import { percentDigits, readDecimal } from './decimal-input.mjs';
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
 * One labelled field. spec: { name (dotted body path), zh, en, kind: text|money|decimal|date|int|select|textarea,
 * options: [[value, label]], hint, placeholder, optional }. A decimal (rate, price, line) is sent as
 * the typed string; `percent: 'fraction'` reads "6%" as "0.06". `when: [{ field, in: [values] }]` shows
 * the field only while every named field holds one of its values (see linkConditions), and
 * `requiredFor: { field, in }` makes it required while that field holds one of them.
 * Returns the wrapper element; its input is `.input`.
 */
export function field(spec) {
  const id = `f${++ids}-${spec.name.replace(/\W/g, '-')}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const hasHint = Boolean(spec.hint) || spec.kind === 'money' || (spec.kind === 'decimal' && spec.percent === 'fraction');
  const describedBy = [hasHint ? hintId : null, errorId].filter(Boolean).join(' ');
  const common = { id, name: spec.name, 'aria-describedby': describedBy, dataset: { field: spec.name } };
  let input;
  if (spec.kind === 'select') {
    input = h('select', common, (spec.options ?? []).map(([value, label]) => h('option', { value }, label)));
  } else if (spec.kind === 'textarea') {
    input = h('textarea', { ...common, rows: 3 });
  } else {
    const type = spec.kind === 'date' ? 'date' : 'text';
    const inputmode = spec.kind === 'money' || spec.kind === 'decimal' ? 'decimal' : spec.kind === 'int' ? 'numeric' : undefined;
    input = h('input', { ...common, type, inputmode, autocomplete: 'off', placeholder: spec.placeholder });
  }
  const hint = h('p', { class: 'hint', id: hintId }, spec.hint ?? '');
  const error = h('p', { class: 'field-error', id: errorId, dataset: { errorFor: spec.name } });
  const extras = spec.kind === 'money' ? moneyHelpers(input, hint, spec.hint) : null;
  if (spec.kind === 'decimal' && spec.percent === 'fraction') rateHelper(input, hint, spec.hint ?? '');
  const optional = spec.optional || spec.requiredFor ? h('span', { class: 'optional' }, ' 可选 optional') : null;
  const wrapper = h(
    'div',
    { class: `field field-${spec.kind ?? 'text'}`, dataset: { name: spec.name } },
    h('label', { for: id }, bi(spec.zh, spec.en), optional),
    h('div', { class: 'field-row' }, input, extras),
    hasHint ? hint : null,
    error,
  );
  // A corrected field drops its old message; the next submission checks it again.
  input.addEventListener('input', () => {
    fill(error);
    input.removeAttribute('aria-invalid');
  });
  wrapper.input = input;
  wrapper.spec = spec;
  wrapper.error = error;
  wrapper.optionalMark = optional;
  return wrapper;
}

/** A line under a rate saying the percentage it is, exactly ("0.0625" = 6.25%). */
function rateHelper(input, hint, text) {
  const show = () => {
    const read = readDecimal(input.value, { percent: 'fraction' });
    if (input.value.trim() === '' || !read.ok) fill(hint, text);
    else fill(hint, `= ${percent(read.value, percentDigits(read.value))}${text ? `；${text}` : ''}`);
  };
  input.addEventListener('input', show);
}

const valueOf = (fields, name) => fields.find((f) => f.spec.name === name)?.input.value ?? '';
const holds = (fields, condition) => condition.in.includes(valueOf(fields, condition.field));

/** Whether the field is required now: by its `requiredFor`, from the value of the field it names. */
function requiredNow(f, fields) {
  return f.spec.requiredFor ? holds(fields, f.spec.requiredFor) : false;
}

/**
 * Shows each field whose `when` holds and hides the others (a hidden field is not read into the
 * body), and marks a `requiredFor` field optional or not, whenever a field they name changes.
 * Returns the refresh, for a caller that sets a value itself.
 */
export function linkConditions(fields) {
  const refresh = () => {
    for (const f of fields) {
      if (f.spec.when) f.hidden = !f.spec.when.every((c) => holds(fields, c));
      if (f.spec.requiredFor && f.optionalMark) f.optionalMark.hidden = requiredNow(f, fields);
    }
  };
  const names = new Set(fields.flatMap((f) => [...(f.spec.when ?? []).map((c) => c.field), f.spec.requiredFor?.field]).filter(Boolean));
  for (const f of fields) if (names.has(f.spec.name)) f.input.addEventListener('change', refresh);
  refresh();
  return refresh;
}

/**
 * 万/亿 buttons and a live line saying what the typed amount is, exactly. The two buttons are one
 * tab stop (a toolbar: ← and → move between them), so a form with an amount keeps a short tab order.
 */
function moneyHelpers(input, hint, text) {
  const show = () => {
    const parsed = parseYuan(input.value);
    if (input.value.trim() === '') fill(hint, text ?? '可输入 3000万、1.5亿 Type 3000万 or 1.5亿');
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
        tabindex: u === '万' ? '0' : '-1',
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
  const buttons = [unit('万', 'ten thousand'), unit('亿', 'hundred million')];
  const toolbar = h('div', { class: 'units', role: 'toolbar', 'aria-label': '单位 Unit (← →)' }, buttons);
  toolbar.addEventListener('keydown', (event) => {
    if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
    event.preventDefault();
    const next = buttons[event.key === 'ArrowLeft' || event.key === 'Home' ? 0 : 1];
    for (const b of buttons) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  return toolbar;
}

function setPath(body, dotted, value) {
  const keys = dotted.split('.');
  let at = body;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys.at(-1)] = value;
}

/**
 * The body the fields make, and the errors found reading them (an amount that is not one, a field
 * its instrument requires left empty). Empty and hidden fields are left out, so the schema's
 * `required` names them.
 */
export function readFields(fields) {
  const body = {};
  const errors = [];
  for (const f of fields) {
    if (f.hidden) continue;
    const raw = f.input.value.trim();
    if (raw === '') {
      if (requiredNow(f, fields)) errors.push({ field: f.spec.name, message: `is required for ${valueOf(fields, f.spec.requiredFor.field)}` });
      continue;
    }
    const kind = f.spec.kind;
    if (kind === 'money') {
      // A signed field (net profit) takes a minus sign in front of an amount typed as usual.
      const negative = f.spec.signed && raw.startsWith('-');
      const parsed = parseYuan(negative ? raw.slice(1) : raw);
      if (parsed.ok) setPath(body, f.spec.name, negative && parsed.fen !== 0n ? `-${parsed.yuan}` : parsed.yuan);
      else errors.push({ field: f.spec.name, message: parsed.message });
    } else if (kind === 'decimal') {
      const read = readDecimal(raw, { percent: f.spec.percent });
      if (read.ok) setPath(body, f.spec.name, read.value);
      else errors.push({ field: f.spec.name, message: read.message });
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
  SELLING_LIMIT_EXCEEDED: 'shares',
  OBLIGATION_NOT_SETTLABLE: 'obligation',
  INSTRUMENT_FORBIDDEN: 'instrument',
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
  const message = `${problemText(error)}${problem.code ? ` [${problem.code}]` : ''}`;
  return [{ field: FIELD_OF_CODE[problem.code] ?? '', message: problem.code === 'SELLING_LIMIT_EXCEEDED' ? `${message} ${sellingLimitText(problem)}` : message }];
}

/** A selling-limit refusal's figures, as the API gives them: what may be sold, until when it is locked, over which window. */
function sellingLimitText(p) {
  const parts = [
    p.sellable === null || p.sellable === undefined ? null : `可减持 sellable ${p.sellable} 股 shares`,
    p.lockupEndsOn ? `限售期至 locked until ${p.lockupEndsOn}` : null,
    p.windowFrom && p.windowTo ? `窗口 window ${p.windowFrom} – ${p.windowTo}` : null,
  ].filter(Boolean);
  return parts.length ? `（${parts.join('；')}）` : '';
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
