// Report downloads. A plain link cannot send the bearer token, so a click fetches the report with it
// and saves the body from a Blob; the href stays so the link reads and behaves as a link.
import { ApiError, apiUrl, authorizedFetch, suggestedFileName } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { todayInShanghai } from './format.mjs';

export const REPORTS = [
  ['overview', '基金总览', 'Overview'],
  ['leverage', '放大倍数', 'Leverage'],
  ['capital-accounts', '出资人资本账户', 'Capital accounts'],
  ['investments', '投资明细', 'Investments'],
  ['performance', '基金业绩', 'Performance'],
  ['screenings', '筛查结果', 'Screenings'],
  ['pledge-watchlist', '股权质押监测', 'Pledge watchlist'],
  ['trial-balance', '试算平衡表', 'Trial balance'],
  ['journal', '会计分录', 'Journal'],
];

const FORMATS = ['xlsx', 'csv'];

/** The file name for a download: the server's suggestion, else `<report>-<as-of or today>.<format>`. */
export function downloadName(response, name, format, asOf) {
  return suggestedFileName(response) ?? `${name}-${asOf || todayInShanghai()}.${format}`;
}

function save(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches and saves one report; returns the error it showed, or null. */
async function download(link, status, asOfInput) {
  const { report, format } = link.dataset;
  const asOf = asOfInput.value;
  if (asOf && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    fill(status, '日期格式应为 YYYY-MM-DD。The date must be YYYY-MM-DD.');
    return null;
  }
  link.setAttribute('aria-busy', 'true');
  fill(status, `正在下载 Downloading ${report}.${format} …`);
  try {
    const response = await authorizedFetch(apiUrl(`reports/${report}`, { format, asOf }));
    const fileName = downloadName(response, report, format, asOf);
    save(await response.blob(), fileName);
    fill(status, `已下载 Downloaded ${fileName}`);
    return null;
  } catch (error) {
    const detail = error instanceof ApiError ? `${error.status || ''} ${error.message}`.trim() : String(error);
    fill(status, h('span', { class: 'error' }, `下载失败 Download failed (${report}.${format}): ${detail}`));
    return error;
  } finally {
    link.removeAttribute('aria-busy');
  }
}

/** Renders the report list; `onUnauthorized` signs out when the token has stopped working. */
export function reportsView(onUnauthorized) {
  const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const asOf = h('input', { type: 'date', id: 'report-as-of', name: 'asOf' });
  const links = [];
  const rows = REPORTS.map(([name, zh, en]) =>
    h(
      'li',
      { class: 'report' },
      h('span', { class: 'report-name' }, bi(zh, en)),
      h(
        'span',
        { class: 'report-links' },
        FORMATS.map((format) => {
          const link = h(
            'a',
            {
              class: `download ${format}`,
              href: apiUrl(`reports/${name}`, { format }).href,
              dataset: { report: name, format },
              'aria-label': `${zh} ${en} ${format.toUpperCase()}`,
            },
            format.toUpperCase(),
          );
          links.push(link);
          return link;
        }),
      ),
    ),
  );
  for (const link of links) {
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      const error = await download(link, status, asOf);
      if (error instanceof ApiError && error.status === 401) onUnauthorized(error);
    });
  }
  return h(
    'div',
    {},
    h('p', { class: 'as-of' }, h('label', { for: 'report-as-of' }, bi('截至日期', 'As of')), ' ', asOf, h('span', { class: 'hint' }, ' 留空为最新 leave empty for the latest')),
    h('ul', { class: 'report-list' }, rows),
    status,
  );
}
