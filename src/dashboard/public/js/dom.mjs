// Builds elements with textContent only (never innerHTML): company names and reasons come from data.
import { barWidth, exactYuan, percent, readableYuan } from './format.mjs';

/**
 * h('td', { class: 'num', title: 'exact' }, 'text', childElement)
 * Attributes: `class`, `dataset` (object), `style` (object), `on` ({ click: fn }), anything else via setAttribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') Object.assign(el.style, value);
    else if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the contents of `el`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** A bilingual label: Chinese, then the English key in a quieter style. */
export function bi(zh, en) {
  return [zh, ' ', h('span', { class: 'en' }, en)];
}

/**
 * A horizontal progress bar for `ratio`, a decimal string (drawn clamped to 0..1 with an exactly
 * computed width; the label says the true value). Screen readers get role="progressbar" with its
 * value in percent, from the exact decimal, and `label` names it.
 */
export function bar(ratio, { label, kind = '', title } = {}) {
  // One decimal, a whole percentage without it ("37.5%", "40%").
  const shown = percent(ratio, 1).replace(/\.0%$/, '%');
  const now = percent(ratio, 1).replace(/%$/, '');
  return h(
    'div',
    {
      class: `bar ${kind}`.trim(),
      role: 'progressbar',
      'aria-label': `${label}: ${shown}`,
      'aria-valuemin': '0',
      'aria-valuemax': '100',
      'aria-valuenow': now === '—' ? undefined : now,
      'aria-valuetext': shown,
      title,
    },
    h('div', { class: 'bar-fill', style: { width: barWidth(ratio) } }),
  );
}

/** A table with a caption-free header row; `head` is a list of header cells (strings or nodes). */
export function table(className, head, rows) {
  return h(
    'table',
    { class: className },
    h('thead', {}, h('tr', {}, head.map((cell) => (cell instanceof Node ? cell : h('th', { scope: 'col' }, cell))))),
    // A caller that fills its rows later passes its own <tbody>; wrapping it in another would nest
    // row groups, which the browser lays out beside the header instead of under it.
    rows instanceof Node && rows.nodeName === 'TBODY' ? rows : h('tbody', {}, rows),
  );
}

/** An amount as readable text (亿元/万元) with the exact figure in its title; `field` marks it for tests. */
export function money(amount, field) {
  const zero = /^-?0+(\.0+)?$/.test(String(amount ?? ''));
  return h(
    'span',
    { class: zero ? 'money zero' : 'money', title: exactYuan(amount), dataset: field ? { field, value: amount ?? '' } : undefined },
    readableYuan(amount),
  );
}
