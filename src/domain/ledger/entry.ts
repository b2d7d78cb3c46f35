import type { Fen } from '../money';
import type { IsoDate } from '../dates';

/** One posting: exactly one of debit or credit is positive. Amounts in fen. */
export interface Line {
  account: string;
  /** The accounting entity the line belongs to; always the account's second segment. */
  fund: string;
  debit: Fen;
  credit: Fen;
}

/** What a business event asks the ledger to record. */
export interface EntryDraft {
  /** Value date (业务日期). */
  date: IsoDate;
  /** Event type, e.g. 'commitment', 'capital_call', 'reversal'. */
  type: string;
  memo: string;
  actor: string;
  idempotencyKey?: string | null;
  /** Id of the entry this one reverses, for reversing entries only. */
  reverses?: number | null;
  /** Event facts kept with the entry (override reasons, event ids); part of the hash. */
  metadata?: Record<string, unknown>;
  lines: Line[];
}

/** A recorded, immutable journal entry. */
export interface Entry extends Required<Omit<EntryDraft, 'metadata'>> {
  id: number;
  metadata: Record<string, unknown>;
  /** When the service wrote it (ISO timestamp, UTC). */
  recordedAt: string;
  prevHash: string;
  hash: string;
}

/** The tip of the hash chain: the last entry written. */
export interface ChainHead {
  lastEntryId: number;
  lastHash: string;
}

/** Stored per-account totals, maintained in the same transaction as the lines. */
export interface AccountBalance {
  account: string;
  fund: string;
  debit: Fen;
  credit: Fen;
}

export function balanceOf(totals: Pick<AccountBalance, 'debit' | 'credit'>): Fen {
  return totals.debit - totals.credit;
}
