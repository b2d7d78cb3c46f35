import type { Knex } from 'knex';
import type { Fund, FundPolicy, Investor, Programme } from '../domain/funds/fund';
import type { Dialect } from './connection';
import type { BatchState } from './batch-state';
import { fenFromDb, fenToDb, jsonFromDb } from './db-values';
import { isUniqueViolation } from './db-errors';
import { DomainError } from '../domain/errors';

type Row = Record<string, unknown>;

/** Programmes, funds and investors. */
export class FundRepository {
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly dialect: Dialect,
    /** Fund rows this group's transaction already holds; null outside group commit. */
    private readonly state: BatchState | null = null,
  ) {}

  async insertProgramme(p: Programme, at: string): Promise<void> {
    await this.guardUnique('programme', p.code, () =>
      this.db('programmes').insert({
        code: p.code,
        name: p.name,
        government_capital_target: fenToDb(p.governmentCapitalTarget),
        social_capital_target: fenToDb(p.socialCapitalTarget),
        created_at: at,
      }),
    );
  }

  async programme(code: string): Promise<Programme | null> {
    const row: Row | undefined = await this.db('programmes').where({ code }).first();
    return row ? programmeFromRow(row) : null;
  }

  async programmes(): Promise<Programme[]> {
    return (await this.db('programmes').orderBy('code')).map(programmeFromRow);
  }

  async insertFund(f: Fund, at: string): Promise<void> {
    this.state?.fundReads.delete(f.code);
    await this.guardUnique('fund', f.code, () =>
      this.db('funds').insert({
        code: f.code,
        name: f.name,
        kind: f.kind,
        type: f.type,
        parent: f.parent,
        programme: f.programme,
        status: f.status,
        target_size: f.targetSize === null ? null : fenToDb(f.targetSize),
        inception_date: f.inceptionDate,
        policy: JSON.stringify(f.policy),
        created_at: at,
      }),
    );
  }

  async updateFund(code: string, patch: Partial<Pick<Fund, 'name' | 'status' | 'targetSize' | 'inceptionDate' | 'policy'>>): Promise<void> {
    const row: Row = {};
    if (patch.inceptionDate !== undefined) row.inception_date = patch.inceptionDate;
    if (patch.name !== undefined) row.name = patch.name;
    if (patch.status !== undefined) row.status = patch.status;
    if (patch.targetSize !== undefined) row.target_size = patch.targetSize === null ? null : fenToDb(patch.targetSize);
    if (patch.policy !== undefined) row.policy = JSON.stringify(patch.policy);
    this.state?.funds.delete(code);
    this.state?.fundReads.delete(code);
    if (Object.keys(row).length) await this.db('funds').where({ code }).update(row);
  }

  async fund(code: string): Promise<Fund | null> {
    const known = this.state?.funds.get(code) ?? this.state?.fundReads.get(code);
    if (known !== undefined) return known;
    const row: Row | undefined = await this.db('funds').where({ code }).first();
    const fund = row ? fundFromRow(row) : null;
    this.state?.fundReads.set(code, fund);
    return fund;
  }

  async funds(filter: { programme?: string; parent?: string } = {}): Promise<Fund[]> {
    const rows: Row[] = await this.db('funds')
      .modify((q) => {
        if (filter.programme) q.where({ programme: filter.programme });
        if (filter.parent) q.where({ parent: filter.parent });
      })
      .orderBy('code');
    return rows.map(fundFromRow);
  }

  /**
   * Locks fund rows in code order (PostgreSQL). Every event locks the funds it touches first, so
   * the rules it checks inside one fund run one at a time, and in one global order: no deadlocks.
   */
  async lockFunds(codes: readonly string[]): Promise<Map<string, Fund>> {
    const sorted = [...new Set(codes)].sort();
    const result = new Map<string, Fund>();
    const missing = sorted.filter((code) => {
      const known = this.state?.funds.get(code);
      if (known) result.set(code, known);
      return !known;
    });
    if (missing.length === 0) return result;
    const query = this.db('funds').whereIn('code', missing).orderBy('code');
    const rows: Row[] = this.dialect === 'pg' ? await query.forUpdate() : await query;
    for (const row of rows) {
      const fund = fundFromRow(row);
      result.set(fund.code, fund);
      this.state?.funds.set(fund.code, fund);
    }
    return result;
  }

  async insertInvestor(i: Investor, at: string): Promise<void> {
    this.state?.investorReads.delete(i.code);
    await this.guardUnique('investor', i.code, () =>
      this.db('investors').insert({ code: i.code, name: i.name, category: i.category, capital_class: i.capitalClass, fund: i.fund, created_at: at }),
    );
  }

  async investor(code: string): Promise<Investor | null> {
    const known = this.state?.investorReads.get(code);
    if (known !== undefined) return known;
    const row: Row | undefined = await this.db('investors').where({ code }).first();
    const investor = row ? investorFromRow(row) : null;
    this.state?.investorReads.set(code, investor);
    return investor;
  }

  async investors(codes?: readonly string[]): Promise<Investor[]> {
    const known = this.state?.investorReads;
    if (codes && known) {
      const missing = [...new Set(codes)].filter((code) => !known.has(code));
      if (missing.length > 0) {
        const found = new Map(((await this.db('investors').whereIn('code', missing)) as Row[]).map((r) => [String(r.code), investorFromRow(r)]));
        for (const code of missing) known.set(code, found.get(code) ?? null);
      }
      return [...new Set(codes)]
        .map((code) => known.get(code))
        .filter((i): i is Investor => i !== null && i !== undefined)
        .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    }
    const rows: Row[] = await this.db('investors')
      .modify((q) => {
        if (codes) q.whereIn('code', codes);
      })
      .orderBy('code');
    return rows.map(investorFromRow);
  }

  /** One page of investors in code order: after `afterCode`, at most `limit`. */
  async investorPage(afterCode: string | undefined, limit: number): Promise<Investor[]> {
    const rows: Row[] = await this.db('investors')
      .modify((q) => {
        if (afterCode !== undefined) q.where('code', '>', afterCode);
      })
      .orderBy('code')
      .limit(limit);
    return rows.map(investorFromRow);
  }

  private async guardUnique(what: string, code: string, insert: () => Promise<unknown>): Promise<void> {
    try {
      await insert();
    } catch (error) {
      if (isUniqueViolation(error, 'code') || isUniqueViolation(error, 'pkey') || isUniqueViolation(error, `${what}s.code`)) {
        throw new DomainError('CONFLICT', `${what} ${code} already exists`, { code });
      }
      throw error;
    }
  }
}

function programmeFromRow(row: Row): Programme {
  return {
    code: String(row.code),
    name: String(row.name),
    governmentCapitalTarget: fenFromDb(row.government_capital_target),
    socialCapitalTarget: fenFromDb(row.social_capital_target),
  };
}

function fundFromRow(row: Row): Fund {
  return {
    code: String(row.code),
    name: String(row.name),
    kind: row.kind as Fund['kind'],
    type: row.type === null || row.type === undefined ? null : String(row.type),
    parent: row.parent === null || row.parent === undefined ? null : String(row.parent),
    programme: String(row.programme),
    status: row.status as Fund['status'],
    targetSize: row.target_size === null || row.target_size === undefined ? null : fenFromDb(row.target_size),
    inceptionDate: row.inception_date ? String(row.inception_date) : null,
    policy: jsonFromDb<FundPolicy>(row.policy, { maxCompanyShare: null, maxGovernmentShare: null }),
  };
}

function investorFromRow(row: Row): Investor {
  return {
    code: String(row.code),
    name: String(row.name),
    category: row.category as Investor['category'],
    capitalClass: row.capital_class as Investor['capitalClass'],
    fund: row.fund ? String(row.fund) : null,
  };
}
