// The fund tree: member funds, each followed by its sub-funds, with the capital figures as bars
// against the fund's target size.
import { bar, bi, h, money, table } from './dom.mjs';
import { FUND_STATUSES, FUND_TYPES, label, moneyRatio, percent } from './format.mjs';

const COLUMNS = [
  ['committed', '认缴', 'Committed'],
  ['called', '已催缴', 'Called'],
  ['paidIn', '实缴', 'Paid-in'],
  ['invested', '已投资', 'Invested'],
  ['cash', '现金', 'Cash'],
];

/** Member funds in API order, each followed by its sub-funds; orphans (parent not listed) last. */
export function treeOrder(funds) {
  const codes = new Set(funds.map((f) => f.code));
  const children = new Map();
  for (const f of funds) {
    if (f.parent && codes.has(f.parent)) children.set(f.parent, [...(children.get(f.parent) ?? []), f]);
  }
  const ordered = [];
  const visit = (fund, depth) => {
    ordered.push({ fund, depth });
    for (const child of children.get(fund.code) ?? []) visit(child, depth + 1);
  };
  for (const f of funds) if (!f.parent || !codes.has(f.parent)) visit(f, 0);
  return ordered;
}

function figureCell(fund, key, zh, en) {
  const fraction = moneyRatio(fund[key], fund.targetSize);
  const pct = fraction === null ? '' : percent(fraction, 1);
  return h(
    'td',
    { class: `figure ${key}`, dataset: { field: key, value: fund[key] ?? '' } },
    h('div', { class: 'figure-text' }, money(fund[key]), h('span', { class: 'pct' }, pct)),
    fund.targetSize ? bar(fraction, { label: `${fund.code} ${zh} ${en} / 目标规模 target size`, kind: key }) : null,
  );
}

function fundRow({ fund, depth }, onOpen) {
  const type = fund.type ? h('span', { class: `tag type-${fund.type}` }, label(FUND_TYPES, fund.type)) : null;
  const status = fund.status !== 'active' ? h('span', { class: `tag status-${fund.status}` }, label(FUND_STATUSES, fund.status)) : null;
  return h(
    'tr',
    { class: depth ? 'subfund' : 'member', dataset: { fund: fund.code } },
    h(
      'th',
      { scope: 'row', class: `fund-name depth-${Math.min(depth, 3)}` },
      depth ? h('span', { class: 'branch', 'aria-hidden': 'true' }, '└ ') : null,
      h('span', { class: 'name' }, fund.name),
      h(
        'div',
        { class: 'fund-meta' },
        onOpen
          ? h('button', { type: 'button', class: 'code link', 'aria-label': `打开基金页 Open the fund page: ${fund.code}`, on: { click: () => onOpen(fund.code) } }, fund.code)
          : h('span', { class: 'code' }, fund.code),
        type,
        status,
      ),
    ),
    h(
      'td',
      { class: 'figure target', dataset: { field: 'targetSize', value: fund.targetSize ?? '' } },
      fund.targetSize ? money(fund.targetSize) : h('span', { class: 'empty' }, '未定 not set'),
    ),
    COLUMNS.map(([key, zh, en]) => figureCell(fund, key, zh, en)),
    h('td', { class: 'figure nav', dataset: { field: 'nav', value: fund.nav ?? '' } }, money(fund.nav)),
  );
}

/** Renders the fund table; `onOpen(code)` opens a fund's page from its code. */
export function fundTreeView(funds, { onOpen } = {}) {
  if (!funds.length) return h('p', { class: 'empty' }, '暂无基金。No funds yet.');
  const head = [
    h('th', { scope: 'col' }, bi('基金', 'Fund')),
    h('th', { scope: 'col' }, bi('目标规模', 'Target size')),
    ...COLUMNS.map(([, zh, en]) => h('th', { scope: 'col' }, bi(zh, en))),
    h('th', { scope: 'col' }, bi('净值', 'NAV')),
  ];
  return h('div', { class: 'table-scroll' }, table('data fund-tree', head, treeOrder(funds).map((row) => fundRow(row, onOpen))));
}
