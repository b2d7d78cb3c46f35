import type { Database } from '../src/data/database';
import type { SeedSet } from '../src/config';
import { referenceSeed } from './reference';
import { demoSeed } from './demo';
import type { SeedStep } from './seed-step';

/**
 * Seed sets: `reference` holds only the article's facts; `demo` adds clearly marked illustrative
 * transactions on top of it. Steps are registered by the modules that own their data.
 */
const SEED_SETS: Record<Exclude<SeedSet, 'none'>, SeedStep[]> = {
  reference: [referenceSeed],
  demo: [demoSeed],
};

/** Runs each step of the set that has not run on this database yet; returns the names it ran. */
export async function runSeeds(db: Database, set: SeedSet): Promise<string[]> {
  if (set === 'none') return [];
  const steps = set === 'demo' ? [...SEED_SETS.reference, ...SEED_SETS.demo] : SEED_SETS.reference;
  const ran: string[] = [];
  for (const step of steps) {
    if (await db.read((repos) => repos.seedLog.hasRun(step.name))) continue;
    await step.run(db);
    await db.write((repos) => repos.seedLog.record(step.name, new Date().toISOString()));
    ran.push(step.name);
  }
  return ran;
}
