import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, type Fen } from '../money';
import type { EntryDraft } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertActive, assertNotBeforeInception, assertPositive, exceedsShare, yuan, type Override } from './event-rules';
import type { Fund, Investor } from './fund';

export interface CommitmentRequest {
  fund: Fund;
  investor: Investor;
  amount: Fen;
  date: IsoDate;
  actor: string;
  override?: Override;
  /** Commitments already in the fund, and the government-class part of them (fen). */
  committed: Fen;
  governmentCommitted: Fen;
}

/**
 * A commitment (认缴): committed -> uncalled in the fund's memo accounts.
 * @throws DomainError FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, COMMITMENT_EXCEEDS_TARGET,
 *   GOVERNMENT_SHARE_LIMIT (unless an admin overrides), VALIDATION_FAILED
 */
export function planCommitment(r: CommitmentRequest): EntryDraft {
  const { fund, investor } = r;
  assertPositive(r.amount);
  if (investor.fund === fund.code) throw DomainError.validation([{ field: 'investor', message: 'a fund cannot commit to itself' }]);
  assertActive(fund, 'a commitment');
  assertNotBeforeInception(fund, r.date);
  if (fund.targetSize === null) {
    throw new DomainError('FUND_NOT_ACTIVE', `fund ${fund.code} has no target size yet; set one first`, { fund: fund.code });
  }
  if (r.committed + r.amount > fund.targetSize) {
    throw new DomainError(
      'COMMITMENT_EXCEEDS_TARGET',
      `fund ${fund.code} target size ${formatYuanGrouped(fund.targetSize)}, committed ${formatYuanGrouped(r.committed)}, ` +
        `asked ${formatYuanGrouped(r.amount)}`,
      { fund: fund.code, targetSize: yuan(fund.targetSize), committed: yuan(r.committed), asked: yuan(r.amount) },
    );
  }
  const cap = fund.policy.maxGovernmentShare;
  const overCap = investor.capitalClass === 'government' && cap !== null && exceedsShare(r.governmentCommitted + r.amount, fund.targetSize, cap);
  if (overCap && !r.override?.byAdmin) {
    throw new DomainError(
      'GOVERNMENT_SHARE_LIMIT',
      `government-class commitments to ${fund.code} would reach ${formatYuanGrouped(r.governmentCommitted + r.amount)}, ` +
        `above ${cap} of its target size ${formatYuanGrouped(fund.targetSize)}; an admin override with a reason is required`,
      { fund: fund.code, cap, governmentCommitted: yuan(r.governmentCommitted), asked: yuan(r.amount) },
    );
  }
  return {
    date: r.date,
    type: 'commitment',
    memo: `${investor.name} commits ${yuan(r.amount)} to ${fund.name}`,
    actor: r.actor,
    metadata: { fund: fund.code, investor: investor.code, ...(overCap ? { override: r.override?.reason } : {}) },
    lines: [
      { account: chart.uncalled(fund.code, investor.code), fund: fund.code, debit: r.amount, credit: 0n },
      { account: chart.committed(fund.code, investor.code), fund: fund.code, debit: 0n, credit: r.amount },
    ],
  };
}
