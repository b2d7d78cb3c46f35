import { DomainError, type FieldError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { applicantProblems, type Applicant } from '../domain/screening/applicant';
import type { PledgeLevel } from '../domain/screening/pledge-level';
import { screenApplicant } from '../domain/screening/screen-applicant';
import type { Decision } from '../domain/screening/screening-decision';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { StoredScreening } from '../data/screening-repository';
import { keysetPage } from './keyset-page';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';
import { currentRuleset } from './ruleset-service';
import { evaluationView, screeningBrief, screeningView, type ScreeningBrief, type ScreeningView } from './screening-view';

/** A batch item: an applicant whose shape passed, or the problem that stopped it at the edge. */
export type BatchItem = { applicant: Applicant; line?: number } | { error: DomainError; line?: number };

export type BatchResult =
  | { index: number; line?: number; screening: ScreeningView | ScreeningBrief }
  | { index: number; line?: number; error: { code: string; detail: string; errors?: FieldError[] } };

/**
 * Screens one applicant (shape already checked) against the current rule set and stores it.
 * @throws DomainError VALIDATION_FAILED (inconsistent applicant, screening date in the future),
 *   IDEMPOTENCY_CONFLICT
 */
export async function screenOne(
  db: Database,
  context: CommandContext,
  request: { applicant: Applicant; screenedOn: IsoDate; today: IsoDate },
): Promise<CommandOutcome<ScreeningView>> {
  assertNotFuture(request.screenedOn, request.today);
  const problems = applicantProblems(request.applicant);
  if (problems.length > 0) throw DomainError.validation(problems);
  return runCommand(db, context, {
    action: 'screening.create',
    async execute(repos) {
      const [screening] = await store(repos, context, [request.applicant], request.screenedOn);
      return {
        result: screeningView(screening),
        target: `screenings/${screening.id}`,
        detail: { stockCode: screening.stockCode, decision: screening.decision, rulesetVersion: screening.rulesetVersion },
      };
    },
  });
}

/**
 * Screens many applicants in one transaction, results in input order. An item that failed at the
 * edge or is inconsistent gets its own error; the others are screened and stored. Each result is
 * the brief form unless `detail` is 'full'.
 * @throws DomainError VALIDATION_FAILED (screening date in the future, empty batch), IDEMPOTENCY_CONFLICT
 */
export async function screenBatch(
  db: Database,
  context: CommandContext,
  request: { items: readonly BatchItem[]; screenedOn: IsoDate; today: IsoDate; detail?: 'brief' | 'full' },
): Promise<CommandOutcome<{ results: BatchResult[]; counts: Record<Decision | 'failed', number> }>> {
  assertNotFuture(request.screenedOn, request.today);
  if (request.items.length === 0) throw DomainError.validation([{ field: 'body', message: 'must hold at least one applicant' }]);
  const checked = request.items.map((item) => {
    if ('error' in item) return item;
    const problems = applicantProblems(item.applicant, 'applicant');
    return problems.length > 0 ? { error: DomainError.validation(problems), line: item.line } : item;
  });
  return runCommand(db, context, {
    action: 'screening.batch',
    async execute(repos) {
      const valid = checked.filter((item): item is { applicant: Applicant; line?: number } => 'applicant' in item);
      const stored = await store(repos, context, valid.map((item) => item.applicant), request.screenedOn);
      let next = 0;
      const counts = { eligible: 0, needs_review: 0, ineligible: 0, failed: 0 };
      const results: BatchResult[] = checked.map((item, index) => {
        const line = item.line === undefined ? {} : { line: item.line };
        if ('error' in item) {
          counts.failed += 1;
          const { code, message, details } = item.error;
          return { index, ...line, error: { code, detail: message, ...(details.errors ? { errors: details.errors as FieldError[] } : {}) } };
        }
        const screening = stored[next++];
        counts[screening.decision] += 1;
        return { index, ...line, screening: request.detail === 'full' ? screeningView(screening) : screeningBrief(screening) };
      });
      return { result: { results, counts }, target: 'screenings/batch', detail: { counts, rulesetVersion: stored[0]?.rulesetVersion ?? null } };
    },
  });
}

async function store(repos: Repositories, context: CommandContext, applicants: readonly Applicant[], screenedOn: IsoDate): Promise<StoredScreening[]> {
  const ruleset = await currentRuleset(repos);
  const createdAt = context.now.toISOString();
  const rows = applicants.map((applicant) => ({
    stockCode: applicant.stockCode,
    companyName: applicant.name,
    screenedOn,
    rulesetVersion: ruleset.version,
    applicant,
    result: screenApplicant(applicant, ruleset.rules, screenedOn),
    createdAt,
    actor: context.actor.name,
  }));
  const ids = await repos.screenings.insertMany(rows);
  return rows.map((row, i) => ({
    id: ids[i],
    stockCode: row.stockCode,
    companyName: row.companyName,
    decision: row.result.decision,
    route: row.result.route,
    pledgeLevel: row.result.pledgeRisk.level,
    screenedOn,
    rulesetVersion: ruleset.version,
    applicant: row.applicant,
    result: row.result,
    createdAt,
    actor: row.actor,
  }));
}

function assertNotFuture(screenedOn: IsoDate, today: IsoDate): void {
  if (screenedOn > today) throw DomainError.validation([{ field: 'screenedOn', message: `must not be after today (${today})` }]);
}

/** One screening with its applicant snapshot and every pledge re-evaluation since. @throws DomainError NOT_FOUND */
export async function getScreening(db: Database, id: number) {
  return db.read(async (repos) => {
    const screening = await repos.screenings.detail(id);
    if (!screening) throw DomainError.notFound('screening', id);
    const evaluations = await repos.pledgeEvaluations.history(id);
    return { ...screeningView(screening, { applicant: true }), evaluations: evaluations.map(evaluationView) };
  });
}

export async function listScreenings(
  db: Database,
  query: { decision?: Decision; stockCode?: string; level?: PledgeLevel; cursor?: string; limit: number },
): Promise<{ screenings: ScreeningView[]; nextCursor: string | null }> {
  return db.read(async (repos) => {
    const page = await keysetPage(query.cursor, query.limit, (afterId, limit) =>
      repos.screenings.page({ decision: query.decision, stockCode: query.stockCode, level: query.level, afterId, limit }),
    );
    return { screenings: page.items.map((s) => screeningView(s)), nextCursor: page.nextCursor };
  });
}
