import type { Knex } from 'knex';
import type { AccountBalance, ChainHead } from '../domain/ledger/entry';
import type { Dialect } from './connection';
import { fenToDb } from './db-values';
import type { RowIds } from './row-ids';

type Row = Record<string, unknown>;

/** An account's debits and credits of one value-date month (YYYY-MM), in fen. */
export interface MonthTotal extends AccountBalance {
  month: string;
}

/** An account's debits and credits of one value date (YYYY-MM-DD), in fen. */
export interface DayTotal extends AccountBalance {
  day: string;
}

/** A stored answer to an Idempotency-Key, as the idempotency repository reads it back. */
export interface PendingAnswer {
  fingerprint: string;
  status: number;
  body: unknown;
}

/**
 * Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535, with room to
 * spare, so one statement carries thousands of rows.
 */
const PARAMETERS_MAX = 30_000;

/**
 * The event tables the writer buffers, parents before the rows that reference them: rows are
 * written in this order, after the journal entries they all reference.
 */
export const BUFFERED_EVENT_TABLES = [
  'commitments',
  'capital_calls',
  'capital_call_allocations',
  'payments',
  'late_interest_charges',
  'investments',
  'exits',
  'valuations',
  'distributions',
  'distribution_allocations',
  'expenses',
  'management_fees',
  'management_fee_allocations',
  'fee_payments',
  'equalisation_interest_payments',
  'late_interest_payments',
] as const;
export type BufferedEventTable = (typeof BUFFERED_EVENT_TABLES)[number];

export function isBufferedEventTable(table: string): table is BufferedEventTable {
  return (BUFFERED_EVENT_TABLES as readonly string[]).includes(table);
}

/** What one job (or the jobs settled before it) left to write. */
class Layer {
  readonly entries: Row[] = [];
  readonly events = new Map<BufferedEventTable, Row[]>();
  readonly lines: Row[] = [];
  readonly balances = new Map<string, AccountBalance>();
  readonly months = new Map<string, MonthTotal>();
  readonly days = new Map<string, DayTotal>();
  readonly audit: Row[] = [];
  readonly answers = new Map<string, { row: Row; answer: PendingAnswer }>();
  head: ChainHead | null = null;

  /** Journal entries and event rows: what reads of the event tables need written first. */
  get holdsRows(): boolean {
    return this.entries.length > 0 || this.events.size > 0;
  }

  get empty(): boolean {
    return !this.holdsRows && this.lines.length === 0 && this.balances.size === 0 && this.months.size === 0 && this.days.size === 0 && this.audit.length === 0 && this.answers.size === 0 && this.head === null;
  }

  /** Takes `later`'s rows after its own: later deltas add up, the later head wins. */
  absorb(later: Layer): void {
    this.absorbRows(later);
    this.lines.push(...later.lines);
    for (const d of later.balances.values()) addDelta(this.balances, d);
    for (const m of later.months.values()) addToMonth(this.months, m);
    for (const d of later.days.values()) addToDay(this.days, d);
    this.audit.push(...later.audit);
    for (const [key, value] of later.answers) this.answers.set(key, value);
    if (later.head) this.head = later.head;
  }

  absorbRows(later: Layer): void {
    this.entries.push(...later.entries);
    for (const [table, rows] of later.events) {
      const known = this.events.get(table);
      if (known) known.push(...rows);
      else this.events.set(table, [...rows]);
    }
  }

  takeRows(): { entries: Row[]; events: Map<BufferedEventTable, Row[]> } {
    const taken = { entries: this.entries.splice(0), events: new Map(this.events) };
    this.events.clear();
    return taken;
  }
}

/**
 * The rows a group commit has yet to write: journal lines, balance increments, the chain head,
 * audit rows and stored answers. Repositories put them here instead of writing them one job at a
 * time, and the writer flushes them with a few multi-row statements at the end of the group, so
 * a group costs a constant number of statements for these tables whatever its size.
 *
 * Each job writes into its own layer: a job that is refused before it wrote to the database
 * leaves nothing here (`discardJob`), and one that succeeds joins the group's rows (`settleJob`).
 * A read of one of these tables inside the group flushes first (`flush`), so it sees every row of
 * the group; a job that flushed has written, and its failure rolls the group back as before.
 * Journal entries and event rows are buffered too: an entry's id follows the chain head, and an
 * event row's id is assigned by the writer (`RowIds`) before the row is written, so it can be
 * answered and named at once. A read of the event tables writes only those (`flushRows`); a
 * unique key that fails on the flush (an entry reversed twice) rolls the group back and the
 * unbuffered rerun tells whose row it was.
 */
export class PendingWrites {
  private group = new Layer();
  private job = new Layer();
  /** Set when a flush failed: the writer then runs the group again without buffering. */
  failed = false;
  /**
   * Statements of flushes that wrote only rows of settled jobs. A job whose read flushed those
   * has written nothing of its own, so its refusal still needs no rollback.
   */
  settledRowStatements = 0;
  private statements = 0;
  private readonly prefetched = new Map<string, PendingAnswer | null>();

  constructor(
    private readonly db: Knex.Transaction,
    private readonly dialect: Dialect,
    private readonly ids: RowIds,
  ) {}

  addEntry(row: Row): void {
    this.job.entries.push(row);
  }

  /** Buffers an event row under a fresh id, and returns the id. */
  async addEventRow(table: BufferedEventTable, row: Row): Promise<number> {
    const id = await this.ids.next(this.db, table);
    this.addChildRows(table, [{ ...row, id }]);
    return id;
  }

  /** Buffers rows that carry no id of their own (allocations of a buffered or written parent). */
  addChildRows(table: BufferedEventTable, rows: readonly Row[]): void {
    // A column left undefined takes its default, as it would in a single-row insert.
    const defined = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined)));
    const known = this.job.events.get(table);
    if (known) known.push(...defined);
    else this.job.events.set(table, defined);
  }

  /**
   * Sets columns of a buffered event row (an investment's entry, attached after the entry is
   * planned). False when the row is not in the buffer (it was written already).
   */
  patchEventRow(table: BufferedEventTable, id: number, columns: Row): boolean {
    for (const layer of [this.job, this.group]) {
      const row = layer.events.get(table)?.find((r) => r.id === id);
      if (row) {
        Object.assign(row, columns);
        return true;
      }
    }
    return false;
  }

  addLines(rows: readonly Row[]): void {
    this.job.lines.push(...rows);
  }

  addToBalances(deltas: readonly AccountBalance[]): void {
    for (const d of deltas) addDelta(this.job.balances, d);
  }

  addToMonths(totals: readonly MonthTotal[]): void {
    for (const m of totals) addToMonth(this.job.months, m);
  }

  addToDays(totals: readonly DayTotal[]): void {
    for (const d of totals) addToDay(this.job.days, d);
  }

  /** The unwritten increments of the accounts `wanted` accepts, settled and running job's together. */
  balanceDeltas(wanted: (account: string) => boolean): AccountBalance[] {
    const deltas = new Map<string, AccountBalance>();
    for (const layer of [this.group, this.job]) for (const d of layer.balances.values()) if (wanted(d.account)) addDelta(deltas, d);
    return [...deltas.values()];
  }

  /** Accounts whose increments are not yet written. */
  holdsBalanceOf(account: string): boolean {
    return this.job.balances.has(account) || this.group.balances.has(account);
  }

  setHead(head: ChainHead): void {
    this.job.head = { ...head };
  }

  addAudit(row: Row): void {
    this.job.audit.push(row);
  }

  addAnswer(key: string, row: Row, answer: PendingAnswer): void {
    this.job.answers.set(key, { row, answer });
  }

  /**
   * Reads the stored answers of the keys the group's jobs bring, in one statement (sliced), so
   * that each job's look-up of its key needs no statement of its own.
   */
  async prefetchAnswers(keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)].filter((key) => !this.prefetched.has(key));
    for (let start = 0; start < unique.length; start += PARAMETERS_MAX) {
      const slice = unique.slice(start, start + PARAMETERS_MAX);
      const rows: Row[] = await this.db('idempotency_keys').whereIn('key', slice).select('key', 'fingerprint', 'status', 'response');
      for (const key of slice) this.prefetched.set(key, null);
      for (const row of rows) {
        this.prefetched.set(String(row.key), { fingerprint: String(row.fingerprint), status: Number(row.status), body: JSON.parse(String(row.response)) });
      }
    }
  }

  /** The answer stored under `key` before the group began (null: none), if the group read it; undefined when it did not. */
  prefetchedAnswer(key: string): PendingAnswer | null | undefined {
    return this.prefetched.get(key);
  }

  /** The stored answer of `key` was replaced: the next look-up reads it afresh. */
  forgetAnswer(key: string): void {
    this.prefetched.delete(key);
  }

  /** An answer stored under `key` by this group and not yet written. */
  answer(key: string): PendingAnswer | null {
    return (this.job.answers.get(key) ?? this.group.answers.get(key))?.answer ?? null;
  }

  settleJob(): void {
    this.group.absorb(this.job);
    this.job = new Layer();
  }

  discardJob(): void {
    this.job = new Layer();
  }

  get empty(): boolean {
    return this.group.empty && this.job.empty;
  }

  /**
   * Writes the buffered journal entries and event rows only (the rest stays buffered), for a read
   * of the event tables: the statements an event used to run at once, now shared by the jobs
   * since the last read.
   */
  async flushRows(): Promise<void> {
    if (!this.group.holdsRows && !this.job.holdsRows) return;
    const settledOnly = !this.job.holdsRows;
    const statementsBefore = this.statements;
    const rows = new Layer();
    const group = this.group.takeRows();
    const job = this.job.takeRows();
    rows.entries.push(...group.entries, ...job.entries);
    for (const taken of [group, job]) {
      for (const [table, tableRows] of taken.events) {
        const known = rows.events.get(table);
        if (known) known.push(...tableRows);
        else rows.events.set(table, tableRows);
      }
    }
    try {
      await this.writeRows(rows);
    } catch (error) {
      this.failed = true;
      throw error;
    }
    if (settledOnly) this.settledRowStatements += this.statements - statementsBefore;
  }

  /**
   * Writes the buffered entries and event rows when a read of `tables` needs them: when the
   * buffer holds rows of those tables, or a reversing entry (reads tell reversed rows by it).
   */
  async flushRowsFor(tables: readonly BufferedEventTable[]): Promise<void> {
    const needs = (layer: Layer) =>
      layer.entries.some((e) => e.reverses !== null && e.reverses !== undefined) || tables.some((t) => (layer.events.get(t)?.length ?? 0) > 0);
    if (needs(this.group) || needs(this.job)) await this.flushRows();
  }

  private async writeRows(rows: Layer): Promise<void> {
    await this.insert('journal_entries', ENTRY_COLUMNS, rows.entries);
    for (const table of BUFFERED_EVENT_TABLES) {
      const tableRows = rows.events.get(table);
      if (!tableRows || tableRows.length === 0) continue;
      // Rows that leave a column out get its default: each set of columns is its own statement.
      const byColumns = new Map<string, Row[]>();
      for (const row of tableRows) {
        const columns = Object.keys(row).join(',');
        const same = byColumns.get(columns);
        if (same) same.push(row);
        else byColumns.set(columns, [row]);
      }
      for (const [columns, sameRows] of byColumns) await this.insert(table, columns.split(','), sameRows);
    }
  }

  /**
   * Writes every buffered row of the group and of the running job, in reference order (lines
   * follow the entries written before them; nothing references the others).
   */
  async flush(): Promise<void> {
    if (this.empty) return;
    const settledOnly = this.job.empty;
    const statementsBefore = this.statements;
    const rows = new Layer();
    rows.absorb(this.group);
    rows.absorb(this.job);
    this.group = new Layer();
    this.job = new Layer();
    try {
      await this.writeRows(rows);
      await this.insert('journal_lines', ['entry_id', 'line_no', 'account', 'fund', 'debit', 'credit'], rows.lines);
      await this.upsertBalances([...rows.balances.values()]);
      const insert: Insert = (table, columns, values, suffix) => this.insert(table, columns, values, suffix);
      await upsertMonthTotals(this.db, [...rows.months.values()], insert);
      this.statements += await advanceClosingTotals(this.db, [...rows.months.values()]);
      await upsertDayTotals(this.db, [...rows.days.values()], insert);
      if (rows.head) this.statements += 1;
      if (rows.head) await this.db('ledger_head').where({ id: 1 }).update({ last_entry_id: rows.head.lastEntryId, last_hash: rows.head.lastHash });
      await this.insert('audit_log', ['at', 'actor', 'role', 'action', 'target', 'request_id', 'detail'], rows.audit);
      await this.insert(
        'idempotency_keys',
        ['key', 'fingerprint', 'actor', 'status', 'response', 'created_at'],
        [...rows.answers.values()].map((a) => a.row),
      );
    } catch (error) {
      this.failed = true;
      throw error;
    }
    if (settledOnly) this.settledRowStatements += this.statements - statementsBefore;
  }

  /** Balance rows in account order (the order every writer locks them in), created or incremented. */
  private async upsertBalances(deltas: AccountBalance[]): Promise<void> {
    deltas.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
    const rows = deltas.map((d) => ({ account: d.account, fund: d.fund, debit: fenToDb(d.debit), credit: fenToDb(d.credit) }));
    await this.insert(
      'account_balances',
      ['account', 'fund', 'debit', 'credit'],
      rows,
      ' ON CONFLICT (account) DO UPDATE SET debit = account_balances.debit + excluded.debit, credit = account_balances.credit + excluded.credit',
    );
  }

  /** Multi-row INSERT ... VALUES, sliced to stay under the bound-parameter limit. */
  private async insert(table: string, columns: readonly string[], rows: readonly Row[], suffix = ''): Promise<void> {
    const perStatement = Math.floor(PARAMETERS_MAX / columns.length);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const quoted = columns.map((c) => (this.dialect === 'pg' ? `"${c}"` : `\`${c}\``)).join(', ');
    for (let start = 0; start < rows.length; start += perStatement) {
      const slice = rows.slice(start, start + perStatement);
      const bindings: unknown[] = [];
      for (const row of slice) for (const column of columns) bindings.push(row[column] ?? null);
      this.statements += 1;
      await this.db.raw(`INSERT INTO ${table} (${quoted}) VALUES ${slice.map(() => tuple).join(', ')}${suffix}`, bindings as Knex.RawBinding[]);
    }
  }
}

const ENTRY_COLUMNS = ['id', 'value_date', 'type', 'memo', 'actor', 'idempotency_key', 'reverses', 'metadata', 'recorded_at', 'prev_hash', 'hash'];

type Insert = (table: string, columns: readonly string[], rows: readonly Row[], suffix: string) => Promise<void>;

/**
 * Adds to the month totals (rows created or incremented), in key order; `insert` writes the rows
 * (a multi-row statement). Exported for the writes that do not go through a buffer.
 */
export async function upsertMonthTotals(db: Knex | Knex.Transaction, totals: MonthTotal[], insert?: Insert): Promise<void> {
  if (totals.length === 0) return;
  totals.sort((a, b) => (a.month !== b.month ? (a.month < b.month ? -1 : 1) : a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const rows = totals.map((m) => ({ month: m.month, account: m.account, fund: m.fund, debit: fenToDb(m.debit), credit: fenToDb(m.credit) }));
  const suffix =
    ' ON CONFLICT (month, account) DO UPDATE SET debit = account_month_totals.debit + excluded.debit, credit = account_month_totals.credit + excluded.credit';
  if (insert) {
    await insert('account_month_totals', ['month', 'account', 'fund', 'debit', 'credit'], rows, suffix);
    return;
  }
  await db('account_month_totals')
    .insert(rows)
    .onConflict(['month', 'account'])
    .merge({ debit: db.raw('account_month_totals.debit + excluded.debit'), credit: db.raw('account_month_totals.credit + excluded.credit') });
}

/**
 * Adds the month totals to the closing totals: creates the rows of months an account had none
 * for (at the account's closing total before them), then adds to each row the group's totals of
 * its month and every earlier one. Two set statements (sliced), whatever the group's size; the
 * caller holds the ledger head, so no other writer touches these rows meanwhile. Returns the
 * number of statements run.
 */
export async function advanceClosingTotals(db: Knex | Knex.Transaction, totals: readonly MonthTotal[]): Promise<number> {
  if (totals.length === 0) return 0;
  let statements = 0;
  // Latest month first within an account: a row created in the same statement is never the
  // "latest before" of another one created there, whichever order the database inserts them in.
  const created = [...totals].sort((a, b) => (a.account !== b.account ? (a.account < b.account ? -1 : 1) : a.month > b.month ? -1 : a.month < b.month ? 1 : 0));
  // Rows that exist already need no "closing total before them": one look finds them, so the
  // insert below reads the earlier totals only for the months that are new.
  const existing = new Set<string>();
  const perLookup = Math.floor(PARAMETERS_MAX / 2);
  for (let start = 0; start < created.length; start += perLookup) {
    const slice = created.slice(start, start + perLookup);
    statements += 1;
    const found = await db.raw(
      `SELECT account, month FROM account_closing_totals WHERE (account, month) IN (VALUES ${slice.map(() => '(?, ?)').join(', ')})`,
      slice.flatMap((m) => [m.account, m.month]),
    );
    const rows: Row[] = Array.isArray(found) ? found : (found as { rows: Row[] }).rows;
    for (const row of rows) existing.add(`${row.account}|${row.month}`);
  }
  const missing = created.filter((m) => !existing.has(`${m.account}|${m.month}`));
  const before = (side: 'debit' | 'credit') =>
    `COALESCE((SELECT p.${side} FROM account_closing_totals p WHERE p.account = ? AND p.month < ? ORDER BY p.month DESC LIMIT 1), 0)`;
  const perInsert = Math.floor(PARAMETERS_MAX / 7);
  for (let start = 0; start < missing.length; start += perInsert) {
    const slice = missing.slice(start, start + perInsert);
    statements += 1;
    await db.raw(
      `INSERT INTO account_closing_totals (account, month, fund, debit, credit) VALUES ${slice.map(() => `(?, ?, ?, ${before('debit')}, ${before('credit')})`).join(', ')}` +
        ' ON CONFLICT (account, month) DO NOTHING',
      slice.flatMap((m) => [m.account, m.month, m.fund, m.account, m.month, m.account, m.month]),
    );
  }
  // Each row gains the group's totals of its month and earlier ones: per account, the months the
  // group touched cut the later rows into ranges that gain the same running sum.
  const ascending = [...created].reverse();
  const ranges: unknown[][] = [];
  for (let i = 0; i < ascending.length; i += 1) {
    const m = ascending[i];
    const previous = ranges.length > 0 && i > 0 && ascending[i - 1].account === m.account ? ranges[ranges.length - 1] : null;
    const debit = (previous ? BigInt(String(previous[3])) : 0n) + m.debit;
    const credit = (previous ? BigInt(String(previous[4])) : 0n) + m.credit;
    const next = ascending[i + 1]?.account === m.account ? ascending[i + 1].month : '9999-99';
    ranges.push([m.account, m.month, next, fenToDb(debit), fenToDb(credit)]);
  }
  const perUpdate = Math.floor(PARAMETERS_MAX / 5);
  for (let start = 0; start < ranges.length; start += perUpdate) {
    const slice = ranges.slice(start, start + perUpdate);
    statements += 1;
    await db.raw(
      'UPDATE account_closing_totals SET debit = account_closing_totals.debit + v.column4, credit = account_closing_totals.credit + v.column5 ' +
        `FROM (VALUES ${slice.map(() => '(?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT))').join(', ')}) AS v ` +
        'WHERE account_closing_totals.account = v.column1 AND account_closing_totals.month >= v.column2 AND account_closing_totals.month < v.column3',
      slice.flat() as Knex.RawBinding[],
    );
  }
  return statements;
}

/**
 * Adds to the day totals, as `upsertMonthTotals` does to the month totals (same writer, same
 * transaction, same key order).
 */
export async function upsertDayTotals(db: Knex | Knex.Transaction, totals: DayTotal[], insert?: Insert): Promise<void> {
  if (totals.length === 0) return;
  totals.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const rows = totals.map((d) => ({ day: d.day, account: d.account, fund: d.fund, debit: fenToDb(d.debit), credit: fenToDb(d.credit) }));
  const suffix =
    ' ON CONFLICT (day, account) DO UPDATE SET debit = account_day_totals.debit + excluded.debit, credit = account_day_totals.credit + excluded.credit';
  if (insert) {
    await insert('account_day_totals', ['day', 'account', 'fund', 'debit', 'credit'], rows, suffix);
    return;
  }
  await db('account_day_totals')
    .insert(rows)
    .onConflict(['day', 'account'])
    .merge({ debit: db.raw('account_day_totals.debit + excluded.debit'), credit: db.raw('account_day_totals.credit + excluded.credit') });
}

/** The day totals an entry's lines add, one per account. */
export function dayTotalsOf(date: string, lines: ReadonlyArray<{ account: string; fund: string; debit: bigint; credit: bigint }>): DayTotal[] {
  const totals = new Map<string, DayTotal>();
  for (const l of lines) addToDay(totals, { day: date, account: l.account, fund: l.fund, debit: l.debit, credit: l.credit });
  return [...totals.values()];
}

function addToDay(into: Map<string, DayTotal>, d: DayTotal): void {
  const key = `${d.day}|${d.account}`;
  const known = into.get(key);
  if (!known) into.set(key, { ...d });
  else {
    known.debit += d.debit;
    known.credit += d.credit;
  }
}

/** The month totals an entry's lines add, one per account (an entry may name an account twice). */
export function monthTotalsOf(date: string, lines: ReadonlyArray<{ account: string; fund: string; debit: bigint; credit: bigint }>): MonthTotal[] {
  const totals = new Map<string, MonthTotal>();
  for (const l of lines) addToMonth(totals, { month: date.slice(0, 7), account: l.account, fund: l.fund, debit: l.debit, credit: l.credit });
  return [...totals.values()];
}

function addToMonth(into: Map<string, MonthTotal>, m: MonthTotal): void {
  const key = `${m.month}|${m.account}`;
  const known = into.get(key);
  if (!known) into.set(key, { ...m });
  else {
    known.debit += m.debit;
    known.credit += m.credit;
  }
}

/** Adds an increment to an account's entry in `into` (a copy when the account is new there). */
export function addDelta(into: Map<string, AccountBalance>, d: AccountBalance): void {
  const known = into.get(d.account);
  if (!known) into.set(d.account, { ...d });
  else {
    known.debit += d.debit;
    known.credit += d.credit;
  }
}
