import Big from 'big.js';
import { DomainError, type FieldError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import type { PledgeLevel } from '../domain/screening/pledge-level';
import { assessPledgeRisk, type PledgeRisk } from '../domain/screening/pledge-risk';
import { formatPrice, parsePrice } from '../domain/screening/price';
import type { Ruleset } from '../domain/screening/ruleset';
import { recommendRoute, type Route } from '../domain/screening/screening-decision';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { MarketPrice } from '../data/market-price-repository';
import type { PledgeEvaluation } from '../data/pledge-evaluation-repository';
import type { StoredScreening } from '../data/screening-repository';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';

export interface PriceInput {
  stockCode: string;
  date: IsoDate;
  close: string;
}

export interface ReEvaluation {
  stockCode: string;
  screeningId: number;
  priceDate: IsoDate;
  close: string;
  level: PledgeLevel;
  previousLevel: PledgeLevel;
  levelChanged: boolean;
  route: Route | null;
  minBuffer: string | null;
}

export interface PriceReport {
  stored: number;
  evaluations: ReEvaluation[];
  skipped: Array<{ stockCode: string; reason: string }>;
}

/**
 * Stores closing prices, then re-evaluates the pledge level (and so the current route) of each
 * company's latest screening at that company's latest price, under the screening's own rule set.
 * A price dated before the screening, or one already evaluated, changes nothing.
 * @throws DomainError VALIDATION_FAILED (price not a positive decimal, date in the future, the same
 *   stock and date twice), IDEMPOTENCY_CONFLICT
 */
export async function recordMarketPrices(
  db: Database,
  context: CommandContext,
  request: { prices: readonly PriceInput[]; today: IsoDate },
): Promise<CommandOutcome<PriceReport>> {
  const prices = parsePrices(request.prices, request.today);
  return runCommand(db, context, {
    action: 'market-prices.record',
    async execute(repos) {
      await repos.marketPrices.upsertMany(prices, { recordedAt: context.now.toISOString(), recordedBy: context.actor.name });
      const report = await reEvaluate(repos, [...new Set(prices.map((p) => p.stockCode))], context.now.toISOString());
      const body = { stored: prices.length, ...report };
      const changed = report.evaluations.filter((e) => e.levelChanged).length;
      return { result: body, target: 'market-prices', detail: { stored: prices.length, evaluated: report.evaluations.length, levelChanges: changed } };
    },
  });
}

function parsePrices(inputs: readonly PriceInput[], today: IsoDate): MarketPrice[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const prices: MarketPrice[] = [];
  inputs.forEach((input, index) => {
    try {
      prices.push({ stockCode: input.stockCode, date: input.date, close: parsePrice(input.close, `${index}.close`) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      errors.push(...((error.details.errors as FieldError[]) ?? []));
    }
    if (input.date > today) errors.push({ field: `${index}.date`, message: `must not be after today (${today})` });
    const key = `${input.stockCode}|${input.date}`;
    if (seen.has(key)) errors.push({ field: `${index}`, message: `repeats the price of ${input.stockCode} on ${input.date}` });
    seen.add(key);
  });
  if (errors.length > 0) throw DomainError.validation(errors);
  return prices;
}

async function reEvaluate(repos: Repositories, stockCodes: string[], at: string): Promise<Omit<PriceReport, 'stored'>> {
  const screenings = await repos.screenings.latestForEach(stockCodes);
  const latestPrices = await repos.marketPrices.latestFor(stockCodes);
  const previous = await repos.pledgeEvaluations.latestFor(screenings.map((s) => s.id));
  const rules = await rulesetsOf(repos, screenings);
  const evaluations: PledgeEvaluation[] = [];
  const skipped: PriceReport['skipped'] = [];
  const screened = new Set(screenings.map((s) => s.stockCode));
  for (const code of stockCodes) if (!screened.has(code)) skipped.push({ stockCode: code, reason: 'no screening of this company' });
  for (const screening of screenings) {
    const price = latestPrices.get(screening.stockCode)!;
    const last = previous.get(screening.id);
    if (price.date < screening.screenedOn) {
      skipped.push({ stockCode: screening.stockCode, reason: `latest price ${price.date} predates the screening of ${screening.screenedOn}` });
      continue;
    }
    if (last && last.priceDate === price.date && last.close === price.close) {
      skipped.push({ stockCode: screening.stockCode, reason: `price of ${price.date} already evaluated` });
      continue;
    }
    const pledgeRisk = assessPledgeRisk(screening.applicant, rules.get(screening.rulesetVersion)!.pledge, { closeE4: price.close });
    evaluations.push({
      screeningId: screening.id,
      stockCode: screening.stockCode,
      priceDate: price.date,
      close: price.close,
      level: pledgeRisk.level,
      previousLevel: last?.level ?? screening.pledgeLevel,
      route: recommendRoute(screening.decision, pledgeRisk.level, screening.applicant.acquisitionProject),
      pledgeRisk,
      evaluatedAt: at,
    });
  }
  await repos.pledgeEvaluations.insertMany(evaluations);
  for (const e of evaluations) await repos.screenings.setCurrent(e.screeningId, e.level, e.route);
  return { evaluations: evaluations.map(presentEvaluation), skipped };
}

async function rulesetsOf(repos: Repositories, screenings: readonly StoredScreening[]): Promise<Map<number, Ruleset>> {
  const rules = new Map<number, Ruleset>();
  for (const version of new Set(screenings.map((s) => s.rulesetVersion))) {
    const stored = await repos.rulesets.get(version);
    if (stored) rules.set(version, stored.rules);
  }
  return rules;
}

function presentEvaluation(e: PledgeEvaluation): ReEvaluation {
  return {
    stockCode: e.stockCode,
    screeningId: e.screeningId,
    priceDate: e.priceDate,
    close: formatPrice(e.close),
    level: e.level,
    previousLevel: e.previousLevel,
    levelChanged: e.level !== e.previousLevel,
    route: e.route,
    minBuffer: e.pledgeRisk.minBuffer,
  };
}

export interface WatchlistRow {
  stockCode: string;
  companyName: string;
  screeningId: number;
  screenedOn: IsoDate;
  decision: StoredScreening['decision'];
  route: Route | null;
  level: PledgeLevel;
  /** The level before the latest price; null while no price has been posted since the screening. */
  previousLevel: PledgeLevel | null;
  levelChanged: boolean;
  priceDate: IsoDate | null;
  price: string | null;
  buffer: string | null;
  enhancedReview: boolean;
  shareholderPledgeRatio: string | null;
  companyPledgeRatio: string | null;
  reliefQuota: string | null;
  pledgeRisk: PledgeRisk;
}

/**
 * The latest screening of every company with pledge tranches or a level above normal, at its
 * latest evaluated price, weakest buffer to the liquidation line first (unknown buffers last).
 */
export async function pledgeWatchlist(db: Database, query: { level?: PledgeLevel; changed?: boolean } = {}): Promise<WatchlistRow[]> {
  return db.read(async (repos) => {
    const screenings = await repos.screenings.latestForEach();
    const evaluations = await repos.pledgeEvaluations.latestFor(screenings.map((s) => s.id));
    const rows = screenings.map((s) => watchRow(s, evaluations.get(s.id)));
    return rows
      .filter((r) => r.pledgeRisk.tranches.length > 0 || r.level !== 'normal')
      .filter((r) => (query.level ? r.level === query.level : true))
      .filter((r) => (query.changed === undefined ? true : r.levelChanged === query.changed))
      .sort(byBuffer);
  });
}

function watchRow(s: StoredScreening, e: PledgeEvaluation | undefined): WatchlistRow {
  const risk = e?.pledgeRisk ?? s.result.pledgeRisk;
  return {
    stockCode: s.stockCode,
    companyName: s.companyName,
    screeningId: s.id,
    screenedOn: s.screenedOn,
    decision: s.decision,
    route: s.route,
    level: s.pledgeLevel,
    previousLevel: e?.previousLevel ?? null,
    levelChanged: e !== undefined && e.previousLevel !== e.level,
    priceDate: e?.priceDate ?? (risk.sharePrice === null ? null : s.screenedOn),
    price: risk.sharePrice,
    buffer: risk.minBuffer,
    enhancedReview: risk.enhancedReview,
    shareholderPledgeRatio: risk.shareholderPledgeRatio,
    companyPledgeRatio: risk.companyPledgeRatio,
    reliefQuota: risk.reliefQuota,
    pledgeRisk: risk,
  };
}

function byBuffer(a: WatchlistRow, b: WatchlistRow): number {
  if (a.buffer === null || b.buffer === null) {
    if (a.buffer !== b.buffer) return a.buffer === null ? 1 : -1;
  } else {
    const order = new Big(a.buffer).cmp(b.buffer);
    if (order !== 0) return order;
  }
  return a.stockCode < b.stockCode ? -1 : a.stockCode > b.stockCode ? 1 : 0;
}
