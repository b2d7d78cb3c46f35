// 日记账 Journal: entries filtered by fund and dates (oldest first, a page at a time), and one
// entry's view: its lines, its hash chained to the one before, and the links of a reversal.
import { ApiError, getJson, problemText } from './api.mjs';
import { bi, fill, h, money, table } from './dom.mjs';
import { can } from './roles.mjs';

const PAGE = 50;

function entryView(entry, ctx, open) {
  const link = (id) => (id ? h('button', { type: 'button', class: 'link', dataset: { entryLink: id }, on: { click: () => open(id) } }, `#${id}`) : '—');
  return h(
    'article',
    { class: 'card entry', dataset: { entry: entry.id } },
    h('h3', { id: 'entry-title', tabindex: '-1' }, bi('分录', 'Entry'), ` #${entry.id} · ${entry.date} · ${entry.type}`),
    h('p', {}, entry.memo ?? ''),
    h(
      'dl',
      { class: 'entry-meta' },
      h('dt', {}, bi('记录人', 'Actor')), h('dd', {}, entry.actor ?? '—'),
      h('dt', {}, bi('记录时间', 'Recorded at')), h('dd', {}, entry.recordedAt ?? '—'),
      h('dt', {}, bi('冲销了', 'Reverses')), h('dd', { dataset: { field: 'reverses' } }, link(entry.reverses)),
      h('dt', {}, bi('被冲销于', 'Reversed by')), h('dd', { dataset: { field: 'reversedBy' } }, link(entry.reversedBy)),
      h('dt', {}, bi('哈希', 'Hash')), h('dd', {}, h('code', { class: 'hash', dataset: { field: 'hash' } }, entry.hash)),
      h('dt', {}, bi('前一哈希', 'Previous hash')), h('dd', {}, h('code', { class: 'hash' }, entry.prevHash ?? '—')),
    ),
    table(
      'data entry-lines',
      ['科目 Account', '基金 Fund', '借方 Debit', '贷方 Credit'],
      entry.lines.map((l) =>
        h('tr', {}, h('td', { class: 'account' }, l.account), h('td', {}, l.fund), h('td', { class: 'num', dataset: { field: 'debit', value: l.debit } }, money(l.debit)), h('td', { class: 'num', dataset: { field: 'credit', value: l.credit } }, money(l.credit))),
      ),
    ),
    can(ctx.role, 'book') && !entry.reversedBy && !entry.reverses
      ? h('p', {}, h('button', { type: 'button', class: 'reverse', on: { click: () => ctx.reverse(entry.id) } }, '冲销此分录 ', h('span', { class: 'en' }, 'Reverse this entry')))
      : null,
  );
}

export function journalView(ctx) {
  const fund = h('select', { id: 'journal-fund', name: 'fund' }, h('option', { value: '' }, '全部 all funds'));
  const from = h('input', { type: 'date', id: 'journal-from', name: 'from' });
  const to = h('input', { type: 'date', id: 'journal-to', name: 'to' });
  const body = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, '更多 ', h('span', { class: 'en' }, 'More'));
  const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const detail = h('div', { class: 'entry-detail' });
  let cursor = null;

  getJson('funds').then((b) => fund.append(...b.funds.map((f) => h('option', { value: f.code }, `${f.code} ${f.name}`))), () => undefined);

  const open = async (id) => {
    fill(detail, h('p', { class: 'loading' }, '加载中 Loading…'));
    try {
      fill(detail, entryView(await getJson(`journal/${encodeURIComponent(id)}`), ctx, open));
      detail.querySelector('#entry-title')?.focus();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
      fill(detail, h('p', { class: 'error', role: 'alert' }, `无法加载分录 Could not load entry ${id}: ${problemText(error)}`));
    }
  };

  const load = async (append) => {
    if (!append) {
      fill(body);
      cursor = null;
    }
    fill(status, '加载中 Loading…');
    try {
      const page = await getJson('journal', { fund: fund.value, from: from.value, to: to.value, cursor, limit: PAGE });
      body.append(
        ...page.entries.map((e) =>
          h(
            'tr',
            { dataset: { entry: e.id } },
            h('td', {}, h('button', { type: 'button', class: 'link', 'aria-label': `分录 entry ${e.id}`, on: { click: () => open(e.id) } }, `#${e.id}`)),
            h('td', {}, e.date),
            h('td', {}, e.type),
            h('td', {}, e.memo ?? ''),
            h('td', {}, e.reversedBy ? `已冲销 reversed by #${e.reversedBy}` : e.reverses ? `冲销 reverses #${e.reverses}` : ''),
          ),
        ),
      );
      cursor = page.nextCursor;
      more.hidden = !cursor;
      fill(status, `${body.children.length} 条分录 entries`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
      fill(status, h('span', { class: 'error' }, problemText(error)));
    }
  };
  more.addEventListener('click', () => load(true));
  const filters = h(
    'form',
    { class: 'journal-filters', novalidate: true, on: { submit: (e) => (e.preventDefault(), load(false)) } },
    h('label', { for: fund.id }, bi('基金', 'Fund')), fund,
    h('label', { for: from.id }, bi('起', 'From')), from,
    h('label', { for: to.id }, bi('止', 'To')), to,
    h('button', { type: 'submit' }, '筛选 ', h('span', { class: 'en' }, 'Filter')),
  );
  void load(false);
  const root = h('div', { class: 'journal-view' }, filters, status, h('div', { class: 'table-scroll' }, table('data journal', ['编号 Id', '日期 Date', '类型 Type', '摘要 Memo', '冲销 Reversal'], body)), more, detail);
  root.showEntry = open;
  return root;
}
