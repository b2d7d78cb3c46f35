import type { IsoDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import type { Entry } from '../domain/ledger/entry';
import type { Database } from '../data/database';

export interface JournalExportQuery {
  /** Only this fund's lines (each fund's lines balance on their own). */
  fund?: string;
  /** Only entries whose value date is on or before this date. */
  asOf?: IsoDate;
  /** Entries per read; each page is one short query, so memory stays flat however long the journal. */
  pageSize?: number;
}

/**
 * The journal in id order, read a page at a time. The export stops at the entry that was last when
 * it began, so it is one consistent prefix of the append-only journal even while writes continue.
 * @throws DomainError NOT_FOUND (unknown fund)
 */
export async function* streamJournal(db: Database, query: JournalExportQuery = {}): AsyncGenerator<Entry> {
  if (query.fund) await assertFund(db, query.fund);
  const { lastEntryId } = await db.read((repos) => repos.journal.head());
  const limit = query.pageSize ?? 2000;
  let afterId = 0;
  while (afterId < lastEntryId) {
    const page = await db.read((repos) => repos.journal.page({ afterId, limit, fund: query.fund, to: query.asOf }));
    if (page.length === 0) return;
    for (const entry of page) {
      if (entry.id > lastEntryId) return;
      yield query.fund ? { ...entry, lines: entry.lines.filter((l) => l.fund === query.fund) } : entry;
    }
    afterId = page[page.length - 1].id;
  }
}

/** Every account the ledger has opened (of one fund), sorted: what an hledger journal declares. */
export async function journalAccounts(db: Database, fund?: string): Promise<string[]> {
  const balances = await db.read((repos) => repos.journal.allStoredBalances());
  return balances.filter((b) => !fund || b.fund === fund).map((b) => b.account);
}

async function assertFund(db: Database, code: string): Promise<void> {
  const fund = await db.read((repos) => repos.funds.fund(code));
  if (!fund) throw DomainError.notFound('fund', code);
}
