import type { Knex } from 'knex';
import type { PriceE4 } from '../domain/screening/price';
import { fenFromDb } from './db-values';

type Row = Record<string, unknown>;

export interface MarketPrice {
  stockCode: string;
  date: string;
  /** Ten-thousandths of a yuan. */
  close: PriceE4;
}

/** Closing prices, one per stock code and date; a later report for the same day replaces it. */
export class MarketPriceRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async upsertMany(prices: readonly MarketPrice[], meta: { recordedAt: string; recordedBy: string }): Promise<void> {
    for (let start = 0; start < prices.length; start += 500) {
      const rows = prices.slice(start, start + 500).map((p) => ({
        stock_code: p.stockCode,
        date: p.date,
        close_e4: p.close.toString(),
        recorded_at: meta.recordedAt,
        recorded_by: meta.recordedBy,
      }));
      await this.db('market_prices').insert(rows).onConflict(['stock_code', 'date']).merge(['close_e4', 'recorded_at', 'recorded_by']);
    }
  }

  /** The latest price of each given stock code that has one, on or before `asOf` when given. */
  async latestFor(stockCodes: readonly string[], asOf?: string): Promise<Map<string, MarketPrice>> {
    const latest = new Map<string, MarketPrice>();
    for (let start = 0; start < stockCodes.length; start += 500) {
      const newest = this.db('market_prices as q').max('q.date').whereRaw('?? = ??', ['q.stock_code', 'p.stock_code']);
      if (asOf !== undefined) newest.where('q.date', '<=', asOf);
      const rows: Row[] = await this.db('market_prices as p')
        .whereIn('p.stock_code', stockCodes.slice(start, start + 500))
        .where('p.date', newest)
        .select('p.stock_code', 'p.date', 'p.close_e4');
      for (const r of rows) latest.set(String(r.stock_code), { stockCode: String(r.stock_code), date: String(r.date), close: fenFromDb(r.close_e4) });
    }
    return latest;
  }
}
