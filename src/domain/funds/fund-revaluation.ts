import type { IsoDate } from '../dates';
import type { EntryDraft } from '../ledger/entry';
import type { InterestValue } from './look-through';
import { chart } from './chart-of-accounts';
import { yuan } from './event-rules';

/**
 * The entry a period close books for one fund interest: its carrying value (cost plus earlier
 * revaluations) moves to its look-through value on the close date, the change as the holder's
 * gain or loss on that sub-fund. No change books nothing (null).
 */
export function planFundRevaluation(interest: InterestValue, date: IsoDate, actor: string): EntryDraft | null {
  const change = interest.adjustment;
  if (change === 0n) return null;
  const holder = interest.holder;
  const revaluation = chart.fundInterestRevaluation(holder, interest.fund);
  const gains = chart.fundGains(holder, interest.fund);
  const magnitude = change > 0n ? change : -change;
  const [debit, credit] = change > 0n ? [revaluation, gains] : [gains, revaluation];
  return {
    date,
    type: 'fund_revaluation',
    memo: `Period close ${date}: ${holder}'s interest in ${interest.fund} to its look-through value ${yuan(interest.value)} (change ${yuan(change)})`,
    actor,
    metadata: { fund: holder, subfund: interest.fund, carrying: yuan(interest.carrying), value: yuan(interest.value) },
    lines: [
      { account: debit, fund: holder, debit: magnitude, credit: 0n },
      { account: credit, fund: holder, debit: 0n, credit: magnitude },
    ],
  };
}
