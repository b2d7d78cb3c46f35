// The programme: G against its 60亿 target, S against 248亿, committed and paid-in; the leverage multiples.
import { bar, bi, h, money, table } from './dom.mjs';
import { exactYuan, moneyRatio, multiple, percent, ratioOf, readableYuan } from './format.mjs';

function capitalRow(labelZh, labelEn, amount, target, field) {
  const fraction = moneyRatio(amount, target);
  return h(
    'div',
    { class: 'capital-row' },
    h('div', { class: 'capital-label' }, bi(labelZh, labelEn)),
    h('div', { class: 'capital-figure' }, money(amount, field), h('span', { class: 'of' }, ` / ${readableYuan(target)}`), h('span', { class: 'pct' }, percent(fraction, 1))),
    bar(fraction, { label: `${labelZh} ${labelEn}`, kind: field.endsWith('PaidIn') ? 'paid' : 'committed', title: `${exactYuan(amount)} / ${exactYuan(target)}` }),
  );
}

function capitalCard(titleZh, titleEn, letter, committed, paidIn, target, prefix, split) {
  return h(
    'article',
    { class: 'card capital-card' },
    h('h3', {}, h('span', { class: 'letter' }, letter), ' ', bi(titleZh, titleEn)),
    h('p', { class: 'target' }, '目标 Target ', money(target, `${prefix}CapitalTarget`)),
    capitalRow('认缴', 'Committed', committed, target, `${prefix}Committed`),
    capitalRow('实缴', 'Paid-in', paidIn, target, `${prefix}PaidIn`),
    split ?? null,
  );
}

/**
 * G is reported whole and split: only the member-fund part counts against the 60亿 target, and
 * money a government-side investor puts straight into a sub-fund is shown beside it.
 */
function governmentSplit(lev) {
  if (lev.governmentInMemberFunds === undefined) return null;
  return h(
    'dl',
    { class: 'capital-split' },
    h('dt', {}, bi('其中 成员基金', 'in member funds')),
    h('dd', {}, money(lev.governmentInMemberFunds, 'governmentInMemberFunds')),
    h('dt', {}, bi('子基金直接出资', 'direct in sub-funds')),
    h('dd', {}, money(lev.governmentDirectInSubfunds, 'governmentDirectInSubfunds')),
  );
}

/** "248亿" for the social target, as the programme states it. */
function targetLabel(amount) {
  return readableYuan(amount).replace(/元$/, '');
}

function leverageCard(lev) {
  const target = lev.targetSocialLeverage ?? moneyRatio(lev.socialCapitalTarget, lev.governmentCapitalTarget);
  const progress = ratioOf(lev.socialLeverage, target);
  const figure = (value, field) => h('span', { class: 'multiple', title: value ?? '', dataset: { field, value: value ?? '' } }, multiple(value));
  return h(
    'article',
    { class: 'card leverage-card' },
    h('h3', {}, bi('放大倍数', 'Leverage')),
    h(
      'div',
      { class: 'leverage-main' },
      h('div', { class: 'leverage-label' }, 'S / G ', h('span', { class: 'en' }, '认缴 committed')),
      h(
        'div',
        { class: 'leverage-figure' },
        figure(lev.socialLeverage, 'socialLeverage'),
        h('span', { class: 'of' }, ` 目标 target ${multiple(target)}`),
        h('span', { class: 'pct' }, percent(progress, 1)),
      ),
      bar(progress, { label: 'S/G 对目标 against target', kind: 'leverage' }),
    ),
    h(
      'dl',
      { class: 'leverage-list' },
      h('dt', {}, '(G + S) / G ', h('span', { class: 'en' }, '认缴 committed')),
      h('dd', {}, figure(lev.totalLeverage, 'totalLeverage')),
      h('dt', {}, 'S / G ', h('span', { class: 'en' }, '实缴 paid-in')),
      h('dd', {}, figure(lev.socialLeveragePaidIn, 'socialLeveragePaidIn')),
      h('dt', {}, '(G + S) / G ', h('span', { class: 'en' }, '实缴 paid-in')),
      h('dd', {}, figure(lev.totalLeveragePaidIn, 'totalLeveragePaidIn')),
      h('dt', {}, `S / ${targetLabel(lev.socialCapitalTarget)} `, h('span', { class: 'en' }, 'social target progress')),
      h('dd', {}, h('span', { dataset: { field: 'socialTargetProgress', value: lev.socialTargetProgress ?? '' } }, percent(lev.socialTargetProgress, 1))),
    ),
  );
}

function subfundTable(subfunds, fundNames) {
  if (!subfunds?.length) return h('p', { class: 'empty' }, '暂无子基金认缴。No sub-fund commitments yet.');
  return table(
    'data subfund-multipliers',
    [bi('子基金', 'Sub-fund'), bi('总认缴', 'Total committed'), bi('母基金认缴', 'Parent committed'), bi('政府方认缴', 'Government side'), bi('子基金放大倍数', 'Multiplier')].map((c) => h('th', { scope: 'col' }, c)),
    subfunds.map((s) =>
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, fundNames.get(s.fund) ?? s.fund, ' ', h('span', { class: 'code' }, s.fund)),
        h('td', { class: 'num' }, money(s.totalCommitted)),
        h('td', { class: 'num' }, money(s.parentCommitted)),
        h('td', { class: 'num' }, money(s.governmentSideCommitted ?? s.parentCommitted)),
        h('td', { class: 'num' }, h('span', { title: s.multiplier ?? '' }, multiple(s.multiplier))),
      ),
    ),
  );
}

const DEFINITION_TERMS = [
  ['governmentCommitted', 'G 政府出资'],
  ['governmentSplit', 'G 成员基金 / 直投子基金'],
  ['socialCommitted', 'S 社会资本'],
  ['everyCommitmentOnce', 'G ∪ S'],
  ['socialLeverage', 'S / G'],
  ['totalLeverage', '(G + S) / G'],
  ['socialTargetProgress', 'S / 社会资本目标 target'],
  ['subfundMultiplier', '子基金放大倍数'],
  ['paidInBasis', '实缴口径 Paid-in basis'],
];

function definitionList(definitions = {}) {
  const known = new Set(DEFINITION_TERMS.map(([key]) => key));
  const terms = [...DEFINITION_TERMS, ...Object.keys(definitions).filter((k) => !known.has(k)).map((k) => [k, k])];
  return h(
    'details',
    { class: 'definitions', open: true },
    h('summary', {}, bi('口径说明', 'Definitions')),
    h('dl', {}, terms.filter(([key]) => definitions[key]).map(([key, term]) => [h('dt', {}, term), h('dd', {}, definitions[key])])),
  );
}

/** Renders one programme's leverage figures. */
export function programmeView(programme, lev, fundNames) {
  return h(
    'div',
    { class: 'programme', dataset: { programme: programme.code } },
    h('p', { class: 'programme-name' }, programme.name, ' ', h('span', { class: 'code' }, programme.code), lev.asOf ? ` · 截至 as of ${lev.asOf}` : ' · 最新 latest'),
    h(
      'div',
      { class: 'cards' },
      capitalCard('政府出资', 'Government capital', 'G', lev.governmentCommitted, lev.governmentPaidIn, lev.governmentCapitalTarget, 'government', governmentSplit(lev)),
      capitalCard('社会资本', 'Social capital', 'S', lev.socialCommitted, lev.socialPaidIn, lev.socialCapitalTarget, 'social'),
      leverageCard(lev),
    ),
    h('h3', { class: 'subhead' }, bi('子基金放大倍数', 'Sub-fund multipliers')),
    subfundTable(lev.subfunds, fundNames),
    definitionList(lev.definitions),
  );
}
