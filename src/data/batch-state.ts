import type { AccountBalance, ChainHead } from '../domain/ledger/entry';
import type { Fund, Investor } from '../domain/funds/fund';
import type { PendingWrites } from './pending-writes';
import type { CapitalCallRow } from './fund-event-repository';
import type { TermsVersion } from '../domain/terms/fund-terms';
import type { IsoDate } from '../domain/dates';
import type { ApprovalPolicy } from '../domain/approvals/approval-policy';

/**
 * What one group-commit transaction has already read or written: the chain head, the fund rows
 * and account balances it locked, and what its rules read (fund rows, approval policies, period
 * closes, investors, terms, capital calls, balances under a prefix). Jobs of a group run one after
 * another in the same transaction, so these rows, once read, stay exact for the next job as long
 * as every write updates them here and nobody else can change them: on SQLite the group holds the
 * database's write lock; on PostgreSQL a call, a period close and balances under a prefix are kept
 * only for the funds the group has locked (`holdsFund`), since the rules that guard them run under
 * that lock. Fund rows, policies, investors and terms, read without a lock by every job before,
 * are kept as first read. When a job fails, what it changed here may be undone (its group is rolled
 * back when it had written), so the queue forgets everything and the next job reads afresh.
 *
 * `pending` holds the rows the group has yet to write (null when the group writes each row at
 * once); the balances and head here already count them.
 */
export class BatchState {
  /**
   * True when the group holds the whole database's write lock (SQLite): every row it reads stays
   * as read until its commit. On PostgreSQL only the rows it locked do, so what its rules read
   * is kept for later jobs only for the funds it has locked (`holdsFund`).
   */
  exclusive = false;
  head: ChainHead | null = null;
  pending: PendingWrites | null = null;
  readonly funds = new Map<string, Fund>();
  readonly balances = new Map<string, AccountBalance>();
  /** Fund rows read without a lock (null: no such fund); `funds` holds the locked ones. */
  readonly fundReads = new Map<string, Fund | null>();
  /**
   * Capital calls read in this group (each allocation's `paid` counting every payment), kept up
   * to date by the payments the group books; any reversal drops them all.
   */
  readonly calls = new Map<number, CapitalCallRow>();
  /**
   * Balances under account-name prefixes read in this group (by the prefixes joined), kept up to
   * date by every increment the group books to an account under them.
   */
  readonly underPrefixes = new Map<string, { prefixes: readonly string[]; balances: Map<string, AccountBalance> }>();
  /** Fund terms in force read in this group, by `fund|date` (null: none in force). */
  readonly terms = new Map<string, TermsVersion | null>();
  /** Investor rows read (null: no such investor). */
  readonly investorReads = new Map<string, Investor | null>();
  /** Stored approval policies read in this group (null: the fund has none stored). */
  readonly policies = new Map<string, ApprovalPolicy | null>();
  /** How far each fund's books are closed (null: not closed), as read or set in this group. */
  readonly closes = new Map<string, IsoDate | null>();

  /** No other process can change the fund's events or balances before this group commits. */
  holdsFund(code: string): boolean {
    return this.exclusive || this.funds.has(code);
  }

  forget(): void {
    this.head = null;
    this.funds.clear();
    this.balances.clear();
    this.closes.clear();
    this.fundReads.clear();
    this.policies.clear();
    this.investorReads.clear();
    this.calls.clear();
    this.terms.clear();
    this.underPrefixes.clear();
  }
}
