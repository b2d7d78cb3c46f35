import type { Database } from '../src/data/database';
import type { CommandContext } from '../src/application/command-runner';

/** One named, idempotent step of seed data. */
export interface SeedStep {
  name: string;
  run(db: Database): Promise<void>;
}

/** The seed runs as a system actor, audited like any other writer. */
export function seedContext(step: string): CommandContext {
  return { actor: { tokenId: 0, name: 'seed', role: 'admin' }, requestId: `seed:${step}`, now: new Date() };
}
