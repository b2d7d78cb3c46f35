import { DomainError } from '../errors';
import { balanceOf, type AccountBalance, type Line } from '../ledger/entry';
import { mustStayNonNegative } from './chart-of-accounts';
import { yuan } from './event-rules';

/**
 * A reversal may not leave cash, receivables, cost or commitment accounts negative: reversing a
 * payment whose cash was spent, or a commitment already called, is refused.
 * @throws DomainError REVERSAL_NOT_ALLOWED naming the account and the balance it would reach
 */
export function assertReversalKeepsBalances(lines: readonly Line[], balances: ReadonlyMap<string, AccountBalance>): void {
  // An entry may post one account twice (a commitment and its equalisation both move uncalled):
  // what counts is the balance after all of the reversal's lines.
  const change = new Map<string, bigint>();
  for (const line of lines) change.set(line.account, (change.get(line.account) ?? 0n) + line.debit - line.credit);
  for (const [account, delta] of change) {
    const side = mustStayNonNegative(account);
    if (!side) continue;
    const current = balances.get(account);
    const after = (current ? balanceOf(current) : 0n) + delta;
    const normal = side === 'debit' ? after : -after;
    if (normal < 0n) {
      throw new DomainError('REVERSAL_NOT_ALLOWED', `the reversal would leave ${account} at ${yuan(normal)}; reverse the later events first`, { account });
    }
  }
}
