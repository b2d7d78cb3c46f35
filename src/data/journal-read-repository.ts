import type { Knex } from 'knex';
import type { AccountBalance, ChainHead, Entry } from '../domain/ledger/entry';
import { addDays, type IsoDate } from '../domain/dates';
import { attachLines, balanceFromRow } from './ledger-repository';
import { fenFromDb, idFromDb } from './db-values';
import { chart } from '../domain/funds/chart-of-accounts';
import { MAX_FEN } from '../domain/money';
import { addDelta, type PendingWrites } from './pending-writes';
import { fundOfAccount } from '../domain/ledger/account-name';
import type { BatchState } from './batch-state';

type Row = Record<string, unknown>;

/** A stored balance (entryId null) or journal line whose debit or credit cannot be read exactly. */
export interface UnreadableAmount {
  entryId: number | null;
  account: string;
  line?: number;
}

export interface JournalPageQuery {
  fund?: string;
  from?: IsoDate;
  to?: IsoDate;
  afterId?: number;
  limit: number;
}

/** An account's closing debit or credit at the end of `through`: one backward seek on (account, month). */
function latestSide(db: Knex | Knex.Transaction, side: 'debit' | 'credit', through: string): Knex.Raw {
  return db.raw(`(SELECT c.${side} FROM account_closing_totals c WHERE c.account = b.account AND c.month <= ? ORDER BY c.month DESC LIMIT 1) AS ${side}`, [through]);
}

/** Read-side queries over the journal: pages, trial balances, and the ordered scan that verify uses. */
export class JournalReadRepository {
  /**
   * `state`: the group's rows: its unwritten rows are written before a read here needs them, and
   * the balances under a prefix it has read are kept there.
   */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  private get pending(): PendingWrites | null {
    return this.state?.pending ?? null;
  }

  /** Entries oldest first, keyset-paginated by id. */
  async page(query: JournalPageQuery): Promise<Entry[]> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('journal_entries')
      .modify((q) => {
        if (query.afterId !== undefined) q.where('id', '>', query.afterId);
        if (query.from) q.where('value_date', '>=', query.from);
        if (query.to) q.where('value_date', '<=', query.to);
        if (query.fund) q.whereIn('id', this.db('journal_lines').select('entry_id').where({ fund: query.fund }));
      })
      .orderBy('id')
      .limit(query.limit);
    return attachLines(this.db, rows);
  }

  async reversedBy(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    await this.pending?.flush();
    const rows: Row[] = await this.db('journal_entries').whereIn('reverses', ids).select('id', 'reverses');
    return new Map(rows.map((r) => [idFromDb(r.reverses), idFromDb(r.id)]));
  }

  /** Current totals from the maintained balances: O(accounts), never a scan of the lines. */
  async currentBalances(fund?: string): Promise<AccountBalance[]> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_balances')
      .modify((q) => {
        if (fund) q.where({ fund });
      })
      .where((q) => q.where('debit', '<>', 0).orWhere('credit', '<>', 0))
      .orderBy('account');
    return rows.map(balanceFromRow);
  }

  /**
   * Totals as they stood at the end of `asOf`: summed from lines by value date, unless no entry is
   * dated after `asOf`, when the maintained balances are exactly those totals.
   */
  async balancesAsOf(asOf: IsoDate, fund?: string): Promise<AccountBalance[]> {
    await this.pending?.flush();
    if (await this.nothingAfter(asOf)) return this.currentBalances(fund);
    const sums = await this.sumLines(asOf, (q, t) => {
      if (fund) q.where(`${t}.fund`, fund);
    });
    return sums.filter((b) => b.debit !== 0n || b.credit !== 0n);
  }

  /** Balances of the given funds' accounts: maintained totals, or summed from lines as of a date. */
  async fundBalances(funds: readonly string[], asOf?: IsoDate): Promise<AccountBalance[]> {
    await this.pending?.flush();
    if (funds.length === 0) return [];
    if (!asOf || (await this.nothingAfter(asOf))) {
      const rows: Row[] = await this.db('account_balances').whereIn('fund', funds).orderBy('account');
      return rows.map(balanceFromRow);
    }
    return this.sumLines(asOf, (q, t) => q.whereIn(`${t}.fund`, funds));
  }

  /**
   * Balances for a fund's figures: as `fundBalances`, except that, for current balances, the two
   * legs of every investment (cost, fair value) come summed into one account per fund and leg,
   * named as investment 0 of 'ALL'. Figures need only those totals, and a fund holds two such
   * accounts per investment, without bound.
   */
  async figureBalances(funds: readonly string[], asOf?: IsoDate): Promise<AccountBalance[]> {
    await this.pending?.flush();
    if (funds.length === 0) return [];
    if (asOf && !(await this.nothingAfter(asOf))) return this.fundBalances(funds, asOf);
    const leg =
      "case when account like 'assets:' || fund || ':investments:%:cost' then 'cost' " +
      "when account like 'assets:' || fund || ':investments:%:fair-value' then 'fair-value' else account end";
    const rows: Row[] = await this.db('account_balances')
      .whereIn('fund', funds)
      .select('fund', this.db.raw(`${leg} as leg`))
      .sum({ debit: 'debit', credit: 'credit' })
      .groupBy('fund')
      .groupByRaw(leg);
    return rows.map((r) => {
      const fund = String(r.fund);
      const account =
        r.leg === 'cost' ? chart.investmentCost(fund, 'ALL', 'all', 0) : r.leg === 'fair-value' ? chart.investmentFairValue(fund, 'ALL', 'all', 0) : String(r.leg);
      return { account, fund, debit: fenFromDb(r.debit), credit: fenFromDb(r.credit) };
    });
  }

  /**
   * Balances of the accounts under the given name prefixes (each ending in ':'), as maintained or
   * as of a date. Each prefix is a key range, so the account index answers it without reading a
   * fund's other accounts (a fund's investments add accounts without bound).
   */
  async balancesUnder(prefixes: readonly string[], asOf?: IsoDate): Promise<AccountBalance[]> {
    if (prefixes.length === 0) return [];
    const inRanges = (q: Knex.QueryBuilder, column: string) =>
      q.where((w) => {
        for (const prefix of prefixes) w.orWhere((r) => r.where(column, '>=', prefix).andWhere(column, '<', upperBound(prefix)));
      });
    if (!asOf && this.state?.pending) {
      const key = prefixes.join('\n');
      const known = this.state.underPrefixes.get(key);
      if (known) return inAccountOrder([...known.balances.values()].map((b) => ({ ...b })));
      // The stored totals plus the group's unwritten increments: the same figures, without writing the group first.
      const rows: Row[] = await inRanges(this.db('account_balances'), 'account').orderBy('account');
      const balances = withDeltas(rows.map(balanceFromRow), this.state.pending.balanceDeltas((account) => prefixes.some((p) => account.startsWith(p))));
      // Kept only while no other process can post to these accounts before this group commits.
      if (prefixes.every((p) => this.state!.holdsFund(fundOfAccount(p)))) {
        this.state.underPrefixes.set(key, { prefixes: [...prefixes], balances: new Map(balances.map((b) => [b.account, { ...b }])) });
      }
      return balances;
    }
    await this.pending?.flush();
    if (!asOf || (await this.nothingAfter(asOf))) {
      const rows: Row[] = await inRanges(this.db('account_balances'), 'account').orderBy('account');
      return rows.map(balanceFromRow);
    }
    return this.sumLines(asOf, (q, t) => inRanges(q, `${t}.account`));
  }

  /**
   * Per-account sums of the lines of entries dated on or before `asOf`, narrowed by `filter` (on
   * the table aliased `t`): per account, its closing total at the end of the last whole month to
   * `asOf` (one index seek on account and month), plus the day totals of the part month. A read
   * at a past date so costs the accounts and at most one month of days, however many lines and
   * months the journal holds.
   */
  private async sumLines(asOf: IsoDate, filter: (q: Knex.QueryBuilder, t: 'b' | 'd') => void): Promise<AccountBalance[]> {
    const month = asOf.slice(0, 7);
    const wholeMonth = addDays(asOf, 1).slice(0, 7) !== month;
    const through = wholeMonth ? month : addDays(`${month}-01`, -1).slice(0, 7);
    // PostgreSQL takes both sides in one seek (LATERAL); SQLite, without LATERAL, seeks per side.
    const closing: Row[] =
      (this.db.client as { dialect?: string }).dialect === 'postgresql'
        ? await this.db('account_balances as b')
            .joinRaw(
              'CROSS JOIN LATERAL (SELECT c.debit, c.credit FROM account_closing_totals c WHERE c.account = b.account AND c.month <= ? ORDER BY c.month DESC LIMIT 1) AS c',
              [through],
            )
            .modify((q) => filter(q, 'b'))
            .select('b.account as account', 'b.fund as fund', 'c.debit as debit', 'c.credit as credit')
        : await this.db('account_balances as b')
            .modify((q) => filter(q, 'b'))
            .select('b.account as account', 'b.fund as fund', latestSide(this.db, 'debit', through), latestSide(this.db, 'credit', through));
    const totals = closing.filter((r) => r.debit !== null && r.debit !== undefined);
    const partMonth: Row[] = wholeMonth
      ? []
      : await this.db('account_day_totals as d')
          .where('d.day', '>=', `${month}-01`)
          .where('d.day', '<=', asOf)
          .modify((q) => filter(q, 'd'))
          .groupBy('d.account', 'd.fund')
          .select('d.account as account', 'd.fund as fund')
          .sum({ debit: 'd.debit', credit: 'd.credit' });
    const sums = new Map<string, AccountBalance>();
    for (const r of [...totals, ...partMonth]) {
      const account = String(r.account);
      const known = sums.get(account);
      const debit = fenFromDb(r.debit);
      const credit = fenFromDb(r.credit);
      sums.set(account, known ? { ...known, debit: known.debit + debit, credit: known.credit + credit } : { account, fund: String(r.fund), debit, credit });
    }
    return [...sums.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  }

  /** True when no journal entry is dated after `asOf` (one look at the value-date index). */
  private async nothingAfter(asOf: IsoDate): Promise<boolean> {
    const row: Row | undefined = await this.db('journal_entries').where('value_date', '>', asOf).first('id');
    return row === undefined;
  }

  /** The value date of the fund's earliest entry, or null when it has none. */
  async firstEntryDate(fund: string): Promise<IsoDate | null> {
    await this.pending?.flush();
    const row: Row | undefined = await this.db('journal_lines as l')
      .join('journal_entries as e', 'e.id', 'l.entry_id')
      .where('l.fund', fund)
      .min({ first: 'e.value_date' })
      .first();
    return row?.first ? String(row.first) : null;
  }

  /** Every stored month total (verify compares them all with the lines). */
  async allMonthTotals(): Promise<Array<AccountBalance & { month: string }>> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_month_totals').orderBy(['month', 'account']);
    return rows.map((row) => ({ ...balanceFromRow(row), month: String(row.month) }));
  }

  /** Every stored closing total (verify compares them all with the running sums of the lines). */
  async allClosingTotals(): Promise<Array<AccountBalance & { month: string }>> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_closing_totals').orderBy(['month', 'account']);
    return rows.map((row) => ({ ...balanceFromRow(row), month: String(row.month) }));
  }

  /**
   * Day by day movements of the accounts under the given name prefixes (each ending in ':'), dated
   * on or before `asOf` when given, oldest first: what a capital account needs to replay its
   * history (contributions, charges, distributions at each date). Reversals are movements too.
   */
  async dayTotalsUnder(prefixes: readonly string[], asOf?: IsoDate): Promise<Array<AccountBalance & { day: IsoDate }>> {
    if (prefixes.length === 0) return [];
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_day_totals')
      .where((w) => {
        for (const prefix of prefixes) w.orWhere((r) => r.where('account', '>=', prefix).andWhere('account', '<', upperBound(prefix)));
      })
      .modify((q) => (asOf ? q.where('day', '<=', asOf) : q))
      .orderBy(['day', 'account']);
    return rows.map((row) => ({ ...balanceFromRow(row), day: String(row.day) }));
  }

  /** Every stored day total (verify compares them all with the lines). */
  async allDayTotals(): Promise<Array<AccountBalance & { day: string }>> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_day_totals').orderBy(['day', 'account']);
    return rows.map((row) => ({ ...balanceFromRow(row), day: String(row.day) }));
  }

  /** Every stored balance row, including zero ones (verify compares them all). */
  async allStoredBalances(): Promise<AccountBalance[]> {
    await this.pending?.flush();
    const rows: Row[] = await this.db('account_balances').orderBy('account');
    return rows.map(balanceFromRow);
  }

  /**
   * Stored amounts that cannot be read exactly: past the exact range, not whole, or not numbers at
   * all (only hands outside the service can put them there). One portable test per column: the
   * value lies in [-MAX, MAX] and equals itself cast to an integer.
   */
  async unreadableAmounts(): Promise<UnreadableAmount[]> {
    await this.pending?.flush();
    const max = MAX_FEN.toString();
    const bad = (column: string) =>
      `not (${column} between -${max} and ${max} and ${column} = cast(${column} as bigint))`;
    const test = `${bad('debit')} or ${bad('credit')}`;
    const balances: Row[] = await this.db('account_balances').whereRaw(test).orderBy('account').select('account');
    const lines: Row[] = await this.db('journal_lines').whereRaw(test).orderBy(['entry_id', 'line_no']).select('entry_id', 'line_no', 'account');
    return [
      ...balances.map((r) => ({ entryId: null, account: String(r.account) })),
      ...lines.map((r) => ({ entryId: idFromDb(r.entry_id), account: String(r.account), line: idFromDb(r.line_no) })),
    ];
  }

  async head(): Promise<ChainHead> {
    await this.pending?.flush();
    const row: Row = await this.db('ledger_head').where({ id: 1 }).first();
    return { lastEntryId: idFromDb(row.last_entry_id), lastHash: String(row.last_hash) };
  }

  /** Streams every entry in id order, a page at a time, so verify never holds the journal in memory. */
  async *scan(pageSize = 2000): AsyncGenerator<Entry> {
    let afterId = 0;
    for (;;) {
      const page = await this.page({ afterId, limit: pageSize });
      if (page.length === 0) return;
      yield* page;
      afterId = page[page.length - 1].id;
    }
  }
}

/** Balances with increments added (accounts without a balance yet start at zero), in account order. */
function withDeltas(balances: AccountBalance[], deltas: readonly AccountBalance[]): AccountBalance[] {
  if (deltas.length === 0) return balances;
  const byAccount = new Map(balances.map((b) => [b.account, { ...b }]));
  for (const d of deltas) addDelta(byAccount, d);
  return inAccountOrder([...byAccount.values()]);
}

function inAccountOrder(balances: AccountBalance[]): AccountBalance[] {
  return balances.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

/** The first string after every string that starts with `prefix`: the prefix with its last character raised by one. */
function upperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
