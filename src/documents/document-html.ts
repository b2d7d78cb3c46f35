import { formatYuanGrouped, parseYuan } from '../domain/money';
import type { DocumentLayout, LayoutField } from './document-layouts';

/**
 * A layout as a self-contained HTML page for printing to A4 PDF: no scripts, no external
 * resources, every value escaped. The CJK font is Debian's fonts-noto-cjk, found by family name.
 */
export function documentHtml(layout: DocumentLayout): string {
  const sections = layout.sections
    .map((s) => `<h2>${escape(s.heading)}</h2><table class="fields">${s.fields.map(fieldRow).join('')}</table>`)
    .join('');
  const tables = layout.tables
    .map(
      (t) =>
        `<h2>${escape(t.heading)}</h2><table class="grid"><thead><tr>${t.columns.map((c) => `<th>${escape(c.label)}</th>`).join('')}</tr></thead>` +
        `<tbody>${t.rows.map((r) => `<tr>${r.map((v, i) => cell(v, t.columns[i].kind)).join('')}</tr>`).join('')}</tbody></table>`,
    )
    .join('');
  const note = layout.note ? `<p class="note">${escape(layout.note)}</p>` : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(layout.title)}</title><style>${CSS}</style></head>` +
    `<body><h1>${escape(layout.title)}</h1>${sections}${tables}${note}</body></html>`;
}

function fieldRow(f: LayoutField): string {
  return `<tr><th>${escape(f.label)}</th>${cell(f.value, f.kind)}</tr>`;
}

function cell(value: string, kind: LayoutField['kind']): string {
  return kind === 'money' ? `<td class="money">${escape(displayMoney(value))}</td>` : `<td>${escape(value)}</td>`;
}

/** Yuan with thousands separators, through the money module: "30000000.00" -> "30,000,000.00". */
export function displayMoney(yuan: string): string {
  return formatYuanGrouped(parseYuan(yuan, { allowNegative: true, field: 'document amount' }));
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const CSS = `
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Noto Serif CJK SC", sans-serif; font-size: 10.5pt; color: #111; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 12pt; }
h2 { font-size: 11.5pt; margin: 14pt 0 4pt; border-bottom: 1px solid #999; }
table { width: 100%; border-collapse: collapse; }
.fields th { width: 45%; text-align: left; font-weight: normal; color: #333; padding: 2pt 4pt; }
.fields td { padding: 2pt 4pt; }
.grid th, .grid td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; }
td.money { text-align: right; font-variant-numeric: tabular-nums; }
.note { margin-top: 16pt; font-size: 9.5pt; color: #333; }
`;
