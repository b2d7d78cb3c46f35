import { DomainError } from '../domain/errors';
import { balanceOf, type Entry, type Line } from '../domain/ledger/entry';
import { accountsOf } from '../domain/ledger/ledger-service';
import { assertReversalKeepsBalances } from '../domain/funds/reversal-guard';
import { roleOf } from '../domain/funds/chart-of-accounts';
import type { Repositories } from '../data/repositories';
import type { ReversalGuard } from './journal-service';

/**
 * Before a business event is reversed: lock its funds (code order, like every event), then refuse
 * a reversal that would leave cash, receivables, cost or commitments negative. An investment
 * still carrying an unrealized change must have its valuations reversed first.
 */
const guardBalances: ReversalGuard = async (repos: Repositories, original: Entry, lines: Line[]) => {
  await repos.funds.lockFunds([...new Set(lines.map((l) => l.fund))]);
  const locked = await repos.ledger.lockAccounts(accountsOf({ lines }));
  assertReversalKeepsBalances(lines, locked);
  if (original.type === 'investment') {
    const cost = lines.find((l) => roleOf(l.account).role === 'investment-cost');
    const fairValue = cost ? cost.account.replace(/:cost$/, ':fair-value') : null;
    const carried = fairValue ? (await repos.ledger.lockAccounts([{ account: fairValue, fund: cost!.fund }])).get(fairValue) : undefined;
    if (carried && balanceOf(carried) !== 0n) {
      throw new DomainError('REVERSAL_NOT_ALLOWED', `investment still carries an unrealized change on ${fairValue}; reverse its valuations first`, {
        account: fairValue,
      });
    }
  }
};

export const FUND_EVENT_TYPES = ['commitment', 'capital_call', 'payment', 'investment', 'exit', 'valuation', 'distribution', 'expense'] as const;

export const fundReversalGuards: ReadonlyMap<string, ReversalGuard> = new Map(FUND_EVENT_TYPES.map((type) => [type, guardBalances]));
