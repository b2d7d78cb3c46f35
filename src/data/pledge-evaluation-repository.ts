import type { Knex } from 'knex';
import type { PledgeLevel } from '../domain/screening/pledge-level';
import type { PledgeRisk } from '../domain/screening/pledge-risk';
import type { PriceE4 } from '../domain/screening/price';
import type { Route } from '../domain/screening/screening-decision';
import { fenFromDb, idFromDb, jsonFromDb } from './db-values';

type Row = Record<string, unknown>;

/** One re-evaluation of a screening's pledge risk at a market price. */
export interface PledgeEvaluation {
  screeningId: number;
  stockCode: string;
  priceDate: string;
  close: PriceE4;
  level: PledgeLevel;
  /** The level before this price: the previous evaluation's, or the screening's own. */
  previousLevel: PledgeLevel;
  route: Route | null;
  pledgeRisk: PledgeRisk;
  evaluatedAt: string;
}

/** Append-only history of pledge re-evaluations. */
export class PledgeEvaluationRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insertMany(evaluations: readonly PledgeEvaluation[]): Promise<void> {
    for (let start = 0; start < evaluations.length; start += 200) {
      await this.db('pledge_evaluations').insert(
        evaluations.slice(start, start + 200).map((e) => ({
          screening_id: e.screeningId,
          stock_code: e.stockCode,
          price_date: e.priceDate,
          close_e4: e.close.toString(),
          level: e.level,
          previous_level: e.previousLevel,
          route: e.route,
          pledge_risk: JSON.stringify(e.pledgeRisk),
          evaluated_at: e.evaluatedAt,
        })),
      );
    }
  }

  /** The latest evaluation of each given screening that has one. */
  async latestFor(screeningIds: readonly number[]): Promise<Map<number, PledgeEvaluation & { id: number }>> {
    const latest = new Map<number, PledgeEvaluation & { id: number }>();
    for (let start = 0; start < screeningIds.length; start += 500) {
      const rows: Row[] = await this.db('pledge_evaluations as e')
        .whereIn('e.screening_id', screeningIds.slice(start, start + 500))
        .where('e.id', this.db('pledge_evaluations as f').max('f.id').whereRaw('?? = ??', ['f.screening_id', 'e.screening_id']))
        .select('e.*');
      for (const r of rows) latest.set(idFromDb(r.screening_id), fromRow(r));
    }
    return latest;
  }

  /** Every evaluation of one screening, oldest first. */
  async history(screeningId: number): Promise<Array<PledgeEvaluation & { id: number }>> {
    const rows: Row[] = await this.db('pledge_evaluations').where({ screening_id: screeningId }).orderBy('id');
    return rows.map(fromRow);
  }
}

function fromRow(r: Row): PledgeEvaluation & { id: number } {
  return {
    id: idFromDb(r.id),
    screeningId: idFromDb(r.screening_id),
    stockCode: String(r.stock_code),
    priceDate: String(r.price_date),
    close: fenFromDb(r.close_e4),
    level: String(r.level) as PledgeLevel,
    previousLevel: String(r.previous_level) as PledgeLevel,
    route: r.route === null || r.route === undefined ? null : (String(r.route) as Route),
    pledgeRisk: jsonFromDb<PledgeRisk>(r.pledge_risk, {} as PledgeRisk),
    evaluatedAt: String(r.evaluated_at),
  };
}
