import { addDays, type IsoDate } from '../domain/dates';
import { lockupEndsOn, sellableShares, type Sale, type Sellable, type SellableInput } from '../domain/deals/lockup';
import type { AcquisitionMode } from '../domain/deals/selling-rules';
import { lockUpEnds, type LockUpMonths } from '../domain/watch/liquidity-discount';
import type { Repositories } from '../data/repositories';
import type { InvestmentRow } from '../data/fund-event-repository';

/**
 * How far back sales are read: the 90-day limits look back 89 days, and the rule after an
 * agreement transfer (the transferor keeps the 1% limit for 6 months) looks back half a year.
 */
const LOOK_BACK_DAYS = 200;

/**
 * The last day an equity position's shares are locked: the later of the dated rule table
 * (src/domain/deals/selling-rules.ts), the holder's own undertaking, and the service's house
 * minimum by acquisition mode (PHOENIX_LOCKUP_MONTHS); null when nothing locks them.
 */
export function positionLockupEndsOn(
  investment: Pick<InvestmentRow, 'acquisitionMode' | 'date' | 'holderCategory' | 'contractualLockupEndsOn' | 'instrumentTerms'>,
  house: LockUpMonths,
): IsoDate | null {
  const ruled = lockupEndsOn({
    acquisitionMode: ruledMode(investment),
    acquiredOn: investment.date,
    holderCategory: investment.holderCategory ?? 'general',
    contractualLockupEndsOn: investment.contractualLockupEndsOn,
  }).lockupEndsOn;
  const minimum = lockUpEnds(investment.acquisitionMode, investment.date, house);
  if (ruled === null) return minimum;
  if (minimum === null) return ruled;
  return ruled > minimum ? ruled : minimum;
}

function acquisitionModeOf(mode: string | null): AcquisitionMode | null {
  return mode === 'private_placement' || mode === 'block_trade' || mode === 'agreement_transfer' ? mode : null;
}

/** The mode the rules see: a block bought from a seller the rules do not restrict is ordinary shares. */
function ruledMode(investment: Pick<InvestmentRow, 'acquisitionMode' | 'instrumentTerms'>): AcquisitionMode | null {
  const mode = acquisitionModeOf(investment.acquisitionMode);
  return mode === 'block_trade' && investment.instrumentTerms.sellerRestricted === false ? null : mode;
}

/**
 * What the selling rules read of an equity position on `asOf`: its lock-up, the company's total
 * shares (from the screening it was bought on), what the fund holds of the company in all its
 * equity positions (the 5% test), and the fund's sales of the company in the look-back window
 * (the limits are the holder's, not one position's). A sale recorded without a channel counts as
 * an exchange sale.
 */
export async function sellingInput(repos: Repositories, investment: InvestmentRow, sharesHeld: number, asOf: IsoDate, house: LockUpMonths): Promise<SellableInput> {
  const siblings = (await repos.events.investments({ fund: investment.fund, stockCode: investment.stockCode })).filter((i) => i.instrument === 'equity' && !i.reversed && i.shares !== null);
  const sold = await repos.events.sharesSold(siblings.map((i) => i.id));
  const holderShares = siblings.reduce((s, i) => s + (i.shares! - (sold.get(i.id) ?? 0)), 0);
  const sales: Sale[] = (await repos.events.shareSales(siblings.map((i) => i.id), addDays(asOf, -LOOK_BACK_DAYS)))
    .filter((s) => s.date <= asOf)
    .map((s) => ({ date: s.date, channel: s.channel ?? 'exchange', shares: s.shares }));
  const totalShares = investment.screeningId === null ? null : await repos.screenings.totalShares(investment.screeningId);
  const lockup = positionLockupEndsOn(investment, house);
  return {
    stockCode: investment.stockCode,
    acquisitionMode: ruledMode(investment),
    acquiredOn: investment.date,
    holderCategory: investment.holderCategory ?? 'general',
    contractualLockupEndsOn: lockup,
    sharesHeld,
    totalShares,
    holderShares,
    asOf,
    sales,
  };
}

/** An equity position's lock-up end and what it may sell over the next 90 days, by channel. */
export async function positionSellable(repos: Repositories, investment: InvestmentRow, sharesHeld: number, asOf: IsoDate, house: LockUpMonths): Promise<Sellable> {
  return sellableShares(await sellingInput(repos, investment, sharesHeld, asOf, house));
}

export function presentSellable(s: Sellable) {
  return {
    lockupEndsOn: s.lockupEndsOn,
    lockupRule: s.lockupRule,
    window: s.window,
    sellableShares: { exchange: s.exchange, blockTrade: s.blockTrade },
    agreementTransferMinimum: s.agreementTransfer?.minimum ?? null,
    limited: s.limited,
    reason: s.reason,
    afterLockup: s.afterLockup,
  };
}
