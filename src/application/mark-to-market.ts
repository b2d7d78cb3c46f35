import { DomainError, type ErrorCode } from '../domain/errors';
import type { Fen } from '../domain/money';
import { formatYuan } from '../domain/money';
import { formatPrice } from '../domain/screening/price';
import { markToMarketValue } from '../domain/watch/holding-value';
import { liquidityDiscount, remainingLockUpDays } from '../domain/watch/liquidity-discount';
import { positionLockupEndsOn } from './listed-positions';
import type { WatchSettings } from '../domain/watch/watch-settings';
import type { Repositories } from '../data/repositories';
import type { CommandContext } from './command-runner';
import { EVENTS } from './events/registry';
import { approvalGate, type GateSettings } from './approvals/approval-gate';
import type { EventOptions } from './events/event-support';

const REFUSED_BEFORE_WRITING: ReadonlySet<ErrorCode> = new Set(['VALIDATION_FAILED', 'FUND_NOT_ACTIVE']);

/** One valuation booked from a stored close. Money in fen. */
export interface MarkedValuation {
  valuation: number;
  investment: number;
  fund: string;
  stockCode: string;
  date: string;
  close: string;
  sharesHeld: number;
  remainingLockUpDays: number;
  liquidityDiscount: string;
  fairValue: Fen;
  unrealizedChange: Fen;
  /** Null when the value was already carried: nothing to book. */
  entryId: number | null;
}

export interface MarkToMarket {
  valuations: MarkedValuation[];
  skipped: Array<{ investment: number; stockCode: string; reason: string }>;
}

/**
 * Books, through the registry's valuation event, every equity investment in `stockCodes` still
 * holding shares at its latest stored close: shares held × close × (1 − liquidity discount of the
 * lock-up left at the close's date). Runs inside the caller's transaction, so a refusal leaves
 * neither the prices nor any valuation behind.
 * Holdings whose fund's approval policy lists valuation are skipped (the gate holds them; they
 * are proposed on their route). Holdings the valuation event refuses before writing (VALIDATION_FAILED, FUND_NOT_ACTIVE) are skipped
 * with the reason.
 * @throws DomainError what else the valuation event raises
 */
export async function markToMarket(
  repos: Repositories,
  ctx: CommandContext,
  stockCodes: readonly string[],
  options: EventOptions,
  settings: WatchSettings,
  gate: GateSettings,
): Promise<MarkToMarket> {
  const prices = await repos.marketPrices.latestFor(stockCodes);
  // One statement at a time: the transaction is one connection (pg refuses overlapping queries).
  const investments = [];
  for (const code of stockCodes) investments.push(...(await repos.events.investments({ stockCode: code })));
  const equity = investments.filter((i) => i.instrument === 'equity' && !i.reversed && i.shares !== null).sort((a, b) => a.id - b.id);
  const sold = await repos.events.sharesSold(equity.map((i) => i.id));
  // Each valuation posts its own entry; the request's idempotency key belongs to the request alone.
  const bookingContext: CommandContext = { ...ctx, idempotency: undefined };
  const result: MarkToMarket = { valuations: [], skipped: [] };
  for (const investment of equity) {
    const price = prices.get(investment.stockCode)!;
    const sharesHeld = investment.shares! - (sold.get(investment.id) ?? 0);
    const skip = (reason: string) => result.skipped.push({ investment: investment.id, stockCode: investment.stockCode, reason });
    if (sharesHeld <= 0) {
      skip('no shares held');
      continue;
    }
    if (price.date < investment.date) {
      skip(`latest price ${price.date} predates the investment of ${investment.date}`);
      continue;
    }
    const remaining = remainingLockUpDays(positionLockupEndsOn(investment, settings.lockUpMonths), price.date);
    const discount = liquidityDiscount(remaining, settings.discounts);
    const fairValue = markToMarketValue(sharesHeld, price.close, discount);
    const write = { action: 'valuation', target: String(investment.id), body: { fairValue: formatYuan(fairValue), date: price.date } };
    let booked;
    try {
      // The one approval gate: a fund whose policy lists valuation marks by proposal, never here.
      const { governing } = await approvalGate(repos, write, gate);
      if (governing.length > 0) {
        skip(`the approval policy of ${governing.map((p) => p.fund).join(', ')} lists valuation: propose it with POST /investments/${investment.id}/valuations`);
        continue;
      }
      booked = await EVENTS.valuation.book(repos, bookingContext, investment.id, { fairValue: formatYuan(fairValue), date: price.date }, options);
    } catch (error) {
      // planValuation refuses (a fully exited cost, a fund not active) before anything is written,
      // so one such holding is skipped rather than refusing every price of the request.
      if (error instanceof DomainError && REFUSED_BEFORE_WRITING.has(error.code)) {
        skip(error.message);
        continue;
      }
      throw error;
    }
    result.valuations.push({
      valuation: booked.result.id,
      investment: investment.id,
      fund: investment.fund,
      stockCode: investment.stockCode,
      date: price.date,
      close: formatPrice(price.close),
      sharesHeld,
      remainingLockUpDays: remaining,
      liquidityDiscount: discount,
      fairValue,
      unrealizedChange: booked.result.unrealizedChange,
      entryId: booked.result.entryId,
    });
  }
  return result;
}
