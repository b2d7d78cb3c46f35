import type { Database } from '../../src/data/database';
import type { EntryDraft, Entry } from '../../src/domain/ledger/entry';
import { postEntry } from '../../src/domain/ledger/ledger-service';
import { parseYuan } from '../../src/domain/money';

/** A balanced two-line draft moving `amount` yuan from `credit` to `debit` inside `fund`. */
export function transfer(fund: string, debit: string, credit: string, amount: string, overrides: Partial<EntryDraft> = {}): EntryDraft {
  const fen = parseYuan(amount);
  return {
    date: '2019-01-15',
    type: 'test_transfer',
    memo: `${amount} from ${credit} to ${debit}`,
    actor: 'test',
    lines: [
      { account: `${debit.split(':')[0]}:${fund}:${debit.split(':').slice(1).join(':')}`, fund, debit: fen, credit: 0n },
      { account: `${credit.split(':')[0]}:${fund}:${credit.split(':').slice(1).join(':')}`, fund, debit: 0n, credit: fen },
    ],
    ...overrides,
  };
}

export function post(db: Database, draft: EntryDraft): Promise<Entry> {
  return db.write((repos) => postEntry(repos.ledger, draft));
}
