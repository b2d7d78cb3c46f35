import type { Knex } from 'knex';

/** Which seed steps have run on this database, so a restart never seeds twice. */
export class SeedLogRepository {
  constructor(private readonly db: Knex | Knex.Transaction) {}

  async hasRun(step: string): Promise<boolean> {
    return (await this.db('seed_log').where({ step }).first()) !== undefined;
  }

  async record(step: string, appliedAt: string): Promise<void> {
    await this.db('seed_log').insert({ step, applied_at: appliedAt });
  }
}
