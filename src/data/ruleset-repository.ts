import type { Knex } from 'knex';
import type { Ruleset } from '../domain/screening/ruleset';
import { jsonFromDb } from './db-values';

type Row = Record<string, unknown>;

export interface StoredRuleset {
  version: number;
  rules: Ruleset;
  note: string | null;
  createdAt: string;
  createdBy: string;
}

/** Rule set versions: inserted, never updated. */
export class RulesetRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async current(): Promise<StoredRuleset | null> {
    const row: Row | undefined = await this.db('rulesets').orderBy('version', 'desc').first();
    return row ? fromRow(row) : null;
  }

  async get(version: number): Promise<StoredRuleset | null> {
    const row: Row | undefined = await this.db('rulesets').where({ version }).first();
    return row ? fromRow(row) : null;
  }

  /** Inserts the next version; a concurrent insert of the same number fails on the primary key. */
  async createNext(rules: Ruleset, meta: { note: string | null; createdAt: string; createdBy: string }): Promise<StoredRuleset> {
    const row: Row | undefined = await this.db('rulesets').max({ version: 'version' }).first();
    const version = Number(row?.version ?? 0) + 1;
    await this.db('rulesets').insert({
      version,
      rules: JSON.stringify(rules),
      note: meta.note,
      created_at: meta.createdAt,
      created_by: meta.createdBy,
    });
    return { version, rules, ...meta };
  }
}

function fromRow(row: Row): StoredRuleset {
  return {
    version: Number(row.version),
    rules: jsonFromDb<Ruleset>(row.rules, {} as Ruleset),
    note: row.note === null || row.note === undefined ? null : String(row.note),
    createdAt: String(row.created_at),
    createdBy: String(row.created_by),
  };
}
