import type { Knex } from 'knex';
import type { Investee, InvesteeKind } from '../domain/deals/investee';

type Row = Record<string, unknown>;

export interface StoredInvestee extends Investee {
  recordedAt: string;
  recordedBy: string;
}

/** Investees (被投企业): inserted, never changed by a booking. */
export class InvesteeRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(investee: Investee, by: { at: string; actor: string }): Promise<StoredInvestee> {
    await this.db('investees').insert({
      code: investee.code,
      name: investee.name,
      credit_code: investee.creditCode,
      kind: investee.kind,
      stock_code: investee.stockCode,
      listed_company: investee.listedCompany,
      registered_district: investee.registeredDistrict,
      industry_section: investee.industrySection,
      recorded_at: by.at,
      recorded_by: by.actor,
    });
    return { ...investee, recordedAt: by.at, recordedBy: by.actor };
  }

  async get(code: string): Promise<StoredInvestee | null> {
    const row: Row | undefined = await this.db('investees').where({ code }).first();
    return row ? investeeFromRow(row) : null;
  }

  async byStockCode(stockCode: string): Promise<StoredInvestee | null> {
    const row: Row | undefined = await this.db('investees').where({ stock_code: stockCode }).first();
    return row ? investeeFromRow(row) : null;
  }

  async byCreditCode(creditCode: string): Promise<StoredInvestee | null> {
    const row: Row | undefined = await this.db('investees').where({ credit_code: creditCode }).first();
    return row ? investeeFromRow(row) : null;
  }

  /** Investees by code, the ones that exist. */
  async many(codes: readonly string[]): Promise<Map<string, StoredInvestee>> {
    const found = new Map<string, StoredInvestee>();
    for (let i = 0; i < codes.length; i += 500) {
      const rows: Row[] = await this.db('investees').whereIn('code', codes.slice(i, i + 500));
      for (const row of rows) found.set(String(row.code), investeeFromRow(row));
    }
    return found;
  }

  async list(filter: { kind?: InvesteeKind; listedCompany?: string; district?: string } = {}): Promise<StoredInvestee[]> {
    const q = this.db('investees').orderBy('code');
    if (filter.kind) q.where({ kind: filter.kind });
    if (filter.listedCompany) q.where({ listed_company: filter.listedCompany });
    if (filter.district) q.where({ registered_district: filter.district });
    const rows: Row[] = await q;
    return rows.map(investeeFromRow);
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function investeeFromRow(row: Row): StoredInvestee {
  return {
    code: String(row.code),
    name: String(row.name),
    kind: String(row.kind) as InvesteeKind,
    creditCode: text(row.credit_code),
    stockCode: text(row.stock_code),
    listedCompany: text(row.listed_company),
    registeredDistrict: text(row.registered_district),
    industrySection: text(row.industry_section),
    recordedAt: String(row.recorded_at),
    recordedBy: String(row.recorded_by),
  };
}
