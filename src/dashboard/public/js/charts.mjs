// Charts drawn with uPlot, served by this service from its package (no CDN).
//
// A chart library positions pixels with numbers, so the API's exact decimal strings are converted
// to numbers here, for drawing only: plotY() is the one place that happens, and nothing it returns
// is ever shown as a figure. Every value a reader sees as text (the legend, the hover readout, the
// table under each chart) is formatted from the original strings by format.mjs, exactly. The axis
// tick labels are scale marks uPlot chooses, not figures of the books.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { bi, h, table } from './dom.mjs';
import { multiple, readableYuan, toFen } from './format.mjs';

const FEN_PER_YI = 10_000_000_000n;

/**
 * A decimal string as a plotting coordinate: money in 亿元, ratios as they are. For pixel
 * positions only (see the note at the top): the integer part of the division is exact, and the
 * float is made from at most 4 decimal places of 亿, far finer than a pixel.
 */
export function plotY(value, kind) {
  if (value === null || value === undefined || value === '') return null;
  if (kind === 'money') {
    const fen = toFen(value);
    if (fen === null) return null;
    const tenThousandthsOfYi = (fen * 10_000n) / FEN_PER_YI;
    return Number(tenThousandthsOfYi) / 10_000;
  }
  const m = /^(-?\d+)(?:\.(\d{1,6}))?/.exec(String(value));
  return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : null;
}

/** A YYYY-MM-DD date as Unix seconds (uPlot's time axis). */
function seconds(date) {
  const [y, m, d] = date.split('-').map((part) => Number.parseInt(part, 10));
  return Date.UTC(y, m - 1, d) / 1000;
}

const COLOURS = ['#b4232a', '#1d5fa7', '#2e7d32', '#8e44ad'];

/**
 * A line chart of dated points. series: [{ key, zh, en, kind: 'money'|'ratio' }]; points: [{ date, [key]: decimal string }].
 * Returns a figure with the chart and the same figures as an exact table (for reading and for screen readers).
 */
export function lineChart({ id, zh, en, series, points, width = 560, height = 240 }) {
  const holder = h('div', { class: 'chart-canvas', 'aria-hidden': 'true' });
  const shown = (s, i) => (i === null || i === undefined ? '—' : s.kind === 'money' ? readableYuan(points[i][s.key]) : multiple(points[i][s.key]));
  const data = [points.map((p) => seconds(p.date)), ...series.map((s) => points.map((p) => plotY(p[s.key], s.kind)))];
  const money = series.some((s) => s.kind === 'money');
  const ratio = series.some((s) => s.kind === 'ratio');
  const options = {
    width,
    height,
    // Zero stays in view, so a flat line near a large value does not read as a swing.
    scales: { x: { time: true }, yi: { range: (u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.1 || 1] }, x1: { range: (u, min, max) => [Math.min(0, min), Math.max(0, max) * 1.1 || 1] } },
    series: [
      { label: '日期 date', value: (u, v, sidx, i) => (i === null ? '—' : points[i].date) },
      ...series.map((s, n) => ({
        label: `${s.zh} ${s.en}`,
        stroke: COLOURS[n % COLOURS.length],
        width: 2,
        scale: s.kind === 'money' ? 'yi' : 'x1',
        value: (u, v, sidx, i) => shown(s, i),
        points: { show: points.length < 40 },
      })),
    ],
    axes: [
      {},
      ...(money ? [{ scale: 'yi', label: '亿元', values: (u, ticks) => ticks.map((t) => `${t}`) }] : []),
      ...(ratio ? [{ scale: 'x1', side: money ? 1 : 3, label: '×', grid: { show: !money } }] : []),
    ],
  };
  const figure = h(
    'figure',
    { class: 'chart', id, dataset: { points: points.length } },
    h('figcaption', {}, bi(zh, en)),
    holder,
    h(
      'details',
      { class: 'chart-data' },
      h('summary', {}, bi('数据表', 'Data table')),
      table(
        'data chart-table',
        ['日期 Date', ...series.map((s) => `${s.zh} ${s.en}`)],
        points.map((p, i) => h('tr', {}, h('td', {}, p.date), series.map((s) => h('td', { class: 'num', dataset: { field: s.key, value: p[s.key] ?? '' } }, shown(s, i))))),
      ),
    ),
  );
  if (points.length) {
    // Drawn once the figure is in the document, so uPlot can measure it.
    requestAnimationFrame(() => {
      figure.chart = new uPlot(options, data, holder);
    });
  } else {
    holder.replaceWith(h('p', { class: 'empty' }, '暂无数据 No data yet.'));
  }
  return figure;
}
