import type { Knex } from 'knex';
import type { Applicant } from '../domain/screening/applicant';
import type { PledgeLevel } from '../domain/screening/pledge-level';
import type { ScreeningResult } from '../domain/screening/screen-applicant';
import type { Decision, Route } from '../domain/screening/screening-decision';
import type { ScreeningSummary } from '../domain/screening/screening-summary';
import { idFromDb, jsonFromDb } from './db-values';

type Row = Record<string, unknown>;

export interface NewScreening {
  stockCode: string;
  companyName: string;
  screenedOn: string;
  rulesetVersion: number;
  applicant: Applicant;
  result: ScreeningResult;
  createdAt: string;
  actor: string;
}

/** A screening as stored: the summary (current level and route) plus everything as it was judged. */
export interface StoredScreening extends ScreeningSummary {
  applicant: Applicant;
  result: ScreeningResult;
  createdAt: string;
  actor: string;
}

export interface ScreeningPageQuery {
  decision?: Decision;
  stockCode?: string;
  /** Current pledge level. */
  level?: PledgeLevel;
  afterId?: number;
  limit: number;
}

/** Rows per INSERT: well under SQLite's bound-variable limit. */
const INSERT_CHUNK = 200;

const SUMMARY_COLUMNS = ['id', 'stock_code', 'company_name', 'decision', 'current_route', 'current_pledge_level', 'screened_on', 'ruleset_version'];

/**
 * Screenings are inserted once; their applicant and result never change. Only the current pledge
 * level and route move, when a market price re-evaluates the latest screening of a company.
 * "Latest" means the latest screening date, then the highest id.
 */
export class ScreeningRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  /** Inserts in order and returns the new ids in the same order. */
  async insertMany(screenings: readonly NewScreening[]): Promise<number[]> {
    const ids: number[] = [];
    for (let start = 0; start < screenings.length; start += INSERT_CHUNK) {
      const chunk = screenings.slice(start, start + INSERT_CHUNK);
      const returned: Row[] = await this.db('screenings').insert(chunk.map(toRow)).returning('id');
      // Ids of one multi-row INSERT rise in VALUES order on both databases.
      ids.push(...returned.map((r) => idFromDb(typeof r === 'object' ? r.id : r)).sort((a, b) => a - b));
    }
    return ids;
  }

  async get(id: number): Promise<ScreeningSummary | null> {
    const row: Row | undefined = await this.db('screenings').where({ id }).first(SUMMARY_COLUMNS);
    return row ? summaryFromRow(row) : null;
  }

  /** The newest screening of a stock code, with its current pledge level and route. */
  async latestFor(stockCode: string): Promise<ScreeningSummary | null> {
    const row: Row | undefined = await this.db('screenings')
      .where({ stock_code: stockCode })
      .orderBy([{ column: 'screened_on', order: 'desc' }, { column: 'id', order: 'desc' }])
      .first(SUMMARY_COLUMNS);
    return row ? summaryFromRow(row) : null;
  }

  /** The applicant's total shares as screened, or null when the applicant did not give them. */
  async totalShares(id: number): Promise<number | null> {
    const row: Row | undefined = await this.db('screenings').where({ id }).first('applicant');
    if (!row) return null;
    const total = (JSON.parse(String(row.applicant)) as { totalShares?: unknown }).totalShares;
    return typeof total === 'number' && Number.isSafeInteger(total) ? total : null;
  }

  async detail(id: number): Promise<StoredScreening | null> {
    const row: Row | undefined = await this.db('screenings').where({ id }).first();
    return row ? storedFromRow(row) : null;
  }

  /** Oldest first, keyset-paginated by id. */
  async page(query: ScreeningPageQuery): Promise<StoredScreening[]> {
    const rows: Row[] = await this.db('screenings')
      .modify((q) => {
        if (query.decision) q.where({ decision: query.decision });
        if (query.stockCode) q.where({ stock_code: query.stockCode });
        if (query.level) q.where({ current_pledge_level: query.level });
        if (query.afterId !== undefined) q.where('id', '>', query.afterId);
      })
      .orderBy('id')
      .limit(query.limit);
    return rows.map(storedFromRow);
  }

  /** The latest screening of each stock code (of the given codes, or of every company). */
  async latestForEach(stockCodes?: readonly string[]): Promise<StoredScreening[]> {
    const run = async (codes?: readonly string[]) => {
      const rows: Row[] = await this.db('screenings as s')
        .where(
          's.id',
          this.db('screenings as s2')
            .select('s2.id')
            .whereRaw('?? = ??', ['s2.stock_code', 's.stock_code'])
            .orderBy([{ column: 's2.screened_on', order: 'desc' }, { column: 's2.id', order: 'desc' }])
            .limit(1),
        )
        .modify((q) => {
          if (codes) q.whereIn('s.stock_code', codes);
        })
        .orderBy('s.stock_code')
        .select('s.*');
      return rows.map(storedFromRow);
    };
    if (!stockCodes) return run();
    const result: StoredScreening[] = [];
    for (let start = 0; start < stockCodes.length; start += 500) result.push(...(await run(stockCodes.slice(start, start + 500))));
    return result;
  }

  /** Moves the current pledge level and route after a re-evaluation (the stored result stays as it was). */
  async setCurrent(id: number, level: PledgeLevel, route: Route | null): Promise<void> {
    await this.db('screenings').where({ id }).update({ current_pledge_level: level, current_route: route });
  }
}

function toRow(s: NewScreening): Row {
  return {
    stock_code: s.stockCode,
    company_name: s.companyName,
    decision: s.result.decision,
    route: s.result.route,
    pledge_level: s.result.pledgeRisk.level,
    current_pledge_level: s.result.pledgeRisk.level,
    current_route: s.result.route,
    screened_on: s.screenedOn,
    ruleset_version: s.rulesetVersion,
    applicant: JSON.stringify(s.applicant),
    result: JSON.stringify(s.result),
    created_at: s.createdAt,
    actor: s.actor,
  };
}

function summaryFromRow(row: Row): ScreeningSummary {
  return {
    id: idFromDb(row.id),
    stockCode: String(row.stock_code),
    companyName: String(row.company_name),
    decision: String(row.decision) as Decision,
    route: row.current_route === null || row.current_route === undefined ? null : (String(row.current_route) as Route),
    pledgeLevel: String(row.current_pledge_level) as PledgeLevel,
    screenedOn: String(row.screened_on),
    rulesetVersion: Number(row.ruleset_version),
  };
}

function storedFromRow(row: Row): StoredScreening {
  return {
    ...summaryFromRow(row),
    applicant: jsonFromDb<Applicant>(row.applicant, {} as Applicant),
    result: jsonFromDb<ScreeningResult>(row.result, {} as ScreeningResult),
    createdAt: String(row.created_at),
    actor: String(row.actor),
  };
}
