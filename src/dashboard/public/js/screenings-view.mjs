// The latest screenings, newest first, with decision, route and the criteria that did not pass.
import { bi, h, table } from './dom.mjs';
import { DECISIONS, ROUTES, label } from './format.mjs';
import { levelBadge } from './watchlist-view.mjs';

/** Newest first by screening date, then by id. */
export function newestFirst(screenings, count) {
  return [...screenings].sort((a, b) => b.screenedOn.localeCompare(a.screenedOn) || b.id - a.id).slice(0, count);
}

function issues(criteria = []) {
  const notPassed = criteria.filter((c) => c.outcome !== 'pass');
  if (!notPassed.length) return h('span', { class: 'ok' }, '全部通过 all passed');
  return h(
    'ul',
    { class: 'issues' },
    notPassed.map((c) => h('li', { class: `outcome-${c.outcome}`, title: c.reason?.en ?? '' }, c.outcome === 'fail' ? '✕ ' : '? ', c.reason?.zh ?? c.id)),
  );
}

function routeCell(s) {
  const now = s.current?.route;
  return h(
    'td',
    { dataset: { field: 'route', value: s.route ?? '' } },
    s.route ? label(ROUTES, s.route) : h('span', { class: 'empty' }, '—'),
    now !== undefined && now !== s.route ? h('div', { class: 'sub' }, `现 now: ${now ? label(ROUTES, now) : '—'}`) : null,
  );
}

function screeningRow(s) {
  return h(
    'tr',
    { dataset: { screening: String(s.id), stockCode: s.stockCode } },
    h('td', { class: 'date' }, s.screenedOn),
    h('th', { scope: 'row' }, h('span', { class: 'name' }, s.companyName), ' ', h('span', { class: 'code' }, s.stockCode)),
    h('td', { dataset: { field: 'decision', value: s.decision } }, h('span', { class: `decision decision-${s.decision}` }, label(DECISIONS, s.decision))),
    routeCell(s),
    h('td', {}, levelBadge(s.current?.pledgeLevel ?? s.pledgeRisk?.level)),
    h('td', {}, issues(s.criteria)),
    h('td', { class: 'num' }, `v${s.rulesetVersion}`),
  );
}

/** Renders the latest `count` screenings. */
export function screeningsView(screenings, count = 10) {
  if (!screenings.length) return h('p', { class: 'empty' }, '暂无筛查记录。No screenings yet.');
  const head = [
    bi('筛查日期', 'Date'),
    bi('公司', 'Company'),
    bi('结论', 'Decision'),
    bi('路径', 'Route'),
    bi('当前质押级别', 'Pledge level now'),
    bi('未通过 / 待复核', 'Failed / review'),
    bi('规则', 'Rules'),
  ].map((c) => h('th', { scope: 'col' }, c));
  const shown = newestFirst(screenings, count);
  return h(
    'div',
    { class: 'table-scroll' },
    table('data screenings', head, shown.map(screeningRow)),
    screenings.length > shown.length ? h('p', { class: 'hint' }, `共 ${screenings.length} 条，显示最近 ${shown.length} 条。Showing the latest ${shown.length} of ${screenings.length}.`) : null,
  );
}
