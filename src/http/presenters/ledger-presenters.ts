import { formatYuan } from '../../domain/money';
import type { AccountBalance, Entry } from '../../domain/ledger/entry';
import { balanceOf } from '../../domain/ledger/entry';
import type { TrialBalance } from '../../application/journal-service';
import { unscopedKey } from '../../application/idempotency';

/** Domain objects to JSON: money as yuan decimal strings, ids as numbers. */
export function presentEntry(entry: Entry & { reversedBy?: number | null }) {
  return {
    id: entry.id,
    date: entry.date,
    type: entry.type,
    memo: entry.memo,
    actor: entry.actor,
    idempotencyKey: entry.idempotencyKey === null || entry.idempotencyKey === undefined ? entry.idempotencyKey : unscopedKey(entry.idempotencyKey),
    reverses: entry.reverses,
    reversedBy: entry.reversedBy ?? null,
    metadata: entry.metadata,
    recordedAt: entry.recordedAt,
    prevHash: entry.prevHash,
    hash: entry.hash,
    lines: entry.lines.map((l) => ({ account: l.account, fund: l.fund, debit: formatYuan(l.debit), credit: formatYuan(l.credit) })),
  };
}

export function presentBalance(balance: AccountBalance) {
  return {
    account: balance.account,
    fund: balance.fund,
    debit: formatYuan(balance.debit),
    credit: formatYuan(balance.credit),
    balance: formatYuan(balanceOf(balance)),
  };
}

export function presentTrialBalance(tb: TrialBalance) {
  return {
    asOf: tb.asOf,
    fund: tb.fund,
    accounts: tb.accounts.map(presentBalance),
    totals: { debit: formatYuan(tb.totals.debit), credit: formatYuan(tb.totals.credit) },
  };
}
