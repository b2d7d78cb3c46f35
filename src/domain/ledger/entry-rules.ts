import { DomainError } from '../errors';
import { formatYuan, MAX_FEN, type Fen } from '../money';
import { isIsoDate } from '../dates';
import { assertValidAccount } from './account-name';
import type { AccountBalance, ChainHead, Entry, EntryDraft, Line } from './entry';

/**
 * The invariants every entry must satisfy before it is written:
 * at least two lines; each line has exactly one positive side within the ledger's range;
 * debits equal credits in total and within every fund, since each fund is its own entity.
 * @throws DomainError UNBALANCED_ENTRY, INVALID_ACCOUNT, VALIDATION_FAILED
 */
export function assertPostable(draft: EntryDraft): void {
  if (!isIsoDate(draft.date)) throw DomainError.validation([{ field: 'date', message: 'must be YYYY-MM-DD' }]);
  if (!draft.type) throw DomainError.validation([{ field: 'type', message: 'is required' }]);
  if (draft.lines.length < 2) throw new DomainError('UNBALANCED_ENTRY', 'an entry needs at least two lines');
  draft.lines.forEach(assertLine);
  const perFund = totalsByFund(draft.lines);
  for (const [fund, totals] of perFund) {
    if (totals.debit !== totals.credit) {
      throw new DomainError(
        'UNBALANCED_ENTRY',
        `entry does not balance in fund ${fund}: debits ${formatYuan(totals.debit)}, credits ${formatYuan(totals.credit)}`,
        { fund, debit: formatYuan(totals.debit), credit: formatYuan(totals.credit) },
      );
    }
  }
}

export function totalsByFund(lines: readonly Line[]): Map<string, { debit: Fen; credit: Fen }> {
  const totals = new Map<string, { debit: Fen; credit: Fen }>();
  for (const line of lines) {
    const current = totals.get(line.fund) ?? { debit: 0n, credit: 0n };
    current.debit += line.debit;
    current.credit += line.credit;
    totals.set(line.fund, current);
  }
  return totals;
}

function assertLine(line: Line, index: number): void {
  assertValidAccount(line.account, line.fund);
  const oneSided = (line.debit > 0n && line.credit === 0n) || (line.credit > 0n && line.debit === 0n);
  if (!oneSided) {
    throw new DomainError('UNBALANCED_ENTRY', `line ${index} (${line.account}) must have exactly one positive side`, {
      line: index,
      account: line.account,
    });
  }
  if (line.debit > MAX_FEN || line.credit > MAX_FEN) {
    throw new DomainError('AMOUNT_OUT_OF_RANGE', `line ${index} (${line.account}) is past the exact range of the ledger`, {
      line: index,
      account: line.account,
      max: formatYuan(MAX_FEN),
    });
  }
}

/**
 * The totals each account would hold after the deltas stay inside the exact range. Stored debit
 * and credit totals only grow, so it is they (not the net balance) that must stay in range.
 * @throws DomainError AMOUNT_OUT_OF_RANGE
 */
export function assertTotalsInRange(current: ReadonlyMap<string, Pick<AccountBalance, 'debit' | 'credit'>>, deltas: readonly AccountBalance[]): void {
  for (const delta of deltas) {
    const held = current.get(delta.account) ?? { debit: 0n, credit: 0n };
    const debit = held.debit + delta.debit;
    const credit = held.credit + delta.credit;
    if (debit > MAX_FEN || credit > MAX_FEN || debit < 0n || credit < 0n) {
      throw new DomainError(
        'AMOUNT_OUT_OF_RANGE',
        `the totals of ${delta.account} would reach debit ${formatYuan(debit)}, credit ${formatYuan(credit)}, past the exact range of the ledger (${formatYuan(MAX_FEN)})`,
        { account: delta.account, max: formatYuan(MAX_FEN) },
      );
    }
  }
}

/**
 * A broken ledger invariant: a bug upstream, never a user's mistake. Raised just before a write
 * that would otherwise corrupt the books silently; the transaction rolls back and the request is
 * answered as a logged 500.
 */
export class LedgerInvariantError extends Error {
  override readonly name = 'LedgerInvariantError';
}

/**
 * The last check before an entry row is written, whatever path built it: the entry follows the
 * chain head it was planned on (next id, previous hash) and balances within every fund.
 * @throws LedgerInvariantError
 */
export function assertWritable(entry: Entry, head: ChainHead | null): void {
  if (!head) throw new LedgerInvariantError(`entry ${entry.id} is being written without the chain head locked`);
  if (entry.id !== head.lastEntryId + 1) {
    throw new LedgerInvariantError(`entry ${entry.id} does not follow the chain head (last entry ${head.lastEntryId})`);
  }
  if (entry.prevHash !== head.lastHash) throw new LedgerInvariantError(`entry ${entry.id} does not chain to the head's hash`);
  for (const [fund, totals] of totalsByFund(entry.lines)) {
    if (totals.debit !== totals.credit) {
      throw new LedgerInvariantError(`entry ${entry.id} does not balance in fund ${fund}: debits ${formatYuan(totals.debit)}, credits ${formatYuan(totals.credit)}`);
    }
  }
}
