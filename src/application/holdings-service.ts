import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import { formatPrice } from '../domain/screening/price';
import { markToMarketValue, shareOf, valueHolding } from '../domain/watch/holding-value';
import { liquidityDiscount, remainingLockUpDays } from '../domain/watch/liquidity-discount';
import { positionLockupEndsOn } from './listed-positions';
import { isStale, tradingDaysSince } from '../domain/watch/price-staleness';
import type { WatchSettings } from '../domain/watch/watch-settings';
import type { Database } from '../data/database';
import { investmentPositions } from './report-queries';
import { fractionText, holderFractions, scaleFen, scaleShares, type HolderFraction } from './holding-look-through';

/**
 * One equity holding of a fund valued at the latest stored close on or before the date. Money in fen.
 * An indirect holding is the part of a sub-fund's holding that `fund` owns through its interest in
 * `via` (look-through): shares, cost and values are that part of the sub-fund's, half-up.
 */
export interface Holding {
  fund: string;
  indirect: boolean;
  /** The fund that holds the shares itself, for an indirect holding; null for a direct one. */
  via: string | null;
  /** What `fund` owns of `via`: its NAV share over the sub-fund's NAV (down the chain), 4 dp; null when direct. */
  holderShare: string | null;
  investment: number;
  stockCode: string;
  companyName: string;
  acquisitionMode: string | null;
  acquiredOn: IsoDate;
  sharesHeld: number;
  cost: Fen;
  /** Yuan per share, 4 dp. */
  averageCost: string | null;
  priceDate: IsoDate | null;
  /** Yuan per share, 4 dp. */
  close: string | null;
  marketValue: Fen | null;
  unrealisedGain: Fen | null;
  /** Trading days since the price (Monday to Friday); null without a price. */
  priceAgeTradingDays: number | null;
  /** No price at all, or one older than the configured trading days. */
  stale: boolean;
  lockUpEnds: IsoDate | null;
  remainingLockUpDays: number;
  liquidityDiscount: string;
  /** What mark-to-market would book: market value × (1 − liquidity discount). */
  discountedValue: Fen | null;
  /** What the books carry now: cost plus the unrealized change booked on it. */
  carryingValue: Fen;
  /** Market value / the fund's market value of all its priced holdings. */
  shareOfFund: string | null;
}

interface Exposure {
  cost: Fen;
  marketValue: Fen;
  unrealisedGain: Fen;
  /** Holdings without any price: their cost is in `cost`, their value in nothing. */
  unpriced: number;
  stale: number;
}

export interface FundExposure extends Exposure {
  fund: string;
  holdings: number;
}

export interface CompanyExposure extends Exposure {
  stockCode: string;
  companyName: string;
  sharesHeld: number;
  /** Cost of every fund's holding / shares held, yuan per share to 4 dp. */
  averageCost: string | null;
  funds: string[];
}

export interface HoldingsView {
  asOf: IsoDate;
  staleAfterTradingDays: number;
  holdings: Holding[];
  funds: FundExposure[];
  companies: CompanyExposure[];
}

/**
 * The funds' listed equity holdings as they stood at the end of `asOf` (shares and cost from the
 * journal), each valued at its latest stored close on or before that date, with exposure per fund
 * and per company. For one fund, its sub-funds' holdings come too, look-through (`indirect`), so its
 * exposure is what it owns directly and through its fund interests; without a fund, every fund's
 * own holdings only, each counted once.
 */
export async function fundHoldings(db: Database, query: { asOf: IsoDate; fund?: string; stockCodes?: readonly string[] }, settings: WatchSettings): Promise<HoldingsView> {
  const through = query.fund === undefined ? new Map<string, HolderFraction>() : await holderFractions(db, query.fund, query.asOf);
  const positions = (await investmentPositions(db, query.asOf)).filter(
    (p) =>
      p.investment.instrument === 'equity' &&
      p.status === 'held' &&
      p.sharesHeld !== null &&
      p.sharesHeld > 0 &&
      (query.fund === undefined || p.investment.fund === query.fund || through.has(p.investment.fund)) &&
      (query.stockCodes === undefined || query.stockCodes.includes(p.investment.stockCode)),
  );
  const codes = [...new Set(positions.map((p) => p.investment.stockCode))];
  const prices = await db.read((repos) => repos.marketPrices.latestFor(codes, query.asOf));
  const direct: Holding[] = positions.map((p) => {
    const price = prices.get(p.investment.stockCode) ?? null;
    const value = valueHolding({ sharesHeld: p.sharesHeld!, cost: p.cost, close: price?.close ?? null });
    const ends = positionLockupEndsOn(p.investment, settings.lockUpMonths);
    const remaining = remainingLockUpDays(ends, query.asOf);
    const discount = liquidityDiscount(remaining, settings.discounts);
    return {
      fund: p.investment.fund,
      indirect: false,
      via: null,
      holderShare: null,
      investment: p.investment.id,
      stockCode: p.investment.stockCode,
      companyName: p.investment.companyName,
      acquisitionMode: p.investment.acquisitionMode,
      acquiredOn: p.investment.date,
      sharesHeld: p.sharesHeld!,
      cost: p.cost,
      averageCost: value.averageCost,
      priceDate: price?.date ?? null,
      close: price ? formatPrice(price.close) : null,
      marketValue: value.marketValue,
      unrealisedGain: value.unrealisedGain,
      priceAgeTradingDays: price ? tradingDaysSince(price.date, query.asOf) : null,
      stale: price === null || isStale(price.date, query.asOf, settings.staleAfterTradingDays),
      lockUpEnds: ends,
      remainingLockUpDays: remaining,
      liquidityDiscount: discount,
      discountedValue: price === null ? null : markToMarketValue(p.sharesHeld!, price.close, discount),
      carryingValue: p.cost + p.fairValueChange,
      shareOfFund: null,
    };
  });
  const holdings = direct.map((h) => (query.fund === undefined || h.fund === query.fund ? h : indirectHolding(h, query.fund, through.get(h.fund)!)));
  const funds = exposures(holdings, (h) => h.fund).map(([fund, list, e]) => ({ fund, holdings: list.length, ...e }));
  const fundValue = new Map(funds.map((f) => [f.fund, f.marketValue]));
  for (const h of holdings) h.shareOfFund = h.marketValue === null ? null : shareOf(h.marketValue, fundValue.get(h.fund)!);
  const companies = exposures(holdings, (h) => h.stockCode).map(([stockCode, list, e]) => ({
    stockCode,
    companyName: list[0].companyName,
    sharesHeld: list.reduce((s, h) => s + h.sharesHeld, 0),
    averageCost: valueHolding({ sharesHeld: list.reduce((s, h) => s + h.sharesHeld, 0), cost: e.cost, close: null }).averageCost,
    funds: [...new Set(list.map((h) => h.fund))].sort(),
    ...e,
  }));
  return { asOf: query.asOf, staleAfterTradingDays: settings.staleAfterTradingDays, holdings, funds, companies };
}

/** `holder`'s part of a sub-fund's holding; the price, its age and the lock-up stay the sub-fund's. */
function indirectHolding(h: Holding, holder: string, fraction: HolderFraction): Holding {
  const scale = (amount: Fen | null) => (amount === null ? null : scaleFen(amount, fraction));
  const cost = scaleFen(h.cost, fraction);
  const marketValue = scale(h.marketValue);
  return {
    ...h,
    fund: holder,
    indirect: true,
    via: h.fund,
    holderShare: fractionText(fraction),
    sharesHeld: scaleShares(h.sharesHeld, fraction),
    cost,
    marketValue,
    unrealisedGain: marketValue === null ? null : marketValue - cost,
    discountedValue: scale(h.discountedValue),
    carryingValue: scaleFen(h.carryingValue, fraction),
  };
}

function exposures<K extends string>(holdings: readonly Holding[], key: (h: Holding) => K): Array<[K, Holding[], Exposure]> {
  const groups = new Map<K, Holding[]>();
  for (const h of holdings) groups.set(key(h), [...(groups.get(key(h)) ?? []), h]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, list]) => {
      const priced = list.filter((h) => h.marketValue !== null);
      return [
        k,
        list,
        {
          cost: list.reduce((s, h) => s + h.cost, 0n),
          marketValue: priced.reduce((s, h) => s + h.marketValue!, 0n),
          unrealisedGain: priced.reduce((s, h) => s + h.unrealisedGain!, 0n),
          unpriced: list.length - priced.length,
          stale: list.filter((h) => h.stale).length,
        },
      ];
    });
}
