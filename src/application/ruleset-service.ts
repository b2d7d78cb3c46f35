import { DomainError } from '../domain/errors';
import { rulesetProblems, type Ruleset } from '../domain/screening/ruleset';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { isUniqueViolation } from '../data/db-errors';
import type { StoredRuleset } from '../data/ruleset-repository';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

/** @throws DomainError NOT_FOUND when no rule set exists (the migration seeds version 1) */
export async function currentRuleset(repos: Repositories): Promise<StoredRuleset> {
  const ruleset = await repos.rulesets.current();
  if (!ruleset) throw DomainError.notFound('rule set', 'current');
  return ruleset;
}

/** @throws DomainError NOT_FOUND */
export async function getRuleset(db: Database, version: number | 'current'): Promise<StoredRuleset> {
  return db.read(async (repos) => {
    if (version === 'current') return currentRuleset(repos);
    const ruleset = await repos.rulesets.get(version);
    if (!ruleset) throw DomainError.notFound('rule set', version);
    return ruleset;
  });
}

/**
 * Stores `rules` (already shape-checked against RULESET_SCHEMA) as the next version. Earlier
 * versions stay as they were, so screenings made under them keep their meaning.
 * @throws DomainError VALIDATION_FAILED (liquidation line above warning line), CONFLICT (another
 *   version was created at the same moment; retry), IDEMPOTENCY_CONFLICT
 */
export async function createRuleset(
  db: Database,
  context: CommandContext,
  request: { rules: Ruleset; note?: string },
): Promise<CommandOutcome<StoredRuleset>> {
  const problems = rulesetProblems(request.rules);
  if (problems.length > 0) throw DomainError.validation(problems);
  try {
    return await runCommand(db, context, {
      action: 'ruleset.create',
      async execute(repos) {
        const stored = await repos.rulesets.createNext(request.rules, {
          note: request.note ?? null,
          createdAt: context.now.toISOString(),
          createdBy: context.actor.name,
        });
        return { result: stored, target: `rulesets/${stored.version}`, detail: { note: request.note ?? null } };
      },
    });
  } catch (error) {
    if (isUniqueViolation(error, 'version') || isUniqueViolation(error, 'rulesets')) {
      throw new DomainError('CONFLICT', 'Another rule set version was created at the same moment; retry');
    }
    throw error;
  }
}
