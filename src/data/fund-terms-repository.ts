import type { Knex } from 'knex';
import type { IsoDate } from '../domain/dates';
import type { FundTerms, TermsVersion } from '../domain/terms/fund-terms';
import { DomainError } from '../domain/errors';
import { isUniqueViolation } from './db-errors';
import type { BatchState } from './batch-state';

type Row = Record<string, unknown>;

/** Versions of funds' terms; rows are only ever inserted (the table refuses UPDATE and DELETE). */
export class FundTermsRepository {
  /** `state`: the group's rows; the terms its rules read are kept there until a version is added. */
  constructor(
    private readonly db: Knex | Knex.Transaction,
    private readonly state: BatchState | null = null,
  ) {}

  /**
   * Appends the fund's next version. Callers hold the fund's row lock (FundRepository.lockFunds),
   * so the number read here is still the latest when the row goes in; the primary key backs that.
   * @throws DomainError CONFLICT when another writer took the same version number
   */
  async insert(fund: string, terms: FundTerms, at: string, actor: string): Promise<TermsVersion> {
    this.state?.terms.clear();
    const latest: Row | undefined = await this.db('fund_terms').where({ fund }).max({ version: 'version' }).first();
    const version = Number(latest?.version ?? 0) + 1;
    try {
      await this.db('fund_terms').insert({ fund, version, effective_from: terms.effectiveFrom, terms: JSON.stringify(terms), recorded_at: at, actor });
    } catch (error) {
      if (isUniqueViolation(error, 'fund_terms')) throw new DomainError('CONFLICT', `terms version ${version} of fund ${fund} was just recorded; retry`, { fund, version });
      throw error;
    }
    return { ...terms, fund, version, recordedAt: at, actor };
  }

  /** The version in force on `date`: the latest effective on or before it, the later version on a tie. */
  async inForce(fund: string, date: IsoDate): Promise<TermsVersion | null> {
    const key = `${fund}|${date}`;
    const known = this.state?.terms.get(key);
    if (known !== undefined) return known;
    const row: Row | undefined = await this.db('fund_terms')
      .where({ fund })
      .andWhere('effective_from', '<=', date)
      .orderBy([
        { column: 'effective_from', order: 'desc' },
        { column: 'version', order: 'desc' },
      ])
      .first();
    const version = row ? versionFromRow(row) : null;
    this.state?.terms.set(key, version);
    return version;
  }

  /** Every version of the fund's terms, oldest first. */
  async versions(fund: string): Promise<TermsVersion[]> {
    return (await this.db('fund_terms').where({ fund }).orderBy('version')).map(versionFromRow);
  }
}

function versionFromRow(row: Row): TermsVersion {
  return {
    ...(JSON.parse(String(row.terms)) as FundTerms),
    fund: String(row.fund),
    version: Number(row.version),
    recordedAt: String(row.recorded_at),
    actor: String(row.actor),
  };
}
