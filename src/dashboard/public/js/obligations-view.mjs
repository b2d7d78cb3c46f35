// Post-investment obligations (投后义务) due within the alert window or overdue, soonest first,
// as GET /obligation-alerts answers them: figures and dates exactly as the API gives them.
import { bi, h } from './dom.mjs';

const KINDS = { buyback: '回购 buyback', performance_commitment: '业绩承诺 performance commitment', covenant: '承诺事项 covenant' };
const STATUSES = { overdue: '已逾期 overdue', due_soon: '即将到期 due soon' };

function obligationItem(o) {
  const days = o.daysUntilDue < 0 ? `逾期 ${-o.daysUntilDue} 天 days overdue` : `${o.daysUntilDue} 天后到期 days to go`;
  return h(
    'li',
    { class: `obligation ${o.status}`, 'data-obligation': String(o.id) },
    h('span', { class: `badge ${o.status === 'overdue' ? 'critical' : 'warning'}` }, STATUSES[o.status] ?? o.status),
    ' ',
    h('span', { class: 'name' }, KINDS[o.kind] ?? o.kind),
    ' · ',
    h('span', {}, `${o.fund} · 投资 investment #${o.investment} · ${o.counterparty}`),
    h('div', { class: 'sub' }, `到期 due ${o.dueDate} · ${days}${o.amount ? ` · 金额 amount ${o.amount} 元` : ''}`),
  );
}

/** The alert list of obligations; `alertDays` is the window the service watches. */
export function obligationsView(body) {
  const alerts = body.alerts ?? [];
  const title = h('h3', {}, bi('投后义务提醒', 'Post-investment obligations'), h('span', { class: 'sub' }, ` ${body.alertDays} 天内到期或已逾期 due within ${body.alertDays} days or overdue`));
  if (!alerts.length) return h('div', { class: 'alerts-block' }, title, h('p', { class: 'empty' }, '暂无到期义务。Nothing due.'));
  return h('div', { class: 'alerts-block' }, title, h('ul', { class: 'alerts obligations' }, alerts.map(obligationItem)));
}
