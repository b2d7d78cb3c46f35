import { DomainError } from '../../domain/errors';
import { balanceOf, type Entry, type Line } from '../../domain/ledger/entry';
import { accountsOf } from '../../domain/ledger/ledger-service';
import { assertReversalKeepsBalances } from '../../domain/funds/reversal-guard';
import { chart, roleOf } from '../../domain/funds/chart-of-accounts';
import type { Repositories } from '../../data/repositories';
import type { ReversalGuard } from '../journal-service';

/**
 * Before a business event is reversed: lock its funds (code order, like every event), then refuse
 * a reversal that would leave cash, receivables, cost or commitments negative. An investment
 * still carrying an unrealized change must have its valuations reversed first.
 */
export const guardBalances: ReversalGuard = async (repos: Repositories, original: Entry, lines: Line[]) => {
  await repos.funds.lockFunds([...new Set(lines.map((l) => l.fund))]);
  const locked = await repos.ledger.lockAccounts(accountsOf({ lines }));
  assertReversalKeepsBalances(lines, locked);
  if (original.type === 'investment') {
    const cost = lines.map((l) => ({ line: l, role: roleOf(l.account) })).find((c) => c.role.role === 'investment-cost');
    if (!cost || cost.role.role !== 'investment-cost') return;
    const fairValue = chart.investmentFairValue(cost.line.fund, cost.role.stockCode, cost.role.instrument, cost.role.investmentId);
    const carried = (await repos.ledger.lockAccounts([{ account: fairValue, fund: cost.line.fund }])).get(fairValue);
    if (carried && balanceOf(carried) !== 0n) {
      throw new DomainError('REVERSAL_NOT_ALLOWED', `investment still carries an unrealized change on ${fairValue}; reverse its valuations first`, {
        account: fairValue,
      });
    }
  }
};
