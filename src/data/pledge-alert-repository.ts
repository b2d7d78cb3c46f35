import type { Knex } from 'knex';
import type { PledgeLevel } from '../domain/screening/pledge-level';
import type { PriceE4 } from '../domain/screening/price';
import { fenFromDb, idFromDb } from './db-values';

type Row = Record<string, unknown>;

/** One change of a company's pledge level, at the close that caused it. */
export interface PledgeAlert {
  screeningId: number;
  stockCode: string;
  companyName: string;
  fromLevel: PledgeLevel;
  toLevel: PledgeLevel;
  priceDate: string;
  /** Ten-thousandths of a yuan. */
  close: PriceE4;
  /** ISO instant the change was recorded. */
  occurredAt: string;
  /** Who sent the price: a user's name, or the import's actor. */
  actor: string;
  /** What sent it: the route or the command with its file. */
  cause: string;
  /** Set on an alert of a fund's own pledgee position: the pledge financing it took over. */
  investment?: number | null;
}

/** Append-only history of pledge level changes; rows are never updated or deleted. */
export class PledgeAlertRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertMany(alerts: readonly PledgeAlert[]): Promise<void> {
    for (let start = 0; start < alerts.length; start += 200) {
      await this.db('pledge_alerts').insert(
        alerts.slice(start, start + 200).map((a) => ({
          screening_id: a.screeningId,
          stock_code: a.stockCode,
          company_name: a.companyName,
          from_level: a.fromLevel,
          to_level: a.toLevel,
          price_date: a.priceDate,
          close_e4: a.close.toString(),
          occurred_at: a.occurredAt,
          actor: a.actor,
          cause: a.cause,
          investment_id: a.investment ?? null,
        })),
      );
    }
  }

  /**
   * Alerts recorded at or after `since` (an ISO instant or date; compared as text, so a date means
   * from its start in UTC), newest first, at most `limit`; `before` (an id) pages further back.
   */
  async since(query: { since?: string; stockCode?: string; before?: number; limit: number }): Promise<Array<PledgeAlert & { id: number }>> {
    let q = this.db('pledge_alerts').select('*');
    if (query.since !== undefined) q = q.where('occurred_at', '>=', query.since);
    if (query.stockCode !== undefined) q = q.where('stock_code', query.stockCode);
    if (query.before !== undefined) q = q.where('id', '<', query.before);
    const rows: Row[] = await q.orderBy('id', 'desc').limit(query.limit);
    return rows.map(fromRow);
  }
}

function fromRow(r: Row): PledgeAlert & { id: number } {
  return {
    id: idFromDb(r.id),
    screeningId: idFromDb(r.screening_id),
    stockCode: String(r.stock_code),
    companyName: String(r.company_name),
    fromLevel: String(r.from_level) as PledgeLevel,
    toLevel: String(r.to_level) as PledgeLevel,
    priceDate: String(r.price_date),
    close: fenFromDb(r.close_e4),
    occurredAt: String(r.occurred_at),
    actor: String(r.actor),
    cause: String(r.cause),
    investment: r.investment_id === null || r.investment_id === undefined ? null : idFromDb(r.investment_id),
  };
}
