// The pledge watchlist: companies by buffer to the liquidation line, weakest first, coloured by level.
import { bi, h, table } from './dom.mjs';
import { DECISIONS, LEVELS, ROUTES, barWidth, compareDecimal, exactYuan, isDecimal, label, percent, price, readableYuan } from './format.mjs';

export function levelBadge(level) {
  return h('span', { class: `level level-${level ?? 'unknown'}`, dataset: { level: level ?? '' } }, label(LEVELS, level));
}

/** Weakest first; a company without a buffer (no tranche data) goes last. */
export function byBuffer(rows) {
  const byValue = (a, b) => {
    const [x, y] = [isDecimal(a.buffer), isDecimal(b.buffer)];
    if (x !== y) return x ? -1 : 1;
    return x ? compareDecimal(a.buffer, b.buffer) : 0;
  };
  return [...rows].sort((a, b) => byValue(a, b) || a.stockCode.localeCompare(b.stockCode));
}

/** A bar centred on the liquidation line: left (red) below it, right above it; full width = ±100%. */
function bufferBar(buffer) {
  if (!isDecimal(buffer)) return null;
  const below = String(buffer).trim().startsWith('-');
  const width = barWidth(String(buffer).trim().replace(/^-/, ''), '0.5');
  return h(
    'div',
    { class: 'buffer-bar', 'aria-hidden': 'true' },
    h('div', { class: below ? 'buffer-fill below' : 'buffer-fill above', style: below ? { width, right: '50%' } : { width, left: '50%' } }),
    h('div', { class: 'buffer-zero' }),
  );
}

function changeFlag(row) {
  if (!row.levelChanged) return null;
  const from = LEVELS[row.previousLevel]?.rank;
  const to = LEVELS[row.level]?.rank;
  const worse = from !== undefined && to !== undefined && to > from;
  return h(
    'span',
    { class: `change ${worse ? 'worse' : 'better'}`, dataset: { changed: 'true' }, title: '最新股价下级别变化 Level changed at the latest price' },
    worse ? '▲ ' : '▼ ',
    `${label(LEVELS, row.previousLevel)} → ${label(LEVELS, row.level)}`,
  );
}

const BOARDS = { main: '主板 main', chinext: '创业板 ChiNext', star: '科创板 STAR', bse: '北交所 BSE' };

/** 跌停板数: limit-down closes to the liquidation price, with the board's limit. */
function limitDownCell(limitDown) {
  if (!limitDown) return h('td', { class: 'num' }, '—');
  const days = limitDown.days === null || limitDown.days === undefined ? '—' : `${limitDown.days} 板`;
  return h(
    'td',
    { class: limitDown.days !== null && limitDown.days <= 2 ? 'num negative' : 'num', dataset: { field: 'limitDownDays', value: String(limitDown.days ?? '') } },
    days,
    h('div', { class: 'sub' }, `${BOARDS[limitDown.board] ?? limitDown.board} ${percent(limitDown.limitRatio, 0)}`),
  );
}

/** 补仓能力: shares needed to restore the warning lines against the shareholder's unpledged shares. */
function topUpCell(topUp) {
  if (!topUp || topUp.insufficient === null || topUp.insufficient === undefined) return h('td', {}, '—');
  const shares = (n) => `${Number.isSafeInteger(n) ? n.toLocaleString('en-US') : '—'} 股`;
  return h(
    'td',
    { dataset: { field: 'topUp', insufficient: String(topUp.insufficient) } },
    topUp.insufficient ? h('span', { class: 'tag insufficient' }, '补仓不足 insufficient') : h('span', { class: 'tag sufficient' }, '可补仓 sufficient'),
    h('div', { class: 'sub', title: '补仓所需 / 未质押 Needed / unpledged' }, `${shares(topUp.sharesNeeded)} / ${shares(topUp.unpledgedShares)}`),
  );
}

/** The funds' own holding: market value at the latest close and the unrealised gain or loss. */
function holdingCell(holding) {
  if (!holding) return h('td', { class: 'num' }, '—');
  const loss = isDecimal(holding.unrealisedGain) && compareDecimal(holding.unrealisedGain, '0') < 0;
  return h(
    'td',
    { class: 'num', dataset: { field: 'holding', value: holding.marketValue } },
    h('span', { title: exactYuan(holding.marketValue) }, readableYuan(holding.marketValue)),
    h('div', { class: loss ? 'sub negative' : 'sub', title: exactYuan(holding.unrealisedGain) }, `${loss ? '' : '+'}${readableYuan(holding.unrealisedGain)}`),
  );
}

function watchRow(row, newestPriceDate) {
  const negative = isDecimal(row.buffer) && compareDecimal(row.buffer, '0') < 0;
  const stale = row.priceDate && newestPriceDate && row.priceDate < newestPriceDate;
  return h(
    'tr',
    { class: `level-row level-row-${row.level}`, dataset: { stockCode: row.stockCode, level: row.level } },
    h('th', { scope: 'row' }, h('span', { class: 'name' }, row.companyName), ' ', h('span', { class: 'code' }, row.stockCode)),
    h('td', {}, levelBadge(row.level), row.enhancedReview ? h('span', { class: 'tag enhanced', title: '控股股东质押比例超过 80% Shareholder pledge ratio above 80%' }, '强化审查 enhanced review') : null, changeFlag(row)),
    h(
      'td',
      { class: 'buffer-cell', dataset: { field: 'buffer', value: row.buffer ?? '' } },
      h('span', { class: negative ? 'num negative' : 'num' }, percent(row.buffer)),
      bufferBar(row.buffer),
    ),
    h(
      'td',
      { class: 'num' },
      price(row.price),
      h('div', { class: stale ? 'sub stale' : 'sub', title: stale ? `名单中最新价格日为 ${newestPriceDate} The newest price on the list is from ${newestPriceDate}` : undefined }, row.priceDate ?? '', stale ? ' 旧价 stale' : ''),
    ),
    h('td', { class: 'num' }, percent(row.shareholderPledgeRatio, 1)),
    h('td', { class: 'num' }, percent(row.companyPledgeRatio, 1)),
    limitDownCell(row.limitDown),
    topUpCell(row.topUp),
    h('td', { class: 'num' }, h('span', { title: exactYuan(row.reliefQuota) }, readableYuan(row.reliefQuota))),
    holdingCell(row.holding),
    h('td', {}, label(DECISIONS, row.decision), row.route ? h('div', { class: 'sub' }, `路径 route: ${label(ROUTES, row.route)}`) : null),
  );
}

// The level rules of docs/domain.md (Screening), in words.
const LEGEND = [
  ['normal', '未触及预警线，质押比例 < 50%', 'above warning lines, pledge ratios below 50%'],
  ['elevated', '控股股东或公司质押比例 ≥ 50%', 'shareholder or company pledge ratio ≥ 50%'],
  ['warning', '履约保障比例 ≤ 预警线', 'coverage at or below the warning line'],
  ['critical', '履约保障比例 ≤ 平仓线', 'coverage at or below the liquidation line'],
];

/** Renders the watchlist table. */
export function watchlistView(rows) {
  if (!rows.length) return h('p', { class: 'empty' }, '暂无监测公司。No companies on the watchlist.');
  const newest = rows.reduce((max, r) => (r.priceDate && r.priceDate > max ? r.priceDate : max), '');
  const head = [
    bi('公司', 'Company'),
    bi('级别', 'Level'),
    bi('距平仓线', 'Buffer to liquidation'),
    bi('最新股价', 'Latest price'),
    bi('控股股东质押率', 'Shareholder pledged'),
    bi('公司质押率', 'Company pledged'),
    bi('跌停板数', 'Limit-down days'),
    bi('补仓能力', 'Top-up'),
    bi('纾困额度', 'Relief quota'),
    bi('本基金持仓', 'Fund holding'),
    bi('筛查结论', 'Screening'),
  ].map((c) => h('th', { scope: 'col' }, c));
  return h(
    'div',
    { class: 'table-scroll' },
    h('ul', { class: 'legend' }, LEGEND.map(([level, zh, en]) => h('li', {}, levelBadge(level), ' ', zh, ' ', h('span', { class: 'en' }, en)))),
    table('data watchlist', head, byBuffer(rows).map((row) => watchRow(row, newest))),
  );
}
