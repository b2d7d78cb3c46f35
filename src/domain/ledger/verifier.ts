import { formatYuan, MAX_FEN, type Fen } from '../money';
import { totalsByFund } from './entry-rules';
import { entryHash, GENESIS_HASH } from './hash-chain';
import type { AccountBalance, ChainHead, Entry } from './entry';
import type { ChainDigest } from './digest';

/** A row outside the journal (event, audit, idempotency) that names a journal entry. */
export interface EntryReference {
  entryId: number;
  /** The row, for the problem text, e.g. "payments row 7". */
  source: string;
  /** The entry type the row implies, when it implies one. */
  entryType?: string;
}

export interface VerifyProblem {
  /** The entry at fault, or null for a stored balance or chain-head problem. */
  entryId: number | null;
  account?: string;
  problem: string;
}

/** An account's stored debits and credits of one value-date month (YYYY-MM). */
export interface MonthTotal extends AccountBalance {
  month: string;
}

/** An account's stored debits and credits of one value date (YYYY-MM-DD). */
export interface DayTotal extends AccountBalance {
  day: string;
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  lines: number;
  accounts: number;
  problems: VerifyProblem[];
}

/**
 * Re-derives the ledger from its journal, one entry at a time in id order (so it can stream
 * over millions of lines): every entry balances in total and per fund, its hash matches its
 * content, it chains to its predecessor with no gap; then every stored balance equals the sum
 * of its lines and the chain head names the last entry. Given a signed digest (already checked
 * for its signature), the journal must still hold that entry with that hash: a journal cut back
 * tidily behind the digest verifies clean on its own.
 */
export class LedgerVerifier {
  private readonly sums = new Map<string, { debit: Fen; credit: Fen }>();
  /** By "YYYY-MM account": what reads at a past date start from. */
  private readonly monthSums = new Map<string, { debit: Fen; credit: Fen }>();
  /** By "YYYY-MM-DD account": what reads inside a month add to the month totals. */
  private readonly daySums = new Map<string, { debit: Fen; credit: Fen }>();
  private readonly problems: VerifyProblem[] = [];
  private readonly seenIds = new Set<number>();
  private previous: { id: number; hash: string } | null = null;
  private entryCount = 0;
  private lineCount = 0;
  private digestEntrySeen: boolean;

  constructor(private readonly digest: ChainDigest | null = null) {
    // A digest of the empty journal (entry 0) names no entry: every journal continues from it.
    this.digestEntrySeen = digest?.entryId === 0;
  }

  /** Feeds the next entry; entries must arrive in ascending id order. */
  add(entry: Entry): void {
    this.entryCount += 1;
    this.lineCount += entry.lines.length;
    const expectedPrevHash = this.previous?.hash ?? GENESIS_HASH;
    const expectedId = (this.previous?.id ?? 0) + 1;
    if (entry.id !== expectedId) {
      this.report(entry.id, `entries ${expectedId}..${entry.id - 1} are missing from the journal`);
    }
    if (entry.prevHash !== expectedPrevHash) {
      this.report(entry.id, 'chain broken: previous-hash does not match the preceding entry');
    }
    if (entryHash(entry) !== entry.hash) {
      this.report(entry.id, 'hash mismatch: the entry or its lines were altered after writing');
    }
    if (entry.reverses !== null && !this.seenIds.has(entry.reverses)) {
      this.report(entry.id, `reverses entry ${entry.reverses}, which does not precede it`);
    }
    this.checkLines(entry);
    this.checkAgainstDigest(entry);
    this.seenIds.add(entry.id);
    this.previous = { id: entry.id, hash: entry.hash };
  }

  /**
   * Stored amounts (balance rows, or lines of an entry) that the database holds as something other
   * than a whole number of fen inside the exact range: everything read from them is approximate.
   */
  unreadable(amounts: Iterable<{ entryId: number | null; account: string; line?: number }>): void {
    for (const a of amounts) {
      const where = a.entryId === null ? `stored balance of ${a.account}` : `line ${a.line ?? '?'} (${a.account})`;
      this.problems.push({
        entryId: a.entryId,
        account: a.account,
        problem: `${where} holds an amount that cannot be read exactly (not a whole number of fen within ${formatYuan(MAX_FEN)})`,
      });
    }
  }

  /**
   * Checks a batch of rows that name entries; `types` holds the type of each named entry the
   * journal has. A name of a missing entry is a trace of an entry removed from the journal.
   */
  checkReferences(references: readonly EntryReference[], types: ReadonlyMap<number, string>): void {
    for (const ref of references) {
      const type = types.get(ref.entryId);
      if (type === undefined) {
        this.report(ref.entryId, `${ref.source} names entry ${ref.entryId}, which is not in the journal`);
      } else if (ref.entryType !== undefined && type !== ref.entryType) {
        this.report(ref.entryId, `${ref.source} names entry ${ref.entryId}, a ${type} entry, where a ${ref.entryType} entry belongs`);
      }
    }
  }

  /**
   * Compares the stored month totals with the lines of each month (call after the last entry):
   * a total that drifted would make every balance at a later past date wrong without a trace.
   */
  checkMonthTotals(stored: Iterable<MonthTotal>): void {
    this.checkPeriodTotals(this.monthSums, [...stored].map((t) => ({ ...t, period: t.month })));
  }

  /** Compares the stored day totals with the lines of each day, as `checkMonthTotals` does. */
  checkDayTotals(stored: Iterable<DayTotal>): void {
    this.checkPeriodTotals(this.daySums, [...stored].map((t) => ({ ...t, period: t.day })));
  }

  /**
   * Compares the stored closing totals (per account and month, every line up to that month's
   * end) with the running sums of the lines: one row per month in which the account has lines.
   */
  checkClosingTotals(stored: Iterable<MonthTotal>): void {
    const running = new Map<string, { debit: Fen; credit: Fen }>();
    const closing = new Map<string, { debit: Fen; credit: Fen }>();
    for (const key of [...this.monthSums.keys()].sort()) {
      const [month, account] = [key.slice(0, 7), key.slice(8)];
      const sum = this.monthSums.get(key)!;
      const before = running.get(account) ?? { debit: 0n, credit: 0n };
      const after = { debit: before.debit + sum.debit, credit: before.credit + sum.credit };
      running.set(account, after);
      closing.set(`${month} ${account}`, after);
    }
    this.checkPeriodTotals(closing, [...stored].map((t) => ({ ...t, period: t.month })), 'closing total');
  }

  private checkPeriodTotals(derivedSums: Map<string, { debit: Fen; credit: Fen }>, stored: Array<AccountBalance & { period: string }>, what = 'total'): void {
    const kept = new Map<string, AccountBalance & { period: string }>();
    for (const total of stored) kept.set(`${total.period} ${total.account}`, total);
    for (const key of [...new Set([...derivedSums.keys(), ...kept.keys()])].sort()) {
      const derived = derivedSums.get(key) ?? { debit: 0n, credit: 0n };
      const total = kept.get(key) ?? { debit: 0n, credit: 0n };
      if (derived.debit === total.debit && derived.credit === total.credit) continue;
      const space = key.indexOf(' ');
      const [period, account] = [key.slice(0, space), key.slice(space + 1)];
      this.problems.push({
        entryId: null,
        account,
        problem:
          `stored ${what} of ${account} for ${period} (debit ${formatYuan(total.debit)}, credit ${formatYuan(total.credit)}) ` +
          `differs from its lines (debit ${formatYuan(derived.debit)}, credit ${formatYuan(derived.credit)})`,
      });
    }
  }

  /** Compares the re-derived sums with the stored balances and chain head. */
  finish(stored: Iterable<AccountBalance>, head: ChainHead): VerifyReport {
    const storedByAccount = new Map<string, AccountBalance>();
    for (const balance of stored) storedByAccount.set(balance.account, balance);
    const accounts = new Set([...this.sums.keys(), ...storedByAccount.keys()]);
    for (const account of [...accounts].sort()) {
      const derived = this.sums.get(account) ?? { debit: 0n, credit: 0n };
      const kept = storedByAccount.get(account) ?? { debit: 0n, credit: 0n };
      if (derived.debit !== kept.debit || derived.credit !== kept.credit) {
        this.problems.push({
          entryId: null,
          account,
          problem:
            `stored balance of ${account} (debit ${formatYuan(kept.debit)}, credit ${formatYuan(kept.credit)}) ` +
            `differs from its lines (debit ${formatYuan(derived.debit)}, credit ${formatYuan(derived.credit)})`,
        });
      }
    }
    const last = this.previous ?? { id: 0, hash: GENESIS_HASH };
    if (head.lastEntryId !== last.id || head.lastHash !== last.hash) {
      this.problems.push({
        entryId: null,
        problem: `chain head names entry ${head.lastEntryId} but the journal ends at entry ${last.id}`,
      });
    }
    if (this.digest && !this.digestEntrySeen) {
      this.problems.push({
        entryId: this.digest.entryId,
        problem:
          `the signed digest of ${this.digest.at} names entry ${this.digest.entryId}, but the journal ends at entry ${last.id}: ` +
          'entries were removed from the journal after that digest was taken',
      });
    }
    return {
      ok: this.problems.length === 0,
      entries: this.entryCount,
      lines: this.lineCount,
      accounts: accounts.size,
      problems: this.problems,
    };
  }

  private checkLines(entry: Entry): void {
    for (const line of entry.lines) {
      const oneSided = (line.debit > 0n && line.credit === 0n) || (line.credit > 0n && line.debit === 0n);
      if (!oneSided) this.report(entry.id, `line on ${line.account} must have exactly one positive side`);
      const sum = this.sums.get(line.account) ?? { debit: 0n, credit: 0n };
      sum.debit += line.debit;
      sum.credit += line.credit;
      this.sums.set(line.account, sum);
      const key = `${entry.date.slice(0, 7)} ${line.account}`;
      const month = this.monthSums.get(key) ?? { debit: 0n, credit: 0n };
      month.debit += line.debit;
      month.credit += line.credit;
      this.monthSums.set(key, month);
      const dayKey = `${entry.date} ${line.account}`;
      const day = this.daySums.get(dayKey) ?? { debit: 0n, credit: 0n };
      day.debit += line.debit;
      day.credit += line.credit;
      this.daySums.set(dayKey, day);
    }
    for (const [fund, totals] of totalsByFund(entry.lines)) {
      if (totals.debit !== totals.credit) {
        this.report(entry.id, `does not balance in fund ${fund}: debits ${formatYuan(totals.debit)}, credits ${formatYuan(totals.credit)}`);
      }
    }
  }

  private checkAgainstDigest(entry: Entry): void {
    if (!this.digest || entry.id !== this.digest.entryId) return;
    this.digestEntrySeen = true;
    if (entry.hash !== this.digest.hash) {
      this.report(entry.id, `hash differs from the signed digest of ${this.digest.at}: the journal was rewritten from this entry on`);
    }
  }

  private report(entryId: number, problem: string): void {
    this.problems.push({ entryId, problem });
  }
}
