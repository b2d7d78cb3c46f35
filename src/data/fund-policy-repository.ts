import type { Knex } from 'knex';
import type { FundPolicyVersion } from '../domain/funds/fund-policy';
import { idFromDb } from './db-values';
import type { Instrument } from '../domain/deals/instrument';

type Row = Record<string, unknown>;

/** Versions of funds' limits; rows are only ever inserted (the table refuses UPDATE and DELETE). */
export class FundPolicyRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async insert(version: Omit<FundPolicyVersion, 'id'>): Promise<FundPolicyVersion> {
    const [row] = await this.db('fund_policy_versions')
      .insert({
        fund: version.fund,
        effective_from: version.effectiveFrom,
        max_company_share: version.maxCompanyShare,
        max_government_share: version.maxGovernmentShare,
        allowed_instruments: version.allowedInstruments ? JSON.stringify(version.allowedInstruments) : null,
        reason: version.reason,
        recorded_at: version.recordedAt,
        actor: version.actor,
      })
      .returning('id');
    return { ...version, id: idFromDb(typeof row === 'object' ? (row as Row).id : row) };
  }

  /** Every version of the funds' limits, oldest first. */
  async versions(funds: readonly string[]): Promise<FundPolicyVersion[]> {
    if (funds.length === 0) return [];
    const rows: Row[] = await this.db('fund_policy_versions').whereIn('fund', funds).orderBy('id');
    return rows.map(versionFromRow);
  }
}

function versionFromRow(row: Row): FundPolicyVersion {
  return {
    id: idFromDb(row.id),
    fund: String(row.fund),
    effectiveFrom: String(row.effective_from),
    maxCompanyShare: row.max_company_share === null || row.max_company_share === undefined ? null : String(row.max_company_share),
    maxGovernmentShare: row.max_government_share === null || row.max_government_share === undefined ? null : String(row.max_government_share),
    ...(row.allowed_instruments ? { allowedInstruments: JSON.parse(String(row.allowed_instruments)) as Instrument[] } : {}),
    reason: String(row.reason),
    recordedAt: String(row.recorded_at),
    actor: String(row.actor),
  };
}
