import type { Knex } from 'knex';
import type { IsoDate } from '../domain/dates';

type Row = Record<string, unknown>;

/** How far each fund's books are closed. */
export class PeriodRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** The close of each of these funds that has one. */
  async closedThrough(funds: readonly string[]): Promise<Map<string, IsoDate>> {
    if (funds.length === 0) return new Map();
    const rows: Row[] = await this.db('fund_periods').whereIn('fund', [...new Set(funds)]).whereNotNull('closed_through');
    return new Map(rows.map((r) => [String(r.fund), String(r.closed_through)]));
  }

  async setClosedThrough(fund: string, through: IsoDate | null, at: string, by: string): Promise<void> {
    await this.db('fund_periods')
      .insert({ fund, closed_through: through, updated_at: at, updated_by: by })
      .onConflict('fund')
      .merge(['closed_through', 'updated_at', 'updated_by']);
  }
}
