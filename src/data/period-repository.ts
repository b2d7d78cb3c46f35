import type { Knex } from 'knex';
import type { IsoDate } from '../domain/dates';
import type { BatchState } from './batch-state';

type Row = Record<string, unknown>;

/** How far each fund's books are closed. */
export class PeriodRepository {
  /** `state`: the group's rows; a fund's close, once read, is kept there for the group's later jobs. */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  /** The close of each of these funds that has one. */
  async closedThrough(funds: readonly string[]): Promise<Map<string, IsoDate>> {
    const known = this.state?.closes;
    const wanted = [...new Set(funds)];
    const missing = known ? wanted.filter((f) => !known.has(f)) : wanted;
    const result = new Map<string, IsoDate>();
    if (missing.length > 0) {
      const rows: Row[] = await this.db('fund_periods').whereIn('fund', missing).whereNotNull('closed_through');
      const found = new Map(rows.map((r) => [String(r.fund), String(r.closed_through)]));
      for (const fund of missing) {
        const through = found.get(fund) ?? null;
        if (through) result.set(fund, through);
        // Kept only while no other process can close the fund before this group commits.
        if (this.state?.holdsFund(fund)) known?.set(fund, through);
      }
    }
    for (const fund of wanted) {
      const through = known?.get(fund);
      if (through) result.set(fund, through);
    }
    return result;
  }

  async setClosedThrough(fund: string, through: IsoDate | null, at: string, by: string): Promise<void> {
    await this.db('fund_periods')
      .insert({ fund, closed_through: through, updated_at: at, updated_by: by })
      .onConflict('fund')
      .merge(['closed_through', 'updated_at', 'updated_by']);
    if (this.state?.holdsFund(fund)) this.state.closes.set(fund, through);
    else this.state?.closes.delete(fund);
  }
}
