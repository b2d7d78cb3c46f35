import { formatYuan } from '../domain/money';
import type { Entry } from '../domain/ledger/entry';
import type { Write } from './report-definition';

/** The commodity of every amount: yuan as `CNY 1000.00`, declared once so `hledger check --strict` passes. */
const COMMODITY = 'CNY';

const ENTRIES_PER_CHUNK = 500;

/**
 * An hledger journal: a header, the CNY commodity and every account declared, then one transaction
 * per entry, `DATE (ID) TYPE | MEMO`, a comment with the entry's id, type, reversal link and hash,
 * and one posting per line with its signed amount (debit positive, credit negative).
 */
export async function renderHledger(
  header: { asOf: string; fund?: string; accounts: readonly string[] },
  entries: AsyncIterable<Entry>,
  write: Write,
): Promise<void> {
  const lines = [
    `; 凤凰基金台账 Phoenix Fund Ledger: journal as of ${header.asOf}${header.fund ? `, fund ${header.fund}` : ', all funds'}`,
    '; Amounts in yuan (CNY); debits positive, credits negative; every entry balances, per fund.',
    '',
    `commodity ${COMMODITY} 1,000.00`,
    '',
    ...header.accounts.map((a) => `account ${a}`),
    '',
  ];
  await write(`${lines.join('\n')}\n`);
  let buffer: string[] = [];
  for await (const entry of entries) {
    if (entry.lines.length === 0) continue;
    buffer.push(transaction(entry));
    if (buffer.length >= ENTRIES_PER_CHUNK) {
      await write(buffer.join(''));
      buffer = [];
    }
  }
  if (buffer.length > 0) await write(buffer.join(''));
}

function transaction(entry: Entry): string {
  const tags = [`entry:${entry.id}`, `type:${entry.type}`, ...(entry.reverses ? [`reverses:${entry.reverses}`] : []), `hash:${entry.hash}`];
  const postings = entry.lines.map((l) => `    ${l.account}  ${COMMODITY} ${formatYuan(l.debit - l.credit)}\n`);
  return `${entry.date} (${entry.id}) ${entry.type} | ${oneLine(entry.memo)}\n    ; ${tags.join(', ')}\n${postings.join('')}\n`;
}

/** A description must stay on one line, and `;` would start a comment in it. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ').replace(/;/g, '；').trim();
}
