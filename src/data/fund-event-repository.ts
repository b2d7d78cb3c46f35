import type { Knex } from 'knex';
import type { Fen } from '../domain/money';
import type { IsoDate } from '../domain/dates';
import type { CallAllocation } from '../domain/funds/capital-call';
import type { DistributionAllocation } from '../domain/funds/distribution';
import type { Instrument, InstrumentTerms } from '../domain/deals/instrument';
import type { ExitChannel } from '../domain/funds/exit';
export type { ExitChannel } from '../domain/funds/exit';
import type { ExitKind } from '../domain/funds/exit';
import { fenFromDb, idFromDb } from './db-values';
import type { BatchState } from './batch-state';
import type { BufferedEventTable } from './pending-writes';

type Row = Record<string, unknown>;

/** A page of a list by ascending id (keyset-page.ts). */
export interface ListPage {
  afterId?: number;
  limit: number;
}

/** The tables a call is read from, and a distribution: a read writes the group's rows of these first. */
const CALL_TABLES: BufferedEventTable[] = ['capital_calls', 'capital_call_allocations', 'payments'];
const DISTRIBUTION_TABLES: BufferedEventTable[] = ['distributions', 'distribution_allocations'];

export interface CommitmentRow { id: number; fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number | null; reversed: boolean }
export interface CapitalCallRow {
  id: number;
  fund: string;
  amount: Fen;
  date: IsoDate;
  dueDate: IsoDate;
  entryId: number | null;
  reversed: boolean;
  /** The commitment whose equalisation this call is, or null for an ordinary call. */
  equalisationOf: number | null;
  /** Equalisation interest included in the allocation (fen); 0 for an ordinary call. */
  interest: Fen;
  allocations: Array<CallAllocation & { paid: Fen }>;
}
export interface PaymentRow { id: number; capitalCall: number; fund: string; investor: string; amount: Fen; date: IsoDate; entryId: number | null; reversed: boolean }
export interface InvestmentRow {
  id: number;
  fund: string;
  stockCode: string;
  companyName: string;
  instrument: Instrument;
  amount: Fen;
  shares: number | null;
  acquisitionMode: string | null;
  screeningId: number | null;
  overrideReason: string | null;
  date: IsoDate;
  entryId: number | null;
  reversed: boolean;
  /** The investee's code (a listed company's is its stock code when it was found from `company`). */
  investee: string;
  instrumentTerms: InstrumentTerms;
  holderCategory: 'general' | 'strategic' | null;
  contractualLockupEndsOn: IsoDate | null;
}
export interface ExitRow {
  id: number;
  investment: number;
  kind: ExitKind;
  proceeds: Fen;
  cost: Fen;
  /** Shares sold; null when the exit named none (income, loans, or cost given alone). */
  shares: number | null;
  realizedGain: Fen;
  date: IsoDate;
  entryId: number | null;
  reversed: boolean;
  channel: ExitChannel | null;
}
/** A sale of shares, for the selling limits. */
export interface ShareSale { investment: number; date: IsoDate; channel: ExitChannel | null; shares: number }
export interface ValuationRow {
  id: number;
  investment: number;
  fairValue: Fen;
  unrealizedChange: Fen;
  date: IsoDate;
  entryId: number | null;
  reversed: boolean;
  /** How the fair value was reached and from what; null for valuations recorded before methods were asked. */
  method: string | null;
  inputs: Record<string, unknown> | null;
}
/** Compensation between partners from the investor's side (paid negative); `payment` names the payment whose interest part it is. */
export interface CompensationFlow {
  id: number;
  payment?: number;
  investor: string;
  date: IsoDate;
  amount: Fen;
  kind: 'equalisation_interest' | 'late_interest';
}
export interface LateInterestRow { id: number; capitalCall: number; fund: string; investor: string; amount: Fen; accrued: Fen; date: IsoDate; entryId: number | null; reversed: boolean }
export interface ManagementFeeRow { id: number; fund: string; period: string; manager: string; amount: Fen; date: IsoDate; entryId: number | null; reversed: boolean; allocations: CallAllocation[] }
export interface DistributionRow { id: number; fund: string; amount: Fen; date: IsoDate; entryId: number | null; reversed: boolean; allocations: DistributionAllocation[] }
export interface ExpenseRow { id: number; fund: string; kind: string; amount: Fen; date: IsoDate; entryId: number | null; reversed: boolean }

/**
 * Event rows, read (FundEventWriter adds them). A row whose journal entry was reversed stays (history is never edited) and reads
 * as `reversed`; figures that must ignore it filter on the reversal.
 */
export class FundEventRepository {
  /**
   * `state`: the group's rows: its buffered entries and event rows are written before any read
   * here, and the capital calls it has read are answered from it.
   */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  private get pending() {
    return this.state?.pending ?? null;
  }

  /** `reversed` for rows of `table`: a reversing entry points at the row's entry. */
  /** One page of a list in id order: rows after `afterId`, at most `limit` (all rows when no page). */
  private paged(q: Knex.QueryBuilder, table: string, page?: ListPage): Knex.QueryBuilder {
    if (!page) return q;
    if (page.afterId !== undefined) q.where(`${table}.id`, '>', page.afterId);
    return q.limit(page.limit);
  }

  private withReversed(table: string) {
    return this.db(table).select(
      `${table}.*`,
      this.db.raw(`exists (select 1 from journal_entries r where r.reverses = ${table}.entry_id) as reversed`),
    );
  }

  private live(q: Knex.QueryBuilder, table: string): Knex.QueryBuilder {
    return q.whereNotExists(this.db('journal_entries as r').select(this.db.raw('1')).whereRaw(`r.reverses = ${table}.entry_id`));
  }

  async commitments(fund: string, page?: ListPage): Promise<CommitmentRow[]> {
    await this.pending?.flushRowsFor(['commitments']);
    const rows: Row[] = await this.paged(this.withReversed('commitments').where({ fund }).orderBy('id'), 'commitments', page);
    return rows.map((r) => ({ ...base(r), fund: String(r.fund), investor: String(r.investor), amount: fenFromDb(r.amount) }));
  }

  /** A call with each allocation's `paid`: payments dated on or before `paidThrough` when given, else all. */
  async capitalCall(id: number, paidThrough?: IsoDate): Promise<CapitalCallRow | null> {
    const known = paidThrough === undefined ? this.state?.calls.get(id) : undefined;
    if (known) return copyOfCall(known);
    await this.pending?.flushRowsFor(CALL_TABLES);
    const row: Row | undefined = await this.withReversed('capital_calls').where({ id }).first();
    if (!row) return null;
    const call = (await this.attachAllocations([row], paidThrough))[0];
    // Kept only while no other process can pay against it before this group commits.
    if (paidThrough === undefined && this.state?.holdsFund(call.fund)) this.state.calls.set(id, copyOfCall(call));
    return call;
  }

  async capitalCalls(fund: string, paidThrough?: IsoDate, page?: ListPage): Promise<CapitalCallRow[]> {
    await this.pending?.flushRowsFor(CALL_TABLES);
    const rows: Row[] = await this.paged(this.withReversed('capital_calls').where({ fund }).orderBy('id'), 'capital_calls', page);
    return this.attachAllocations(rows, paidThrough);
  }

  /**
   * The child rows of `parents` in `table` (allocations, fee parts), in investor order, by the
   * parent's id: one query for all of them.
   */
  private async childRows(table: string, key: string, parents: readonly Row[]): Promise<Map<number, Row[]>> {
    const ids = parents.map((r) => idFromDb(r.id));
    const byParent = new Map<number, Row[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byParent;
    for (const row of (await this.db(table).whereIn(key, ids).orderBy('investor')) as Row[]) byParent.get(idFromDb(row[key]))?.push(row);
    return byParent;
  }

  private async attachAllocations(rows: Row[], paidThrough?: IsoDate): Promise<CapitalCallRow[]> {
    const ids = rows.map((r) => idFromDb(r.id));
    const allocations = await this.childRows('capital_call_allocations', 'capital_call_id', rows);
    const paidRows: Row[] = ids.length
      ? await this.live(this.db('payments').whereIn('capital_call_id', ids), 'payments')
          .modify((q) => {
            if (paidThrough) q.where('date', '<=', paidThrough);
          })
          .groupBy('capital_call_id', 'investor')
          .select('capital_call_id', 'investor')
          .sum({ paid: 'amount' })
      : [];
    const paid = new Map(paidRows.map((p) => [`${p.capital_call_id}|${p.investor}`, fenFromDb(p.paid)]));
    return rows.map((r) => {
      const id = idFromDb(r.id);
      return {
        ...base(r),
        fund: String(r.fund),
        amount: fenFromDb(r.amount),
        dueDate: String(r.due_date),
        equalisationOf: r.equalisation_of === null || r.equalisation_of === undefined ? null : idFromDb(r.equalisation_of),
        interest: fenFromDb(r.interest ?? 0),
        allocations: allocations
          .get(id)!
          .map((a) => ({ investor: String(a.investor), amount: fenFromDb(a.amount), paid: paid.get(`${id}|${a.investor}`) ?? 0n })),
      };
    });
  }

  async payments(filter: { fund?: string; capitalCall?: number }): Promise<PaymentRow[]> {
    await this.pending?.flushRowsFor(['payments']);
    const rows: Row[] = await this.withReversed('payments')
      .modify((q) => {
        if (filter.fund) q.where({ fund: filter.fund });
        if (filter.capitalCall) q.where({ capital_call_id: filter.capitalCall });
      })
      .orderBy('id');
    return rows.map((r) => ({
      ...base(r),
      capitalCall: idFromDb(r.capital_call_id),
      fund: String(r.fund),
      investor: String(r.investor),
      amount: fenFromDb(r.amount),
    }));
  }

  async investment(id: number): Promise<InvestmentRow | null> {
    await this.pending?.flushRowsFor(['investments']);
    const row: Row | undefined = await this.withReversed('investments').where({ id }).first();
    return row ? investmentFromRow(row) : null;
  }

  async investments(filter: { fund?: string; stockCode?: string } = {}, page?: ListPage): Promise<InvestmentRow[]> {
    await this.pending?.flushRowsFor(['investments']);
    const query = this.withReversed('investments')
      .modify((q) => {
        if (filter.fund) q.where({ fund: filter.fund });
        if (filter.stockCode) q.where({ stock_code: filter.stockCode });
      })
      .orderBy('id');
    const rows: Row[] = await this.paged(query, 'investments', page);
    return rows.map(investmentFromRow);
  }

  async investmentsOfInvestee(investee: string): Promise<InvestmentRow[]> {
    await this.pending?.flushRowsFor(['investments']);
    const rows: Row[] = await this.withReversed('investments').where({ investee }).orderBy('id');
    return rows.map(investmentFromRow);
  }

  async exits(investment: number): Promise<ExitRow[]> {
    await this.pending?.flushRowsFor(['exits']);
    const rows: Row[] = await this.withReversed('exits').where({ investment_id: investment }).orderBy('id');
    return rows.map((r) => ({
      ...base(r),
      investment: idFromDb(r.investment_id),
      kind: r.kind as ExitKind,
      proceeds: fenFromDb(r.proceeds),
      cost: fenFromDb(r.cost),
      shares: r.shares === null || r.shares === undefined ? null : Number(r.shares),
      realizedGain: fenFromDb(r.realized_gain),
      channel: r.channel ? (String(r.channel) as ExitChannel) : null,
    }));
  }

  /** Sales of shares (exits naming shares, not reversed) of the investments, dated from `from`, oldest first. */
  async shareSales(investments: readonly number[], from: IsoDate): Promise<ShareSale[]> {
    await this.pending?.flushRowsFor(['exits']);
    if (investments.length === 0) return [];
    const rows: Row[] = await this.live(this.db('exits').whereIn('investment_id', investments).whereNotNull('shares').where('date', '>=', from), 'exits')
      .select('investment_id', 'date', 'channel', 'shares')
      .orderBy(['date', 'investment_id']);
    return rows.map((r) => ({ investment: idFromDb(r.investment_id), date: String(r.date), channel: r.channel ? (String(r.channel) as ExitChannel) : null, shares: Number(r.shares) }));
  }

  /** Shares sold by the exits of each investment that were not reversed. */
  async sharesSold(investments: number[]): Promise<Map<number, number>> {
    await this.pending?.flushRowsFor(['exits']);
    if (investments.length === 0) return new Map();
    const rows: Row[] = await this.live(this.db('exits').whereIn('investment_id', investments).whereNotNull('shares'), 'exits')
      .groupBy('investment_id')
      .select('investment_id')
      .sum({ sold: 'shares' });
    return new Map(rows.map((r) => [idFromDb(r.investment_id), Number(r.sold)]));
  }

  async valuations(investment: number): Promise<ValuationRow[]> {
    await this.pending?.flushRowsFor(['valuations']);
    const rows: Row[] = await this.withReversed('valuations').where({ investment_id: investment }).orderBy('id');
    return rows.map((r) => ({
      ...base(r),
      investment: idFromDb(r.investment_id),
      fairValue: fenFromDb(r.fair_value),
      unrealizedChange: fenFromDb(r.unrealized_change),
      method: r.method ? String(r.method) : null,
      inputs: jsonObject(r.inputs),
    }));
  }

  async distributions(fund: string, page?: ListPage): Promise<DistributionRow[]> {
    await this.pending?.flushRowsFor(DISTRIBUTION_TABLES);
    return this.withDistributionAllocations(await this.paged(this.withReversed('distributions').where({ fund }).orderBy('id'), 'distributions', page));
  }

  async distribution(id: number): Promise<DistributionRow | null> {
    await this.pending?.flushRowsFor(DISTRIBUTION_TABLES);
    const row: Row | undefined = await this.withReversed('distributions').where({ id }).first();
    return row ? (await this.withDistributionAllocations([row]))[0] : null;
  }

  private async withDistributionAllocations(rows: Row[]): Promise<DistributionRow[]> {
    const allocations = await this.childRows('distribution_allocations', 'distribution_id', rows);
    return rows.map((r) => ({
      ...base(r),
      fund: String(r.fund),
      amount: fenFromDb(r.amount),
      allocations: allocations
        .get(idFromDb(r.id))!
        .map((a) => ({
          investor: String(a.investor),
          amount: fenFromDb(a.amount),
          ...(a.return_of_capital === null || a.return_of_capital === undefined
            ? {}
            : {
                returnOfCapital: fenFromDb(a.return_of_capital),
                preferredReturn: fenFromDb(a.preferred_return),
                profit: fenFromDb(a.profit),
                carriedInterest: fenFromDb(a.carried_interest),
              }),
        })),
    }));
  }

  /** A fund's management fees of one quarter, or of every quarter, oldest first, with their parts. */
  async managementFees(fund: string, period?: string): Promise<ManagementFeeRow[]> {
    await this.pending?.flushRowsFor(['management_fees', 'management_fee_allocations']);
    const rows: Row[] = await this.withReversed('management_fees')
      .where({ fund })
      .modify((q) => {
        if (period) q.where({ period });
      })
      .orderBy('id');
    const parts = await this.childRows('management_fee_allocations', 'management_fee_id', rows);
    return rows.map((r) => ({
      ...base(r),
      fund: String(r.fund),
      period: String(r.period),
      manager: String(r.manager),
      amount: fenFromDb(r.amount),
      allocations: parts.get(idFromDb(r.id))!.map((a) => ({ investor: String(a.investor), amount: fenFromDb(a.amount) })),
    }));
  }

  /** Late interest charged to one investor on one call, oldest first. */
  async lateInterestCharges(capitalCall: number, investor: string): Promise<LateInterestRow[]> {
    await this.pending?.flushRowsFor(['late_interest_charges']);
    const rows: Row[] = await this.withReversed('late_interest_charges').where({ capital_call_id: capitalCall, investor }).orderBy('id');
    return rows.map((r) => ({
      ...base(r),
      capitalCall: idFromDb(r.capital_call_id),
      fund: String(r.fund),
      investor: String(r.investor),
      amount: fenFromDb(r.amount),
      accrued: fenFromDb(r.accrued),
    }));
  }

  /** Late interest collected from one investor on one call (payments not reversed), oldest first. */
  async lateInterestPayments(capitalCall: number, investor: string): Promise<Array<{ id: number; date: IsoDate; amount: Fen }>> {
    await this.pending?.flushRowsFor(['late_interest_payments']);
    const rows: Row[] = await this.live(this.db('late_interest_payments').where({ capital_call_id: capitalCall, investor }), 'late_interest_payments').orderBy('id');
    return rows.map((r) => ({ id: idFromDb(r.id), date: String(r.date), amount: fenFromDb(r.amount) }));
  }

  /**
   * Compensation between a fund's partners to `asOf`, from each investor's side (events not
   * reversed): equalisation interest a newcomer paid (the first `interest` fen of its payments
   * against its equalisation call, negative), equalisation interest paid out to an earlier investor
   * (positive), and late interest a defaulter paid (negative). Not capital: an investor's IRR counts
   * it, its paid-in does not.
   */
  async compensationFlows(fund: string, asOf: IsoDate): Promise<CompensationFlow[]> {
    await this.pending?.flushRowsFor(['capital_calls', 'payments', 'equalisation_interest_payments', 'late_interest_payments']);
    const paid: Row[] = await this.live(
      this.db('payments').join('capital_calls as c', 'c.id', 'payments.capital_call_id').where('payments.fund', fund).where('c.interest', '>', 0).where('payments.date', '<=', asOf),
      'payments',
    )
      .select('payments.id as id', 'payments.investor as investor', 'payments.date as date', 'payments.amount as amount', 'c.id as call', 'c.interest as interest')
      .orderBy([{ column: 'c.id' }, { column: 'payments.date' }, { column: 'payments.id' }]);
    const flows: CompensationFlow[] = [];
    const settled = new Map<string, Fen>();
    for (const r of paid) {
      const key = `${r.call}|${r.investor}`;
      const before = settled.get(key) ?? 0n;
      const amount = fenFromDb(r.amount);
      const interest = fenFromDb(r.interest) - before;
      const part = interest <= 0n ? 0n : amount < interest ? amount : interest;
      settled.set(key, before + amount);
      if (part > 0n) flows.push({ id: idFromDb(r.id), payment: idFromDb(r.id), investor: String(r.investor), date: String(r.date), amount: -part, kind: 'equalisation_interest' });
    }
    const received: Row[] = await this.live(this.db('equalisation_interest_payments').where({ fund }).where('date', '<=', asOf), 'equalisation_interest_payments').select('id', 'investor', 'date', 'amount');
    for (const r of received) flows.push({ id: idFromDb(r.id), investor: String(r.investor), date: String(r.date), amount: fenFromDb(r.amount), kind: 'equalisation_interest' });
    const late: Row[] = await this.live(this.db('late_interest_payments').where({ fund }).where('date', '<=', asOf), 'late_interest_payments').select('id', 'investor', 'date', 'amount');
    for (const r of late) flows.push({ id: idFromDb(r.id), investor: String(r.investor), date: String(r.date), amount: -fenFromDb(r.amount), kind: 'late_interest' });
    return flows;
  }

  async expenses(fund: string, page?: ListPage): Promise<ExpenseRow[]> {
    await this.pending?.flushRowsFor(['expenses']);
    const rows: Row[] = await this.paged(this.withReversed('expenses').where({ fund }).orderBy('id'), 'expenses', page);
    return rows.map((r) => ({ ...base(r), fund: String(r.fund), kind: String(r.kind), amount: fenFromDb(r.amount) }));
  }

  /**
   * Dated capital flows of a fund's investors up to `asOf`, ignoring reversed events: payments in
   * (negative) and distribution allocations out (positive), each with the carried interest it
   * holds (the manager's part of a waterfall distribution; 0 otherwise). Drives IRR.
   */
  async investorFlows(fund: string, asOf: IsoDate): Promise<Array<{ investor: string; date: IsoDate; amount: Fen; carriedInterest: Fen }>> {
    await this.pending?.flushRowsFor(['payments', ...DISTRIBUTION_TABLES]);
    const paid: Row[] = await this.live(this.db('payments').where({ fund }).where('date', '<=', asOf), 'payments').select('investor', 'date', 'amount');
    const distributed: Row[] = await this.live(
      this.db('distribution_allocations as a')
        .join('distributions', 'distributions.id', 'a.distribution_id')
        .where('distributions.fund', fund)
        .where('distributions.date', '<=', asOf),
      'distributions',
    ).select('a.investor as investor', 'distributions.date as date', 'a.amount as amount', 'a.carried_interest as carried_interest');
    return [
      ...paid.map((r) => ({ investor: String(r.investor), date: String(r.date), amount: -fenFromDb(r.amount), carriedInterest: 0n })),
      ...distributed.map((r) => ({ investor: String(r.investor), date: String(r.date), amount: fenFromDb(r.amount), carriedInterest: fenFromDb(r.carried_interest ?? 0) })),
    ];
  }
}

function base(r: Row) {
  return {
    id: idFromDb(r.id),
    date: String(r.date),
    entryId: r.entry_id === null || r.entry_id === undefined ? null : idFromDb(r.entry_id),
    reversed: r.reversed === true || r.reversed === 1 || r.reversed === '1',
  };
}

function investmentFromRow(r: Row): InvestmentRow {
  return {
    ...base(r),
    fund: String(r.fund),
    stockCode: String(r.stock_code),
    companyName: String(r.company_name),
    instrument: r.instrument as Instrument,
    amount: fenFromDb(r.amount),
    shares: r.shares === null || r.shares === undefined ? null : Number(r.shares),
    acquisitionMode: r.acquisition_mode ? String(r.acquisition_mode) : null,
    screeningId: r.screening_id === null || r.screening_id === undefined ? null : idFromDb(r.screening_id),
    overrideReason: r.override_reason ? String(r.override_reason) : null,
    investee: r.investee ? String(r.investee) : String(r.stock_code),
    instrumentTerms: (jsonObject(r.instrument_terms) ?? {}) as InstrumentTerms,
    holderCategory: r.holder_category === 'strategic' ? 'strategic' : r.holder_category === 'general' ? 'general' : null,
    contractualLockupEndsOn: r.contractual_lockup_ends_on ? String(r.contractual_lockup_ends_on) : null,
  };
}

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return value as Record<string, unknown>;
  const parsed: unknown = JSON.parse(String(value));
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
}

function copyOfCall(call: CapitalCallRow): CapitalCallRow {
  return { ...call, allocations: call.allocations.map((a) => ({ ...a })) };
}
