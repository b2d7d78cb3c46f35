// 基金页 Fund page: one fund's figures over time (charts), its investors' capital accounts, the
// investor documents to download (statements and the notices of each call and distribution), and
// its investments, each opening its detail and position (js/investment-view.mjs).
import { ApiError, apiUrl, getJson, problemText, saveBlob, send, suggestedFileName } from './api.mjs';
import { bi, fill, h, money, table } from './dom.mjs';
import { lineChart } from './charts.mjs';
import { multiple, percent, todayInShanghai } from './format.mjs';
import { netCashFlow, quarterEnds, thin } from './timeline.mjs';
import { investmentsSection } from './investment-view.mjs';

async function inBatches(items, size, work) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}

/** The fund's performance at each quarter end since its first commitment. */
async function history(code, firstDate) {
  const dates = thin(quarterEnds(firstDate, todayInShanghai()), 24);
  const points = await inBatches(dates, 4, async (asOf) => ({ date: asOf, ...(await getJson(`funds/${encodeURIComponent(code)}/performance`, { asOf })) }));
  return points.map((p) => ({ ...p, netCashFlow: netCashFlow(p.distributed, p.paidIn) }));
}

async function download(url, fallbackName, status, onUnauthorized) {
  fill(status, `正在下载 Downloading ${fallbackName} …`);
  try {
    const response = await send('GET', url, { accept: '*/*' });
    const name = suggestedFileName(response) ?? fallbackName;
    saveBlob(await response.blob(), name);
    fill(status, `已下载 Downloaded ${name}`);
  } catch (error) {
    fill(status, h('span', { class: 'error' }, `下载失败 Download failed: ${problemText(error)}`));
    if (error instanceof ApiError && error.status === 401) onUnauthorized?.(error);
  }
}

/** PDF and XLSX buttons; `query` is read at the click (a statement's period may have changed). */
function downloadButtons(pathOf, query, nameOf, status, ctx, labelText) {
  const queryNow = typeof query === 'function' ? query : () => query;
  return ['pdf', 'xlsx'].map((format) =>
    h(
      'button',
      {
        type: 'button',
        class: 'download-doc',
        dataset: { format },
        'aria-label': `${labelText} ${format.toUpperCase()}`,
        on: { click: () => download(apiUrl(pathOf, { ...queryNow(), format }), `${nameOf}.${format}`, status, ctx.onUnauthorized) },
      },
      format.toUpperCase(),
    ),
  );
}

function capitalAccounts(code, performance, status, ctx, period) {
  const rows = performance.investors.map((i) =>
    h(
      'tr',
      { dataset: { investor: i.investor } },
      h('th', { scope: 'row' }, i.investor),
      ['committed', 'called', 'paidIn', 'unfunded', 'receivable', 'distributed', 'fees', 'navShare'].map((key) => h('td', { class: 'num', dataset: { field: key, value: i[key] ?? '' } }, money(i[key]))),
      h('td', { class: 'num', dataset: { field: 'tvpi', value: i.tvpi ?? '' } }, multiple(i.tvpi)),
      h('td', { class: 'num' }, i.irr === null || i.irr === undefined ? '—' : percent(i.irr)),
      h('td', { class: 'docs' }, downloadButtons(`investors/${encodeURIComponent(i.investor)}/statement`, () => ({ fund: code, ...period() }), `statement-${i.investor}-${code}`, status, ctx, `${i.investor} 资本账户报告 statement`)),
    ),
  );
  return table(
    'data capital-accounts',
    ['出资人 Investor', '认缴 Committed', '已催缴 Called', '实缴 Paid-in', '未缴 Unfunded', '应缴未缴 Receivable', '已分配 Distributed', '管理费 Fees', '净值份额 NAV share', 'TVPI', 'IRR', '资本账户报告 Statement'],
    rows,
  );
}

function notices(kind, events, status, ctx) {
  const isCall = kind === 'call';
  const items = events
    .filter((e) => !e.reversed)
    .map((e) =>
      h(
        'li',
        { dataset: { [isCall ? 'call' : 'distribution']: e.id } },
        h('span', {}, `#${e.id} ${e.date} `, money(e.amount)),
        h(
          'ul',
          { class: 'notice-investors' },
          e.allocations.map((a) =>
            h(
              'li',
              {},
              `${a.investor} `,
              money(a.amount),
              ' ',
              downloadButtons(
                `${isCall ? 'capital-calls' : 'distributions'}/${e.id}/notices/${encodeURIComponent(a.investor)}`,
                {},
                `${isCall ? 'call' : 'distribution'}-notice-${e.id}-${a.investor}`,
                status,
                ctx,
                `${a.investor} ${isCall ? '缴款通知书 call notice' : '分配通知书 distribution notice'} #${e.id}`,
              ),
            ),
          ),
        ),
      ),
    );
  return items.length ? h('ul', { class: 'notices' }, items) : h('p', { class: 'empty' }, '暂无 None yet.');
}

async function renderFund(code, funds, el, ctx) {
  const fund = funds.find((f) => f.code === code);
  fill(el, h('p', { class: 'loading' }, '加载中 Loading…'));
  const c = encodeURIComponent(code);
  try {
    const [performance, calls, distributions, commitments] = await Promise.all([
      getJson(`funds/${c}/performance`),
      getJson(`funds/${c}/capital-calls`).then((b) => b.capitalCalls),
      getJson(`funds/${c}/distributions`).then((b) => b.distributions),
      getJson(`funds/${c}/commitments`).then((b) => b.commitments),
    ]);
    const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
    const first = [fund?.inceptionDate, ...commitments.map((x) => x.date)].filter(Boolean).sort()[0];
    const points = first ? await history(code, first) : [];
    // The statement's period: from the fund's first date (or this year's start) to today.
    const today = todayInShanghai();
    const from = h('input', { type: 'date', id: 'statement-from', name: 'statementFrom', value: first ?? `${today.slice(0, 4)}-01-01` });
    const to = h('input', { type: 'date', id: 'statement-to', name: 'statementTo', value: today });
    fill(
      el,
      h('dl', { class: 'fund-figures' }, [
        ['实缴', 'Paid-in', 'paidIn'],
        ['已分配', 'Distributed', 'distributed'],
        ['净值', 'NAV', 'nav'],
      ].map(([zh, en, key]) => [h('dt', {}, bi(zh, en)), h('dd', { dataset: { field: key, value: performance[key] } }, money(performance[key]))]),
      // What partners still owe is shown apart: a deduction from their capital, never part of NAV.
      h('dt', {}, bi('应缴未缴', 'Receivable')), h('dd', { dataset: { field: 'receivable', value: fund?.receivable ?? '' } }, money(fund?.receivable)),
      h('dt', {}, 'TVPI'), h('dd', { dataset: { field: 'tvpi', value: performance.tvpi ?? '' } }, multiple(performance.tvpi)),
      h('dt', {}, 'DPI'), h('dd', { dataset: { field: 'dpi', value: performance.dpi ?? '' } }, multiple(performance.dpi))),
      h(
        'div',
        { class: 'charts' },
        lineChart({ id: 'chart-nav', zh: '净值与总价值倍数', en: 'NAV and TVPI over time', points, series: [{ key: 'nav', zh: '净值', en: 'NAV', kind: 'money' }, { key: 'tvpi', zh: '总价值倍数', en: 'TVPI', kind: 'ratio' }] }),
        lineChart({
          id: 'chart-jcurve',
          zh: '实缴与分配（J 曲线）',
          en: 'Calls against distributions (J-curve)',
          points,
          series: [
            { key: 'paidIn', zh: '累计实缴', en: 'Paid-in', kind: 'money' },
            { key: 'distributed', zh: '累计分配', en: 'Distributed', kind: 'money' },
            { key: 'netCashFlow', zh: '净现金流', en: 'Net cash flow', kind: 'money' },
          ],
        }),
      ),
      h('h3', {}, bi('出资人资本账户', 'Capital accounts')),
      h(
        'p',
        { class: 'statement-period' },
        h('label', { for: 'statement-from' }, bi('报告期自', 'Statement from')), ' ', from, ' ',
        h('label', { for: 'statement-to' }, bi('至', 'to')), ' ', to,
      ),
      h('div', { class: 'table-scroll' }, capitalAccounts(code, performance, status, ctx, () => ({ from: from.value, to: to.value }))),
      h('h3', {}, bi('缴款通知书', 'Capital-call notices')),
      notices('call', calls, status, ctx),
      h('h3', {}, bi('分配通知书', 'Distribution notices')),
      notices('distribution', distributions, status, ctx),
      h('h3', { id: 'fund-investments-title' }, bi('投资与持仓', 'Investments and positions')),
      investmentsSection(code, ctx),
      status,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
    fill(el, h('p', { class: 'error', role: 'alert' }, `无法加载 Could not load: ${problemText(error)}`));
  }
}

/** The fund picker and the page of the chosen fund. */
export function fundPageView(funds, ctx) {
  const select = h('select', { id: 'fund-page-fund', name: 'fund' }, h('option', { value: '' }, '— 选择基金 choose a fund —'), funds.map((f) => h('option', { value: f.code }, `${f.code} ${f.name}`)));
  const body = h('div', { class: 'fund-page-body' });
  const show = () => {
    ctx.onFund?.(select.value);
    const terms = document.getElementById('terms-panel');
    if (terms) terms.dataset.fund = select.value;
    if (select.value) void renderFund(select.value, funds, body, ctx);
    else fill(body, h('p', { class: 'hint' }, '选择一只基金查看其资本账户、图表与通知书。Choose a fund to see its capital accounts, charts and notices.'));
  };
  select.addEventListener('change', show);
  select.addEventListener('phoenix:open', (event) => {
    select.value = event.detail;
    show();
  });
  if (ctx.fund) select.value = ctx.fund;
  show();
  return h('div', {}, h('p', {}, h('label', { for: 'fund-page-fund' }, bi('基金', 'Fund')), ' ', select), body);
}
