// 导入 Import: upload a 台账 CSV (docs/import.md), see a dry run of every row (would book, already
// booked, refused and why), then book it. POST /imports streams each row's outcome as NDJSON, so
// the progress bar follows the rows as the server settles them.
import { ApiError, apiUrl, problemText, send } from './api.mjs';
import { bi, fill, h, table } from './dom.mjs';

export const OUTCOMES = {
  would_book: { zh: '将记账', en: 'would book' },
  booked: { zh: '已记账', en: 'booked' },
  already_booked: { zh: '此前已记账', en: 'already booked' },
  would_propose: { zh: '将提交审批', en: 'would be proposed for approval' },
  proposed: { zh: '已提交审批', en: 'proposed for approval' },
  refused: { zh: '拒绝', en: 'refused' },
};

/** Splits a stream of NDJSON into objects as lines complete. */
export async function* ndjson(stream) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line) yield JSON.parse(line);
    }
    if (done) break;
  }
  if (buffer.trim()) yield JSON.parse(buffer);
}

function progressBar() {
  const fillEl = h('div', { class: 'bar-fill' });
  const el = h('div', { class: 'bar import-progress', role: 'progressbar', 'aria-label': '导入进度 Import progress', 'aria-valuemin': '0', 'aria-valuemax': '0', 'aria-valuenow': '0' }, fillEl);
  const text = h('span', { class: 'progress-text' });
  return {
    el: h('div', { class: 'progress' }, el, text),
    set(done, total) {
      el.setAttribute('aria-valuemax', String(total));
      el.setAttribute('aria-valuenow', String(done));
      el.setAttribute('aria-valuetext', `${done} / ${total}`);
      // Whole rows, so the width is an exact integer percentage (no money involved).
      fillEl.style.width = total ? `${Math.floor((done * 100) / total)}%` : '0%';
      fill(text, `${done} / ${total} 行 rows`);
    },
  };
}

function rowLine(row) {
  const o = OUTCOMES[row.outcome] ?? { zh: row.outcome, en: '' };
  return h(
    'tr',
    { class: `outcome-${row.outcome}`, dataset: { line: row.line, outcome: row.outcome } },
    h('td', { class: 'num' }, row.line),
    h('td', {}, row.type ?? '—'),
    h('td', {}, `${o.zh} ${o.en}`),
    h('td', {}, row.code ?? ''),
    h('td', {}, row.proposal ? `提案 proposal ${row.proposal}（待审批 awaiting approval）` : (row.reason ?? '')),
  );
}

function summaryText(summary) {
  const parts = [`${summary.rows} 行 rows`];
  if (summary.dryRun) parts.push(`将记账 would book ${summary.wouldBook}`, `将提交审批 would be proposed ${summary.wouldPropose ?? 0}`);
  else parts.push(`已记账 booked ${summary.booked}`, `已提交审批 proposed ${summary.proposed ?? 0}`);
  parts.push(`此前已记账 already booked ${summary.replayed}`, `拒绝 refused ${summary.refused.length}`);
  return parts.join('，');
}

export function importView(ctx) {
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.csv,text/csv' });
  const encoding = h('select', { id: 'import-encoding', name: 'encoding' }, h('option', { value: 'utf-8' }, 'UTF-8'), h('option', { value: 'gbk' }, 'GBK / GB18030 (Excel 中文版)'));
  const dry = h('button', { type: 'button', id: 'import-dry-run' }, '试运行 ', h('span', { class: 'en' }, 'Dry run'));
  const book = h('button', { type: 'button', id: 'import-book', disabled: true }, '记账 ', h('span', { class: 'en' }, 'Book'));
  const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const progress = progressBar();
  const body = h('tbody');
  const results = table('data import-rows', ['行 Line', '类型 Type', '结果 Outcome', '代码 Code', '原因 Reason'], body);
  let dryRunOf = null;

  const run = async (dryRun) => {
    const chosen = file.files?.[0];
    if (!chosen) {
      fill(status, h('span', { class: 'error' }, '请选择台账 CSV 文件。Choose a 台账 CSV file.'));
      file.focus();
      return;
    }
    dry.disabled = true;
    book.disabled = true;
    fill(body);
    progress.set(0, 0);
    fill(status, dryRun ? '试运行中 Dry run…' : '记账中 Booking…');
    let done = 0;
    let total = 0;
    try {
      const response = await send('POST', apiUrl('imports', { dryRun: String(dryRun), name: chosen.name }), {
        body: chosen,
        contentType: encoding.value === 'gbk' ? 'text/csv; charset=gbk' : 'text/csv',
        accept: 'application/x-ndjson',
      });
      for await (const item of ndjson(response.body)) {
        if (item.checked) total = item.checked.rows;
        else if (item.summary) fill(status, h('span', { class: item.summary.refused.length ? 'warning' : 'ok', dataset: { summary: JSON.stringify(item.summary) } }, `${dryRun ? '试运行完成 Dry run done' : '记账完成 Booked'}：${summaryText(item.summary)}`));
        else if (item.error) fill(status, h('span', { class: 'error' }, `导入中止 The import stopped: ${item.error.detail ?? item.error.title}`));
        else {
          body.append(rowLine(item));
          done += 1;
        }
        progress.set(done, total);
      }
      dryRunOf = dryRun ? chosen : null;
      if (!dryRun) ctx.onBooked?.();
    } catch (error) {
      fill(status, h('span', { class: 'error' }, problemText(error)));
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
    } finally {
      dry.disabled = false;
      book.disabled = dryRunOf === null || dryRunOf !== file.files?.[0];
    }
  };
  dry.addEventListener('click', () => run(true));
  book.addEventListener('click', () => run(false));
  file.addEventListener('change', () => {
    dryRunOf = null;
    book.disabled = true;
  });

  return h(
    'div',
    { class: 'import-view' },
    h('p', { class: 'hint' }, '每行一笔业务，表头见 docs/import.md。先试运行：每行将记账、此前已记账或被拒绝（附原因），不写入任何数据；确认后记账。重复导入只记新行。One business event per row. A dry run shows what each row would do and writes nothing; then book. Re-importing books only the new rows.'),
    h('div', { class: 'field' }, h('label', { for: file.id }, bi('台账 CSV', '台账 CSV file')), file),
    h('div', { class: 'field' }, h('label', { for: encoding.id }, bi('编码', 'Encoding')), encoding),
    h('div', { class: 'form-actions' }, dry, ' ', book),
    progress.el,
    status,
    h('div', { class: 'table-scroll' }, results),
  );
}
