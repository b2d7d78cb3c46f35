// 投资 Investments of a fund (GET /funds/{code}/investments) and one investment in detail
// (GET /investments/{id}): its instrument terms, exits, valuations and, for a listed equity
// position, its lock-up and the shares it may sell by channel over the next 90 days. Dates, share
// counts and the reason are the API's own; nothing here recomputes them.
import { ApiError, getJson, problemText } from './api.mjs';
import { bi, fill, h, money, table } from './dom.mjs';
import { label, percent } from './format.mjs';
import { percentDigits } from './decimal-input.mjs';
import { EXIT_CHANNELS, INSTRUMENTS, VALUATION_METHODS } from './instruments.mjs';

/** 10000000 -> "10,000,000": a share count grouped for reading, from its digits. */
function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A share count as text with the API's figure in data-value; "—" when the API gives none. */
function sharesCell(field, n, unknown = '—') {
  const known = n !== null && n !== undefined;
  return h('span', { class: 'num', dataset: { field, value: known ? String(n) : '' } }, known ? `${grouped(n)} 股` : unknown);
}

const rate = (v) => `${v}（${percent(v, percentDigits(v))}）`;

/** Each instrument term: its label and how its value reads. */
const TERMS = [
  ['equityPercent', '持股比例', 'Equity percent', (v) => `${v}%`],
  ['underlying', '标的股票', 'Underlying', (v) => [`${v.stockCode} · `, sharesCell('underlying.pledgedShares', v.pledgedShares)]],
  ['exchangePrice', '换股价', 'Exchange price', (v) => `${v} 元/股`],
  ['conversionPrice', '转股价', 'Conversion price', (v) => `${v} 元/股`],
  ['couponRate', '票面利率', 'Coupon rate', rate],
  ['principal', '承接债务本金', 'Principal', (v) => money(v)],
  ['rate', '年利率', 'Interest rate', rate],
  ['maturityDate', '到期日', 'Maturity date', (v) => v],
  ['warningLine', '预警线', 'Warning line', (v) => v],
  ['liquidationLine', '平仓线', 'Liquidation line', (v) => v],
];

const LIMITED = { true: '是 yes', false: '否 no', null: '无法判断 unknown (total shares not known)' };

/** 限售期至 and 可减持股数 by channel over the window, with the API's reason. */
export function positionPanel(position) {
  const after = position.afterLockup;
  const head = ['渠道 Channel', `可减持股数 Sellable shares ${position.window.from} – ${position.window.to}`, after ? `解禁后 From ${after.from}` : null].filter(Boolean);
  const row = (key, zh, en, now, later) =>
    h('tr', { dataset: { channel: key } }, h('th', { scope: 'row' }, bi(zh, en)), h('td', { class: 'num' }, sharesCell(`sellable.${key}`, now, '无法计算 unknown')), after ? h('td', { class: 'num' }, sharesCell(`afterLockup.${key}`, later, '无法计算 unknown')) : null);
  return h(
    'section',
    { class: 'position', 'aria-labelledby': 'position-title', dataset: { limited: String(position.limited) } },
    h('h4', { id: 'position-title' }, bi('限售与可减持', 'Lock-up and sellable shares')),
    h(
      'dl',
      { class: 'position-figures' },
      h('dt', {}, bi('限售期至', 'Lock-up ends on')),
      h('dd', { dataset: { field: 'lockupEndsOn', value: position.lockupEndsOn ?? '' } }, position.lockupEndsOn ?? '无限售 not locked'),
      h('dt', {}, bi('限售依据', 'Rule')),
      h('dd', { class: 'code', dataset: { field: 'lockupRule' } }, position.lockupRule ?? '—'),
      h('dt', {}, bi('减持窗口', 'Window')),
      h('dd', { dataset: { field: 'window', value: `${position.window.from}/${position.window.to}` } }, `${position.window.from} – ${position.window.to}（90日 days）`),
      h('dt', {}, bi('受比例限制', 'Limited')),
      h('dd', { dataset: { field: 'limited' } }, LIMITED[String(position.limited)]),
      position.agreementTransferMinimum === null ? null : [h('dt', {}, bi('协议转让最低股数', 'Agreement transfer minimum')), h('dd', {}, sharesCell('agreementTransferMinimum', position.agreementTransferMinimum))],
    ),
    table('data sellable', head, [
      row('exchange', '集中竞价', 'exchange', position.sellableShares.exchange, after?.exchange),
      row('blockTrade', '大宗交易', 'block trade', position.sellableShares.blockTrade, after?.blockTrade),
    ]),
    h('p', { class: 'reason' }, h('span', { class: 'sub' }, '说明 Reason: '), h('span', { dataset: { field: 'reason' } }, position.reason)),
  );
}

function facts(i) {
  const rows = [
    ['被投企业', 'Investee', `${i.investee} ${i.company.name}`],
    ['工具', 'Instrument', label(INSTRUMENTS, i.instrument)],
    ['日期', 'Date', i.date],
    ['投资金额', 'Amount', money(i.amount, 'amount')],
    i.sharesAcquired === null ? null : ['持股', 'Shares held', [sharesCell('shares', i.shares), ` / 买入 acquired ${grouped(i.sharesAcquired)} 股`]],
    i.acquisitionMode ? ['取得方式', 'Acquisition mode', i.acquisitionMode] : null,
    i.holderCategory ? ['持有人类别', 'Holder category', i.holderCategory] : null,
    i.contractualLockupEndsOn ? ['约定限售期至', 'Contractual lock-up', i.contractualLockupEndsOn] : null,
    ['筛查编号', 'Screening', i.screeningId === null ? '—' : `#${i.screeningId}`],
    ['分录', 'Entry', i.entryId ? h('a', { href: `#journal/${i.entryId}` }, `#${i.entryId}`) : '—'],
    ...TERMS.filter(([key]) => i.terms?.[key] !== undefined).map(([key, zh, en, show]) => [zh, en, h('span', { dataset: { field: `terms.${key}`, value: typeof i.terms[key] === 'object' ? '' : i.terms[key] } }, show(i.terms[key]))]),
  ].filter(Boolean);
  return h('dl', { class: 'investment-facts' }, rows.map(([zh, en, value]) => [h('dt', {}, bi(zh, en)), h('dd', {}, value)]));
}

function history(i) {
  const exits = i.exits.map((e) =>
    h('tr', { class: e.reversed ? 'reversed' : '' }, h('td', {}, e.date), h('td', {}, e.kind), h('td', {}, e.channel ? label(EXIT_CHANNELS, e.channel) : '—'), h('td', { class: 'num' }, e.shares === null ? '—' : grouped(e.shares)), h('td', { class: 'num' }, money(e.proceeds)), h('td', { class: 'num' }, money(e.cost))),
  );
  const valuations = i.valuations.map((v) =>
    h('tr', { class: v.reversed ? 'reversed' : '' }, h('td', {}, v.date), h('td', {}, v.method ? label(VALUATION_METHODS, v.method) : '—'), h('td', { class: 'num' }, money(v.fairValue)), h('td', { class: 'num' }, money(v.unrealizedChange))),
  );
  return [
    h('h5', {}, bi('退出', 'Exits')),
    exits.length ? table('data exits', ['日期 Date', '方式 Kind', '渠道 Channel', '股数 Shares', '收回 Proceeds', '结转成本 Cost'], exits) : h('p', { class: 'empty' }, '暂无 None yet.'),
    h('h5', {}, bi('估值', 'Valuations')),
    valuations.length ? table('data valuations', ['日期 Date', '方法 Method', '公允价值 Fair value', '未实现变动 Unrealised change'], valuations) : h('p', { class: 'empty' }, '暂无 None yet.'),
  ];
}

/** Reads one investment into `el`. */
export async function showInvestment(id, el, ctx) {
  fill(el, h('p', { class: 'loading' }, '加载中 Loading…'));
  try {
    const i = await getJson(`investments/${encodeURIComponent(id)}`);
    fill(
      el,
      h(
        'article',
        { class: 'card investment', dataset: { investment: i.id, instrument: i.instrument } },
        h('h4', { tabindex: '-1' }, `投资 Investment #${i.id} · ${i.company.name} · ${label(INSTRUMENTS, i.instrument)}`, i.reversed ? h('span', { class: 'tag' }, '已冲销 reversed') : null),
        facts(i),
        i.position ? positionPanel(i.position) : null,
        history(i),
      ),
    );
    el.querySelector('h4')?.focus();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
    fill(el, h('p', { class: 'error', role: 'alert' }, `无法加载 Could not load: ${problemText(error)}`));
  }
}

/** The fund's investments, each opening its detail below the list. */
export function investmentsSection(fund, ctx) {
  const list = h('div', { class: 'table-scroll' }, h('p', { class: 'loading' }, '加载中 Loading…'));
  const detail = h('div', { class: 'investment-detail', 'aria-live': 'polite' });
  getJson(`funds/${encodeURIComponent(fund)}/investments`).then(
    ({ investments, nextCursor }) => {
      const rows = investments.map((i) =>
        h(
          'tr',
          { dataset: { investment: i.id }, class: i.reversed ? 'reversed' : '' },
          h('th', { scope: 'row' }, `#${i.id}`),
          h('td', {}, `${i.investee} ${i.company.name}`),
          h('td', {}, label(INSTRUMENTS, i.instrument)),
          h('td', {}, i.date),
          h('td', { class: 'num' }, money(i.amount)),
          h('td', { class: 'num' }, i.shares === null ? '—' : grouped(i.shares)),
          h('td', {}, h('button', { type: 'button', class: 'link open-investment', on: { click: () => showInvestment(i.id, detail, ctx) } }, '查看 ', h('span', { class: 'en' }, `View #${i.id}`))),
        ),
      );
      fill(
        list,
        rows.length ? table('data investments', ['编号 Id', '被投企业 Investee', '工具 Instrument', '日期 Date', '金额 Amount', '持股 Shares', '详情 Detail'], rows) : h('p', { class: 'empty' }, '暂无投资 No investment yet.'),
        nextCursor ? h('p', { class: 'hint' }, '仅显示前1000笔。The first 1,000 are shown.') : null,
      );
    },
    (error) => fill(list, h('p', { class: 'error', role: 'alert' }, `无法加载 Could not load: ${problemText(error)}`)),
  );
  return h('div', { class: 'investments' }, list, detail);
}
