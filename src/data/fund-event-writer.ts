import type { Knex } from 'knex';
import type { Fen } from '../domain/money';
import type { IsoDate } from '../domain/dates';
import type { CallAllocation } from '../domain/funds/capital-call';
import type { DistributionAllocation } from '../domain/funds/distribution';
import type { ExitChannel, InvestmentRow } from './fund-event-repository';
import type { ExitKind } from '../domain/funds/exit';
import { fenToDb, idFromDb } from './db-values';
import { isBufferedEventTable } from './pending-writes';
import type { BatchState } from './batch-state';

type Row = Record<string, unknown>;

/** Allocations go in slices: pg and sqlite cap the bound parameters of one statement. */
const ALLOCATION_SLICE = 400;

/**
 * The event tables, written. Each method owns its table, its snake_case columns and the fen
 * conversion; the application hands it domain values. Rows are only ever added (an investment's
 * entry is attached once, after the entry that names the investment's account is posted).
 */
export class FundEventWriter {
  /**
   * `state`: the group's rows: with a buffer, rows get their ids from the writer and are written
   * at the group's end; the capital calls it holds learn of the payments booked against them.
   */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  private get pending() {
    return this.state?.pending ?? null;
  }

  addCommitment(c: { fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('commitments', { fund: c.fund, investor: c.investor, amount: fenToDb(c.amount), date: c.date, entry_id: c.entryId });
  }

  /** A call and its allocations; `equalisation` marks the catch-up call of a subsequent closing. */
  async addCapitalCall(c: {
    fund: string;
    amount: Fen;
    date: IsoDate;
    dueDate: IsoDate;
    entryId: number;
    equalisation?: { commitment: number; interest: Fen };
    allocations: readonly CallAllocation[];
  }): Promise<number> {
    const id = await this.insert('capital_calls', {
      fund: c.fund,
      amount: fenToDb(c.amount),
      date: c.date,
      due_date: c.dueDate,
      entry_id: c.entryId,
      ...(c.equalisation ? { equalisation_of: c.equalisation.commitment, interest: fenToDb(c.equalisation.interest) } : {}),
    });
    await this.addAllocations('capital_call_allocations', 'capital_call_id', id, c.allocations);
    return id;
  }

  async addPayment(p: { capitalCall: number; fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    const call = this.state?.calls.get(p.capitalCall);
    const allocation = call?.allocations.find((a) => a.investor === p.investor);
    if (allocation) allocation.paid += p.amount;
    else this.state?.calls.delete(p.capitalCall);
    return this.insert('payments', {
      capital_call_id: p.capitalCall,
      fund: p.fund,
      investor: p.investor,
      amount: fenToDb(p.amount),
      date: p.date,
      entry_id: p.entryId,
    });
  }

  /** The investment row, before its entry: the entry's cost account carries the row's id. */
  addInvestment(i: Omit<InvestmentRow, 'id' | 'entryId' | 'reversed'>): Promise<number> {
    return this.insert('investments', {
      fund: i.fund,
      stock_code: i.stockCode,
      company_name: i.companyName,
      instrument: i.instrument,
      amount: fenToDb(i.amount),
      shares: i.shares,
      acquisition_mode: i.acquisitionMode,
      screening_id: i.screeningId,
      override_reason: i.overrideReason,
      date: i.date,
      investee: i.investee,
      instrument_terms: Object.keys(i.instrumentTerms).length > 0 ? JSON.stringify(i.instrumentTerms) : null,
      holder_category: i.holderCategory,
      contractual_lockup_ends_on: i.contractualLockupEndsOn,
    });
  }

  async attachInvestmentEntry(id: number, entryId: number): Promise<void> {
    if (this.pending?.patchEventRow('investments', id, { entry_id: entryId })) return;
    await this.db('investments').where({ id }).whereNull('entry_id').update({ entry_id: entryId });
  }

  addExit(e: {
    investment: number;
    kind: ExitKind;
    proceeds: Fen;
    cost: Fen;
    shares: number | null;
    realizedGain: Fen;
    date: IsoDate;
    entryId: number;
    channel: ExitChannel | null;
    obligation: number | null;
  }): Promise<number> {
    return this.insert('exits', {
      channel: e.channel,
      obligation_id: e.obligation,
      investment_id: e.investment,
      kind: e.kind,
      proceeds: fenToDb(e.proceeds),
      cost: fenToDb(e.cost),
      shares: e.shares,
      realized_gain: fenToDb(e.realizedGain),
      date: e.date,
      entry_id: e.entryId,
    });
  }

  /** `entryId` is null for a valuation that left the carried value unchanged. */
  addValuation(v: { investment: number; fairValue: Fen; unrealizedChange: Fen; date: IsoDate; entryId: number | null; method: string | null; inputs: Record<string, unknown> | null }): Promise<number> {
    return this.insert('valuations', {
      method: v.method,
      inputs: v.inputs === null ? null : JSON.stringify(v.inputs),
      investment_id: v.investment,
      fair_value: fenToDb(v.fairValue),
      unrealized_change: fenToDb(v.unrealizedChange),
      date: v.date,
      entry_id: v.entryId,
    });
  }

  /** A distribution and its allocations, each with its waterfall parts when it carries them. */
  async addDistribution(d: { fund: string; amount: Fen; date: IsoDate; entryId: number; allocations: readonly DistributionAllocation[] }): Promise<number> {
    const id = await this.insert('distributions', { fund: d.fund, amount: fenToDb(d.amount), date: d.date, entry_id: d.entryId });
    const rows = d.allocations.map((a) => ({
      distribution_id: id,
      investor: a.investor,
      amount: fenToDb(a.amount),
      ...(a.returnOfCapital === undefined
        ? {}
        : {
            return_of_capital: fenToDb(a.returnOfCapital),
            preferred_return: fenToDb(a.preferredReturn ?? 0n),
            profit: fenToDb(a.profit ?? 0n),
            carried_interest: fenToDb(a.carriedInterest ?? 0n),
          }),
    }));
    await this.insertChildren('distribution_allocations', rows);
    return id;
  }

  addExpense(e: { fund: string; kind: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('expenses', { fund: e.fund, kind: e.kind, amount: fenToDb(e.amount), date: e.date, entry_id: e.entryId });
  }

  /** A quarter's management fee and each fee-paying investor's part; `generation` counts earlier (reversed) fees of the quarter. */
  async addManagementFee(f: {
    fund: string;
    period: string;
    generation: number;
    manager: string;
    amount: Fen;
    date: IsoDate;
    entryId: number;
    allocations: readonly CallAllocation[];
  }): Promise<number> {
    const id = await this.insert('management_fees', {
      fund: f.fund,
      period: f.period,
      generation: f.generation,
      manager: f.manager,
      amount: fenToDb(f.amount),
      date: f.date,
      entry_id: f.entryId,
    });
    await this.addAllocations('management_fee_allocations', 'management_fee_id', id, f.allocations);
    return id;
  }

  /** A late-interest charge: `amount` booked now, `accrued` the interest to its date it brings the total to. */
  addLateInterest(c: { capitalCall: number; fund: string; investor: string; amount: Fen; accrued: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('late_interest_charges', {
      capital_call_id: c.capitalCall,
      fund: c.fund,
      investor: c.investor,
      amount: fenToDb(c.amount),
      accrued: fenToDb(c.accrued),
      date: c.date,
      entry_id: c.entryId,
    });
  }

  addFeePayment(p: { fund: string; manager: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('fee_payments', { fund: p.fund, manager: p.manager, amount: fenToDb(p.amount), date: p.date, entry_id: p.entryId });
  }

  addEqualisationInterestPayment(p: { fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('equalisation_interest_payments', { fund: p.fund, investor: p.investor, amount: fenToDb(p.amount), date: p.date, entry_id: p.entryId });
  }

  addLateInterestPayment(p: { capitalCall: number; fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number }): Promise<number> {
    return this.insert('late_interest_payments', {
      capital_call_id: p.capitalCall,
      fund: p.fund,
      investor: p.investor,
      amount: fenToDb(p.amount),
      date: p.date,
      entry_id: p.entryId,
    });
  }

  private async insert(table: string, row: Row): Promise<number> {
    if (this.pending && isBufferedEventTable(table)) return this.pending.addEventRow(table, row);
    const [inserted] = await this.db(table).insert(row).returning('id');
    return idFromDb(typeof inserted === 'object' ? (inserted as Row).id : inserted);
  }

  private addAllocations(table: string, key: string, id: number, allocations: readonly CallAllocation[]): Promise<void> {
    return this.insertChildren(table, allocations.map((a) => ({ [key]: id, investor: a.investor, amount: fenToDb(a.amount) })));
  }

  private async insertChildren(table: string, rows: Row[]): Promise<void> {
    if (this.pending && isBufferedEventTable(table)) {
      this.pending.addChildRows(table, rows);
      return;
    }
    for (let i = 0; i < rows.length; i += ALLOCATION_SLICE) await this.db(table).insert(rows.slice(i, i + ALLOCATION_SLICE));
  }
}
