// Pledge level changes: new ones (since the last load, or from the last day) first, then the rest, newest first.
import { bi, h } from './dom.mjs';
import { LEVELS, label, price } from './format.mjs';
import { levelBadge } from './watchlist-view.mjs';

/** How far back an alert counts as new on the first load of the page: one day's price run. */
const NEW_FOR_MS = 24 * 60 * 60 * 1000;

/**
 * What this page has already shown. Kept in memory only: the dashboard stores nothing in the
 * browser but the session token, so a new tab starts from the last day's alerts.
 */
export function newTracker(now = () => Date.now()) {
  let seenId = 0;
  return {
    /** The cut for this render; then everything in `alerts` counts as seen. */
    take(alerts) {
      const cut = { seenId, since: new Date(now() - NEW_FOR_MS).toISOString() };
      seenId = alerts.reduce((max, a) => (a.id > max ? a.id : max), seenId);
      return cut;
    },
  };
}

/** New alerts (after the cut: above the id seen and recorded since `since`) first, then the others; newest first within each. */
export function orderAlerts(alerts, cut) {
  const isNew = (a) => a.id > cut.seenId && a.occurredAt >= cut.since;
  const byNewest = (a, b) => b.id - a.id;
  const fresh = alerts.filter(isNew).sort(byNewest);
  const old = alerts.filter((a) => !isNew(a)).sort(byNewest);
  return [...fresh.map((a) => ({ ...a, isNew: true })), ...old.map((a) => ({ ...a, isNew: false }))];
}

function alertItem(alert) {
  const worse = (LEVELS[alert.toLevel]?.rank ?? 0) > (LEVELS[alert.fromLevel]?.rank ?? 0);
  return h(
    'li',
    { class: `alert ${worse ? 'worse' : 'better'}${alert.isNew ? ' new' : ''}`, dataset: { alertId: String(alert.id), stockCode: alert.stockCode, new: String(alert.isNew) } },
    alert.isNew ? h('span', { class: 'tag new' }, '新 new') : null,
    h('span', { class: 'name' }, alert.companyName),
    ' ',
    h('span', { class: 'code' }, alert.stockCode),
    ' ',
    levelBadge(alert.fromLevel),
    worse ? ' ▲ ' : ' ▼ ',
    levelBadge(alert.toLevel),
    h(
      'div',
      { class: 'sub', title: label(LEVELS, alert.toLevel) },
      `${price(alert.close)} · ${alert.priceDate} · ${alert.occurredAt.slice(0, 16).replace('T', ' ')} UTC · ${alert.actor} · ${alert.cause}`,
    ),
  );
}

/** Renders the alert list; `cut` (from newTracker) tells which are new. */
export function alertsView(alerts, cut) {
  if (!alerts.length) return h('p', { class: 'empty alerts' }, '暂无等级变化。No level changes yet.');
  return h(
    'div',
    { class: 'alerts-block' },
    h('h3', {}, bi('等级变化提醒', 'Level-change alerts')),
    h('ul', { class: 'alerts' }, orderAlerts(alerts, cut).map(alertItem)),
  );
}
