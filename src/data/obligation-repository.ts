import type { Knex } from 'knex';
import type { IsoDate } from '../domain/dates';
import type { Obligation, ObligationKind } from '../domain/deals/obligation';
import type { BatchState } from './batch-state';
import { fenFromDb, fenToDb, idFromDb } from './db-values';

type Row = Record<string, unknown>;

/** Ids per `IN (…)` list: far under both databases' bound-parameter caps. */
const IDS_SLICE = 500;

export interface ObligationFilter {
  fund?: string;
  investment?: number;
  /** Only obligations due before this date (exclusive). */
  dueBefore?: IsoDate;
}

/**
 * The obligations of investments (rows are only ever added) and the exits that settle them. An
 * obligation's rows are not buffered by the group writer, so they exist before any exit of the
 * group names them.
 */
export class ObligationRepository {
  /** `state`: the group's rows: its buffered exits and reversals are written before a read of settlements. */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  async insert(o: Omit<Obligation, 'id'>): Promise<number> {
    const [row] = await this.db('obligations')
      .insert({
        investment_id: o.investment,
        fund: o.fund,
        kind: o.kind,
        counterparty: o.counterparty,
        due_date: o.dueDate,
        amount: o.amount === null ? null : fenToDb(o.amount),
        terms: o.terms,
        recorded_at: o.recordedAt,
        recorded_by: o.recordedBy,
      })
      .returning('id');
    return idFromDb(typeof row === 'object' ? (row as Row).id : row);
  }

  async get(id: number): Promise<Obligation | null> {
    const row: Row | undefined = await this.db('obligations').where({ id }).first();
    return row ? obligationFromRow(row) : null;
  }

  /** Obligations by due date, then id. */
  async list(filter: ObligationFilter = {}): Promise<Obligation[]> {
    const rows: Row[] = await this.db('obligations')
      .modify((q) => {
        if (filter.fund !== undefined) q.where({ fund: filter.fund });
        if (filter.investment !== undefined) q.where({ investment_id: filter.investment });
        if (filter.dueBefore !== undefined) q.where('due_date', '<', filter.dueBefore);
      })
      .orderBy([{ column: 'due_date' }, { column: 'id' }]);
    return rows.map(obligationFromRow);
  }

  byInvestment(investment: number): Promise<Obligation[]> {
    return this.list({ investment });
  }

  /**
   * The exit settling each of these obligations that has one: an exit of the obligation's own
   * investment naming it whose entry was not reversed (a reversing entry points at the exit's entry).
   */
  async settledBy(ids: readonly number[]): Promise<Map<number, number>> {
    await this.state?.pending?.flushRowsFor(['exits']);
    const settled = new Map<number, number>();
    const wanted = [...new Set(ids)];
    for (let i = 0; i < wanted.length; i += IDS_SLICE) {
      const rows: Row[] = await this.db('exits as e')
        .join('obligations as o', function joinOwn() {
          this.on('o.id', '=', 'e.obligation_id').andOn('o.investment_id', '=', 'e.investment_id');
        })
        .whereIn('e.obligation_id', wanted.slice(i, i + IDS_SLICE))
        .whereNotExists(this.db('journal_entries as r').select(this.db.raw('1')).whereRaw('r.reverses = e.entry_id'))
        .groupBy('e.obligation_id')
        .select('e.obligation_id as obligation_id')
        .min({ exit_id: 'e.id' });
      for (const r of rows) settled.set(idFromDb(r.obligation_id), idFromDb(r.exit_id));
    }
    return settled;
  }

  /**
   * Names the obligation an exit settles, once: for the exit booking, right after it adds the exit
   * (still in the group's buffer, or already written). Check it with `assertSettlableBy` first.
   */
  async linkExit(exitId: number, obligationId: number): Promise<void> {
    if (this.state?.pending?.patchEventRow('exits', exitId, { obligation_id: obligationId })) return;
    await this.db('exits').where({ id: exitId }).whereNull('obligation_id').update({ obligation_id: obligationId });
  }
}

function obligationFromRow(r: Row): Obligation {
  return {
    id: idFromDb(r.id),
    investment: idFromDb(r.investment_id),
    fund: String(r.fund),
    kind: r.kind as ObligationKind,
    counterparty: String(r.counterparty),
    dueDate: String(r.due_date),
    amount: r.amount === null || r.amount === undefined ? null : fenFromDb(r.amount),
    terms: r.terms === null || r.terms === undefined ? null : String(r.terms),
    recordedAt: String(r.recorded_at),
    recordedBy: String(r.recorded_by),
  };
}
