import type { Knex } from 'knex';
import { DomainError } from '../domain/errors';
import type { AccountBalance, ChainHead, Entry, Line } from '../domain/ledger/entry';
import type { AccountRef, LedgerStore } from '../domain/ledger/ledger-store';
import { assertWritable } from '../domain/ledger/entry-rules';
import type { Dialect } from './connection';
import type { BatchState } from './batch-state';
import { exactFenFromDb, fenFromDb, fenToDb, idFromDb, jsonFromDb } from './db-values';
import { isUniqueViolation } from './db-errors';
import { addDelta, advanceClosingTotals, dayTotalsOf, monthTotalsOf, upsertDayTotals, upsertMonthTotals } from './pending-writes';

type Row = Record<string, unknown>;

const LINE_INSERT_CHUNK = 500;

/** The ledger's storage inside one transaction (the write side of the journal). */
export class LedgerRepository implements LedgerStore {
  /** The head this job locked (and advanced): the one its next entry must follow. */
  private lockedHead: ChainHead | null = null;

  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly dialect: Dialect,
    /** Rows this group's transaction already holds; null outside group commit (reads). */
    private readonly state: BatchState | null = null,
  ) {}

  private get pending() {
    return this.state?.pending ?? null;
  }

  async lockAccounts(accounts: readonly AccountRef[]): Promise<Map<string, AccountBalance>> {
    const result = new Map<string, AccountBalance>();
    const missing = accounts.filter((a) => {
      const known = this.state?.balances.get(a.account);
      if (known) result.set(a.account, { ...known });
      return !known;
    });
    const names = [...new Set(missing.map((a) => a.account))].sort();
    if (names.length === 0) return result;
    // A balance is only read from its row once the group's increments to it are written.
    if (names.some((name) => this.pending?.holdsBalanceOf(name))) await this.pending!.flush();
    if (this.dialect === 'pg') await this.ensureRows(missing);
    const query = this.db('account_balances').whereIn('account', names).orderBy('account');
    const rows: Row[] = this.dialect === 'pg' ? await query.forUpdate() : await query;
    for (const row of rows) result.set(String(row.account), exactBalanceFromRow(row));
    for (const a of missing) {
      // Absent rows are zero; remember them too, so the next job need not ask again.
      const balance = result.get(a.account) ?? { account: a.account, fund: a.fund, debit: 0n, credit: 0n };
      this.state?.balances.set(a.account, { ...balance });
      result.set(a.account, balance);
    }
    return result;
  }

  /** Creates absent balance rows at zero (in account order) so that they can be locked. */
  private async ensureRows(accounts: readonly AccountRef[]): Promise<void> {
    const sorted = [...accounts].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
    await this.db('account_balances')
      .insert(sorted.map((a) => ({ account: a.account, fund: a.fund, debit: 0, credit: 0 })))
      .onConflict('account')
      .ignore();
  }

  async lockHead(): Promise<ChainHead> {
    if (this.state?.head) {
      this.lockedHead = { ...this.state.head };
      return { ...this.state.head };
    }
    const query = this.db('ledger_head').where({ id: 1 }).first();
    const row: Row | undefined = this.dialect === 'pg' ? await query.forUpdate() : await query;
    if (!row) throw new Error('ledger_head row is missing: run the migrations');
    const head = { lastEntryId: idFromDb(row.last_entry_id), lastHash: String(row.last_hash) };
    if (this.state) this.state.head = { ...head };
    this.lockedHead = { ...head };
    return head;
  }

  async insertEntry(entry: Entry): Promise<void> {
    assertWritable(entry, this.lockedHead);
    // A reversal may undo a payment or a call: the calls the group holds are read again.
    if (entry.reverses !== null && entry.reverses !== undefined) this.state?.calls.clear();
    const entryRow = {
      id: entry.id,
      value_date: entry.date,
      type: entry.type,
      memo: entry.memo,
      actor: entry.actor,
      idempotency_key: entry.idempotencyKey,
      reverses: entry.reverses,
      metadata: JSON.stringify(entry.metadata),
      recorded_at: entry.recordedAt,
      prev_hash: entry.prevHash,
      hash: entry.hash,
    };
    const rows = entry.lines.map((line, index) => ({
      entry_id: entry.id,
      line_no: index,
      account: line.account,
      fund: line.fund,
      debit: fenToDb(line.debit),
      credit: fenToDb(line.credit),
    }));
    // The lines reference the entry row, so they follow it: at the group's end when the group
    // buffers them (the entry first), else now, chunked to stay under SQLite's bound-parameter
    // limit on very wide entries.
    const months = monthTotalsOf(entry.date, entry.lines);
    const days = dayTotalsOf(entry.date, entry.lines);
    if (this.pending) {
      this.pending.addEntry(entryRow);
      this.pending.addLines(rows);
      this.pending.addToMonths(months);
      this.pending.addToDays(days);
      return;
    }
    await this.db('journal_entries')
      .insert(entryRow)
      .catch((error: unknown) => {
        if (isUniqueViolation(error, 'reverses')) {
          throw new DomainError('ALREADY_REVERSED', `entry ${entry.reverses} was already reversed`, { entryId: entry.reverses });
        }
        if (isUniqueViolation(error, 'idempotency_key')) {
          throw new DomainError('IDEMPOTENCY_CONFLICT', `an entry with idempotency key ${entry.idempotencyKey} already exists`);
        }
        throw error;
      });
    for (let start = 0; start < rows.length; start += LINE_INSERT_CHUNK) {
      await this.db('journal_lines').insert(rows.slice(start, start + LINE_INSERT_CHUNK));
    }
    for (let start = 0; start < months.length; start += LINE_INSERT_CHUNK) {
      await upsertMonthTotals(this.db, months.slice(start, start + LINE_INSERT_CHUNK));
    }
    await advanceClosingTotals(this.db, months);
    for (let start = 0; start < days.length; start += LINE_INSERT_CHUNK) {
      await upsertDayTotals(this.db, days.slice(start, start + LINE_INSERT_CHUNK));
    }
  }

  async addToBalances(deltas: readonly AccountBalance[]): Promise<void> {
    if (deltas.length === 0) return;
    for (const d of deltas) {
      const known = this.state?.balances.get(d.account);
      if (known) this.state!.balances.set(d.account, { ...known, debit: known.debit + d.debit, credit: known.credit + d.credit });
    }
    // Balances under a prefix the group has read count the increment too.
    for (const under of this.state?.underPrefixes.values() ?? []) {
      for (const d of deltas) if (under.prefixes.some((p) => d.account.startsWith(p))) addDelta(under.balances, d);
    }
    if (this.pending) {
      this.pending.addToBalances(deltas);
      return;
    }
    // One upsert for all accounts: absent rows are created, present ones incremented atomically.
    await this.db('account_balances')
      .insert(deltas.map((d) => ({ account: d.account, fund: d.fund, debit: fenToDb(d.debit), credit: fenToDb(d.credit) })))
      .onConflict('account')
      .merge({
        debit: this.db.raw('account_balances.debit + excluded.debit'),
        credit: this.db.raw('account_balances.credit + excluded.credit'),
      });
  }

  async advanceHead(head: ChainHead): Promise<void> {
    if (this.state) this.state.head = { ...head };
    this.lockedHead = { ...head };
    if (this.pending) {
      this.pending.setHead(head);
      return;
    }
    await this.db('ledger_head').where({ id: 1 }).update({ last_entry_id: head.lastEntryId, last_hash: head.lastHash });
  }

  async getEntry(id: number): Promise<Entry | null> {
    await this.pending?.flush();
    const row: Row | undefined = await this.db('journal_entries').where({ id }).first();
    if (!row) return null;
    const [entry] = await attachLines(this.db, [row]);
    return entry;
  }

  async findReversal(id: number): Promise<number | null> {
    await this.pending?.flush();
    const row: Row | undefined = await this.db('journal_entries').where({ reverses: id }).first('id');
    return row ? idFromDb(row.id) : null;
  }

  async findByIdempotencyKey(key: string): Promise<Entry | null> {
    await this.pending?.flush();
    const row: Row | undefined = await this.db('journal_entries').where({ idempotency_key: key }).first();
    if (!row) return null;
    const [entry] = await attachLines(this.db, [row]);
    return entry;
  }

  /** Current totals of accounts, without locking (reads outside a rule check). */
  async balances(accounts: readonly string[]): Promise<Map<string, AccountBalance>> {
    await this.pending?.flush();
    const rows: Row[] = accounts.length ? await this.db('account_balances').whereIn('account', accounts) : [];
    return new Map(rows.map((row) => [String(row.account), balanceFromRow(row)]));
  }
}

/** A balance row a write builds on: refused when a total cannot be read exactly. */
function exactBalanceFromRow(row: Row): AccountBalance {
  const account = String(row.account);
  return { account, fund: String(row.fund), debit: exactFenFromDb(row.debit, account), credit: exactFenFromDb(row.credit, account) };
}

export function balanceFromRow(row: Row): AccountBalance {
  return { account: String(row.account), fund: String(row.fund), debit: fenFromDb(row.debit), credit: fenFromDb(row.credit) };
}

/** Loads the lines of a page of entry rows in one query and assembles entries in row order. */
export async function attachLines(db: Knex | Knex.Transaction, rows: Row[]): Promise<Entry[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => idFromDb(r.id));
  const lineRows: Row[] = await db('journal_lines')
    .whereIn('entry_id', ids)
    .orderBy([{ column: 'entry_id' }, { column: 'line_no' }]);
  const linesByEntry = new Map<number, Line[]>();
  for (const line of lineRows) {
    const entryId = idFromDb(line.entry_id);
    const list = linesByEntry.get(entryId) ?? [];
    list.push({ account: String(line.account), fund: String(line.fund), debit: fenFromDb(line.debit), credit: fenFromDb(line.credit) });
    linesByEntry.set(entryId, list);
  }
  return rows.map((row) => entryFromRow(row, linesByEntry.get(idFromDb(row.id)) ?? []));
}

function entryFromRow(row: Row, lines: Line[]): Entry {
  return {
    id: idFromDb(row.id),
    date: String(row.value_date),
    type: String(row.type),
    memo: String(row.memo),
    actor: String(row.actor),
    idempotencyKey: row.idempotency_key === null || row.idempotency_key === undefined ? null : String(row.idempotency_key),
    reverses: row.reverses === null || row.reverses === undefined ? null : idFromDb(row.reverses),
    metadata: jsonFromDb<Record<string, unknown>>(row.metadata, {}),
    recordedAt: String(row.recorded_at),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
    lines,
  };
}
