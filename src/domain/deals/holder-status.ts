import { addDays, addMonths, type IsoDate } from '../dates';
import { ratio } from '../money';
import { MAJOR_HOLDER_PERCENT, rulesInForce, type AcquisitionMode, type LimitedChannel, type SellingLimitRule, type SellingRule } from './selling-rules';

/** `buyback`: the counterparty or the company repurchasing; it counts against no limit. */
export type SaleChannel = LimitedChannel | 'agreement_transfer' | 'buyback';

export interface Sale {
  date: IsoDate;
  channel: SaleChannel;
  shares: number;
}

/** What the status tests read of a holding. */
export interface HoldingFacts {
  sharesHeld: number;
  holderShares?: number | null;
  acquisitionMode: AcquisitionMode | null;
  asOf: IsoDate;
  sales: readonly Sale[];
}

/**
 * Why the percentage limit of `row` binds the holder on asOf, or null when it does not: a major holder (5%
 * or more, concert parties included when holderShares is given), a holder of specific shares, or a former
 * major holder within a status tail. Holdings before a sale are rebuilt from today's holding plus the sales
 * since, so a purchase between two sales is not seen (the holder is taken to have only sold since).
 */
export function limitedBy(facts: HoldingFacts, row: SellingLimitRule, totalShares: number, rules: readonly SellingRule[]): string | null {
  const held = facts.holderShares ?? facts.sharesHeld;
  if (isMajor(held, totalShares)) return `holds ${sharePercent(held, totalShares)} of total shares (at least ${MAJOR_HOLDER_PERCENT}%)`;
  if (facts.acquisitionMode !== null && row.specificShareModes.includes(facts.acquisitionMode)) {
    return `holds ${facts.acquisitionMode.replace('_', ' ')} shares, specific shares (特定股份) under ${row.id}`;
  }
  for (const lost of statusLosses(facts, held, totalShares)) {
    for (const tail of rulesInForce('status_tail', lost.date, rules)) {
      if (!tail.channels.includes(row.channel) || (tail.trigger === 'agreement_transfer' && !lost.byAgreementTransfer)) continue;
      const until = 'months' in tail.period ? addMonths(lost.date, tail.period.months) : addDays(lost.date, tail.period.days);
      if (facts.asOf <= until) {
        const how = tail.trigger === 'agreement_transfer' ? ' by agreement transfer' : '';
        return `fell below ${MAJOR_HOLDER_PERCENT}% on ${lost.date}${how}, so the major-holder limits continue until ${until} (${tail.id})`;
      }
    }
  }
  return null;
}

/** Shares sold by `channel` from `from` to `to`, both inclusive. */
export function soldBetween(sales: readonly Sale[], channel: SaleChannel, from: IsoDate, to: IsoDate): number {
  return sales.filter((s) => s.channel === channel && s.date >= from && s.date <= to).reduce((sum, s) => sum + s.shares, 0);
}

/** Days on which the holder went from major to not, newest first. */
function statusLosses(facts: HoldingFacts, heldNow: number, total: number): { date: IsoDate; byAgreementTransfer: boolean }[] {
  const past = facts.sales.filter((s) => s.date <= facts.asOf);
  const days = [...new Set(past.map((s) => s.date))].sort().reverse();
  const soldFrom = (day: IsoDate, inclusive: boolean) => past.filter((s) => (inclusive ? s.date >= day : s.date > day)).reduce((sum, s) => sum + s.shares, 0);
  return days
    .filter((day) => isMajor(heldNow + soldFrom(day, true), total) && !isMajor(heldNow + soldFrom(day, false), total))
    .map((day) => ({ date: day, byAgreementTransfer: past.some((s) => s.date === day && s.channel === 'agreement_transfer') }));
}

function isMajor(shares: number, total: number): boolean {
  return BigInt(shares) * 100n >= BigInt(total) * BigInt(MAJOR_HOLDER_PERCENT);
}

export function sharePercent(shares: number, total: number): string {
  return `${ratio(BigInt(shares) * 100n, BigInt(total), 2)}%`;
}
