// Each fund's terms (基金条款, docs/fund-terms.md): the version in force today with every rate as the
// API states it, and the version history. Rates are decimal strings turned into percentages exactly.
import { getJson } from './api.mjs';
import { bi, h, table } from './dom.mjs';
import { percent } from './format.mjs';

/** A rate as a percentage keeping every decimal the API sent: "0.0200" -> "2.00%", "0.000125" -> "0.0125%". */
export function ratePercent(rate) {
  if (rate === null || rate === undefined) return '—';
  const decimals = (String(rate).split('.')[1] ?? '').length;
  return percent(rate, Math.max(2, decimals - 2));
}

/** The history of every fund's terms, one request per fund, in the order of `funds`. */
export async function loadFundTerms(funds, token) {
  return Promise.all(
    funds.map(async (fund) => ({ fund, history: await getJson(`funds/${encodeURIComponent(fund.code)}/terms/versions`, {}, token) })),
  );
}

const none = () => h('span', { class: 'empty' }, '无 none');

/** [field key, 中文, English (the label's tooltip), value of a version] for each row of the in-force card. */
const FIELDS = [
  ['effectiveFrom', '生效日期', 'effective from', (t) => h('span', { class: 'date' }, t.effectiveFrom)],
  ['manager', '基金管理人', 'manager', (t) => h('span', { class: 'code' }, t.manager)],
  ['investmentPeriodEnd', '投资期截止', 'investment period end', (t) => h('span', { class: 'date' }, t.investmentPeriodEnd)],
  [
    'managementFee.investmentPeriodRate',
    '投资期管理费率',
    'fee rate in the investment period',
    (t) => [ratePercent(t.managementFee.investmentPeriodRate), ' / 年 ', h('span', { class: 'sub' }, '按认缴出资 on fee-paying commitments')],
  ],
  [
    'managementFee.postPeriodRate',
    '投资期后管理费率',
    'fee rate after it',
    (t) => [ratePercent(t.managementFee.postPeriodRate), ' / 年 ', h('span', { class: 'sub' }, '按未退出投资成本 on net invested cost')],
  ],
  [
    'managementFee.exempt',
    '免收管理费出资人',
    'fee-exempt investors',
    (t) => (t.managementFee.exempt?.length ? t.managementFee.exempt.map((code) => h('span', { class: 'code exempt' }, code)) : none()),
  ],
  ['hurdleRate', '门槛收益率', 'hurdle (preferred return)', (t) => [ratePercent(t.hurdleRate), ' / 年 ', h('span', { class: 'sub' }, '单利 simple, act/365')]],
  ['catchUp', '追补比例', 'catch-up', (t) => ratePercent(t.catchUp)],
  ['carry', '附带收益比例', 'carried interest', (t) => ratePercent(t.carry)],
  [
    'governmentProfitShare.cededFraction',
    '政府让利比例',
    'government profit share (让利) ceded',
    (t) => (t.governmentProfitShare ? [ratePercent(t.governmentProfitShare.cededFraction), ' ', h('span', { class: 'sub' }, '政府出资人超额收益让与社会出资人 of government-class profit, to social-class investors')] : none()),
  ],
  ['lateInterestRate', '逾期违约金率', 'late interest', (t) => (t.lateInterestRate ? [ratePercent(t.lateInterestRate), ' / 日 per day'] : none())],
  ['equalisationRate', '后续募集补偿利率', 'equalisation interest', (t) => [ratePercent(t.equalisationRate), ' / 年']],
];

/** The raw value of a dotted key, as the API sent it, for the cell's data-value. */
function rawValue(terms, key) {
  const value = key.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), terms);
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(',') : String(value);
}

function inForceCard(terms) {
  return h(
    'table',
    { class: 'data terms-in-force' },
    h(
      'tbody',
      {},
      FIELDS.map(([key, zh, en, render]) =>
        h('tr', {}, h('th', { scope: 'row', title: en }, bi(zh, key)), h('td', { dataset: { field: key, value: rawValue(terms, key) } }, render(terms))),
      ),
    ),
  );
}

function versionRow(v, history) {
  const current = v.version === history.inForce;
  const pending = v.effectiveFrom > history.asOf;
  return h(
    'tr',
    { class: current ? 'in-force' : undefined, dataset: { version: String(v.version) } },
    h('th', { scope: 'row' }, `v${v.version}`, current ? h('span', { class: 'tag in-force' }, '现行 in force') : null, pending ? h('span', { class: 'tag pending' }, '待生效 pending') : null),
    h('td', { class: 'date' }, v.effectiveFrom),
    h('td', {}, `${ratePercent(v.managementFee.investmentPeriodRate)} / ${ratePercent(v.managementFee.postPeriodRate)}`),
    h('td', {}, ratePercent(v.hurdleRate)),
    h('td', {}, ratePercent(v.carry)),
    h('td', {}, v.governmentProfitShare ? ratePercent(v.governmentProfitShare.cededFraction) : '—'),
    h('td', { class: 'date' }, String(v.recordedAt).slice(0, 10)),
    h('td', {}, v.actor),
  );
}

function historyTable(history) {
  const head = [
    bi('版本', 'version'),
    bi('生效日期', 'effectiveFrom'),
    bi('管理费率 投资期/之后', 'fee rates'),
    bi('门槛', 'hurdleRate'),
    bi('附带收益', 'carry'),
    bi('让利', 'cededFraction'),
    bi('录入日期', 'recordedAt'),
    bi('录入人', 'actor'),
  ].map((cell) => h('th', { scope: 'col' }, cell));
  return h('div', { class: 'table-scroll' }, table('data terms-history', head, [...history.versions].reverse().map((v) => versionRow(v, history))));
}

function fundTerms({ fund, history }) {
  const current = history.versions.find((v) => v.version === history.inForce);
  return h(
    'section',
    { class: 'fund-terms', dataset: { fund: fund.code } },
    h('h3', {}, fund.name, ' ', h('span', { class: 'code' }, fund.code)),
    current
      ? [h('p', { class: 'sub' }, `现行第 ${current.version} 版，自 ${current.effectiveFrom} 起生效 · version ${current.version} in force since ${current.effectiveFrom}`), inForceCard(current)]
      : h('p', { class: 'empty' }, '今日无生效条款 no version in force today'),
    h('h4', {}, bi('版本记录', 'Version history')),
    historyTable(history),
  );
}

/** Renders the terms of every fund that has any; the others are named in one line. */
export function termsView(entries) {
  const withTerms = entries.filter((e) => e.history.versions.length > 0);
  const without = entries.filter((e) => e.history.versions.length === 0);
  return [
    withTerms.length ? withTerms.map(fundTerms) : h('p', { class: 'empty' }, '暂无基金设定条款。No fund has terms yet.'),
    without.length
      ? h('p', { class: 'sub terms-none' }, '未设条款 no terms: ', without.map((e, i) => [i ? '、' : '', h('span', { class: 'code', dataset: { fund: e.fund.code } }, e.fund.code)]))
      : null,
  ];
}
