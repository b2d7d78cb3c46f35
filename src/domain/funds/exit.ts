import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { assertNotBeforeInception, assertOpened, yuan } from './event-rules';
import type { Fund } from './fund';
import type { Instrument } from '../deals/instrument';

export const EXIT_KINDS = ['sale', 'repayment', 'income'] as const;
export type ExitKind = (typeof EXIT_KINDS)[number];

/** Where an exit sold: 集中竞价 on the exchange, 大宗交易, 协议转让, or a counterparty's buyback (回购). */
export const EXIT_CHANNELS = ['exchange', 'block_trade', 'agreement_transfer', 'buyback'] as const;
export type ExitChannel = (typeof EXIT_CHANNELS)[number];

export interface ExitRequest {
  fund: Fund;
  investment: { id: number; stockCode: string; instrument: Instrument; date: IsoDate };
  kind: ExitKind;
  proceeds: Fen;
  /** Cost released as given; null when the exit names shares only. */
  cost: Fen | null;
  /** Shares sold (equity only); null when not given. */
  shares: number | null;
  date: IsoDate;
  actor: string;
  /** Remaining cost and the unrealized change still carried on the investment. */
  remainingCost: Fen;
  fairValue: Fen;
  /** Shares held now (investment shares less shares of exits not reversed); null when never counted. */
  sharesHeld: number | null;
}

export interface PlannedExit {
  draft: EntryDraft;
  cost: Fen;
  realizedGain: Fen;
  unrealizedReleased: Fen;
}

/**
 * Cost released by selling `sold` of `held` shares at average cost: cost × sold / held, rounded
 * half-up to the fen; the last sale releases all that remains, so no fen is ever stranded.
 */
export function averageCostOf(remainingCost: Fen, sold: number, held: number): Fen {
  if (sold === held) return remainingCost;
  const s = BigInt(sold);
  const h = BigInt(held);
  return (2n * remainingCost * s + h) / (2n * h);
}

/**
 * The cost an exit releases: from shares at average cost, or as given; given both, they must agree.
 * @throws DomainError VALIDATION_FAILED, EXIT_EXCEEDS_SHARES, EXIT_COST_MISMATCH
 */
function costReleased(r: ExitRequest): Fen {
  if (r.shares === null) {
    if (r.cost !== null) return r.cost;
    if (r.kind === 'income') return 0n;
    throw DomainError.validation([{ field: 'cost', message: `or shares is required for a ${r.kind}` }]);
  }
  if (r.investment.instrument !== 'equity') {
    throw DomainError.validation([{ field: 'shares', message: `applies to equity only; a ${r.investment.instrument} is exited by cost` }]);
  }
  if (r.kind === 'income') throw DomainError.validation([{ field: 'shares', message: 'income (dividends, interest) never reduces shares; omit shares' }]);
  if (r.sharesHeld === null) {
    throw DomainError.validation([{ field: 'shares', message: `investment ${r.investment.id} was recorded without a share count; give cost instead` }]);
  }
  if (r.shares > r.sharesHeld) {
    throw new DomainError('EXIT_EXCEEDS_SHARES', `investment ${r.investment.id} holds ${r.sharesHeld} shares, asked to sell ${r.shares}`, {
      investment: r.investment.id,
      sharesHeld: r.sharesHeld,
      asked: r.shares,
    });
  }
  const cost = averageCostOf(r.remainingCost, r.shares, r.sharesHeld);
  if (r.cost !== null && r.cost !== cost) {
    throw new DomainError(
      'EXIT_COST_MISMATCH',
      `${r.shares} of ${r.sharesHeld} shares release ${formatYuanGrouped(cost)} at average cost, not ${formatYuanGrouped(r.cost)}; omit cost or send ${yuan(cost)}`,
      { investment: r.investment.id, shares: r.shares, sharesHeld: r.sharesHeld, cost: yuan(cost), asked: yuan(r.cost) },
    );
  }
  return cost;
}

/**
 * An exit: sale proceeds, a loan repayment, or income. A sale of equity may name the shares sold,
 * releasing cost at average cost. Realized gain = proceeds − cost released; the unrealized change
 * carried on the released cost is released with it, pro rata.
 * @throws DomainError EXIT_EXCEEDS_COST, EXIT_EXCEEDS_SHARES, EXIT_COST_MISMATCH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function planExit(request: ExitRequest): PlannedExit {
  assertOpened(request.fund, 'an exit');
  assertNotBeforeInception(request.fund, request.date);
  if (request.date < request.investment.date) {
    throw DomainError.validation([{ field: 'date', message: `must not be before the investment date ${request.investment.date}` }]);
  }
  const r = { ...request, cost: costReleased(request) };
  if (r.kind === 'income' && r.cost !== 0n) throw DomainError.validation([{ field: 'cost', message: 'must be 0 for income' }]);
  if (r.kind === 'income' && r.proceeds === 0n) throw DomainError.validation([{ field: 'proceeds', message: 'must be greater than zero for income' }]);
  if (r.kind !== 'income' && r.cost === 0n) throw DomainError.validation([{ field: 'cost', message: `must be greater than zero for a ${r.kind}` }]);
  if (r.kind === 'repayment' && r.investment.instrument === 'equity') {
    throw DomainError.validation([{ field: 'kind', message: 'equity is exited by sale (dividends are income), not repayment' }]);
  }
  if (r.cost > r.remainingCost) {
    throw new DomainError(
      'EXIT_EXCEEDS_COST',
      `investment ${r.investment.id} has remaining cost ${formatYuanGrouped(r.remainingCost)}, asked to release ${formatYuanGrouped(r.cost)}`,
      { investment: r.investment.id, remainingCost: yuan(r.remainingCost), asked: yuan(r.cost) },
    );
  }
  const code = r.fund.code;
  const { id, stockCode, instrument } = r.investment;
  const lines: Line[] = [];
  const push = (account: string, amount: Fen) => {
    if (amount > 0n) lines.push({ account, fund: code, debit: amount, credit: 0n });
    if (amount < 0n) lines.push({ account, fund: code, debit: 0n, credit: -amount });
  };
  push(chart.cash(code), r.proceeds);
  if (r.kind === 'income') {
    push(chart.investmentIncome(code, stockCode), -r.proceeds);
    return { draft: draftOf(r, lines), cost: 0n, realizedGain: r.proceeds, unrealizedReleased: 0n };
  }
  push(chart.investmentCost(code, stockCode, instrument, id), -r.cost);
  const released = r.cost === r.remainingCost ? r.fairValue : (r.fairValue * r.cost) / r.remainingCost;
  push(chart.investmentFairValue(code, stockCode, instrument, id), -released);
  push(chart.unrealizedGains(code), released);
  const realizedGain = r.proceeds - r.cost;
  push(chart.realizedGains(code), -realizedGain);
  return { draft: draftOf(r, lines), cost: r.cost, realizedGain, unrealizedReleased: released };
}

function draftOf(r: ExitRequest & { cost: Fen }, lines: Line[]): EntryDraft {
  const sold = r.shares === null ? '' : `, ${r.shares} shares`;
  return {
    date: r.date,
    type: 'exit',
    memo: `${r.kind} of investment ${r.investment.id} (${r.investment.stockCode}): proceeds ${yuan(r.proceeds)}, cost released ${yuan(r.cost)}${sold}`,
    actor: r.actor,
    metadata: { fund: r.fund.code, investment: r.investment.id, kind: r.kind, ...(r.shares === null ? {} : { shares: r.shares }) },
    lines,
  };
}
