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
import type { PledgeAlert } from '../data/pledge-alert-repository';
import { limitDownDistance, type LimitDownDistance } from '../domain/watch/limit-down-distance';
import { isStale } from '../domain/watch/price-staleness';
import { topUpCapacity, type TopUpCapacity } from '../domain/watch/top-up';
import type { WatchSettings } from '../domain/watch/watch-settings';
import { runCommand, type CommandContext, type CommandOutcome } from './command-runner';
import { fundHoldings, type CompanyExposure } from './holdings-service';
import type { EventOptions } from './events/event-support';
import { markToMarket, type MarkToMarket } from './mark-to-market';
import type { GateSettings } from './approvals/approval-gate';
import { pledgeePositions, presentPledgeePosition, type PledgeePosition } from './pledgee-positions';

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
  /** The level changes among the evaluations, as kept in the alert history. */
  alerts: PresentedAlert[];
  /** Present when mark-to-market was asked for. */
  markToMarket?: MarkToMarket;
}

/** An alert with its close as a yuan string. */
export type PresentedAlert = Omit<PledgeAlert, 'close'> & { close: string; id?: number };

export interface PriceRequest {
  prices: readonly PriceInput[];
  today: IsoDate;
  /** What sent the prices, kept with each alert: the route, or the import and its file. */
  cause: string;
  /** Book valuations of the funds' holdings from the stored prices (docs/screening.md). */
  markToMarket?: { options: EventOptions; settings: WatchSettings; gate: GateSettings };
}

/**
 * Stores closing prices, then re-evaluates the pledge level (and so the current route) of each
 * company's latest screening at that company's latest price, under the screening's own rule set.
 * A price dated before the screening, or one already evaluated, changes nothing.
 * @throws DomainError VALIDATION_FAILED (price not a positive decimal, date in the future, the same
 *   stock and date twice), IDEMPOTENCY_CONFLICT
 */
export async function recordMarketPrices(db: Database, context: CommandContext, request: PriceRequest): Promise<CommandOutcome<PriceReport>> {
  const prices = parsePrices(request.prices, request.today);
  return runCommand(db, context, {
    action: 'market-prices.record',
    async execute(repos) {
      const codes = [...new Set(prices.map((p) => p.stockCode))];
      const before = await pledgeePositions(repos, request.today, codes, { atClose: true });
      await repos.marketPrices.upsertMany(prices, { recordedAt: context.now.toISOString(), recordedBy: context.actor.name });
      const source = { at: context.now.toISOString(), actor: context.actor.name, cause: request.cause };
      const report = await reEvaluate(repos, codes, source);
      report.alerts.push(...(await pledgeeAlerts(repos, before, await pledgeePositions(repos, request.today, codes, { atClose: true }), source)));
      const marked = request.markToMarket ? await markToMarket(repos, context, codes, request.markToMarket.options, request.markToMarket.settings, request.markToMarket.gate) : undefined;
      const body: PriceReport = { stored: prices.length, ...report, ...(marked ? { markToMarket: marked } : {}) };
      const detail = {
        stored: prices.length,
        evaluated: report.evaluations.length,
        levelChanges: report.alerts.length,
        ...(marked ? { valuations: marked.valuations.length } : {}),
      };
      return { result: body, target: 'market-prices', detail };
    },
  });
}

/**
 * The level changes of the funds' own pledgee positions between their close before and after the
 * prices, kept in the alert history as the shareholder's tranches' are, under the underlying
 * company's latest screening and naming the investment.
 */
async function pledgeeAlerts(
  repos: Repositories,
  before: readonly PledgeePosition[],
  after: readonly PledgeePosition[],
  source: { at: string; actor: string; cause: string },
): Promise<PresentedAlert[]> {
  const earlier = new Map(before.map((p) => [p.investment, p.risk.level ?? 'normal']));
  const alerts: PledgeAlert[] = [];
  for (const position of after) {
    const level = position.risk.level;
    const previous = earlier.get(position.investment) ?? 'normal';
    if (level === null || level === previous || position.close === null) continue;
    const screening = await repos.screenings.latestFor(position.stockCode);
    if (!screening) continue;
    alerts.push({
      screeningId: screening.id,
      stockCode: position.stockCode,
      companyName: screening.companyName,
      fromLevel: previous,
      toLevel: level,
      priceDate: position.priceDate!,
      close: parsePrice(position.close),
      occurredAt: source.at,
      actor: source.actor,
      cause: `${source.cause}; fund ${position.fund} as pledgee, investment ${position.investment}`.slice(0, 200),
      investment: position.investment,
    });
  }
  await repos.pledgeAlerts.insertMany(alerts);
  return alerts.map(presentAlert);
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

async function reEvaluate(
  repos: Repositories,
  stockCodes: string[],
  source: { at: string; actor: string; cause: string },
): Promise<Pick<PriceReport, 'evaluations' | 'skipped' | 'alerts'>> {
  const at = source.at;
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
  const names = new Map(screenings.map((s) => [s.id, s.companyName]));
  const alerts: PledgeAlert[] = evaluations
    .filter((e) => e.level !== e.previousLevel)
    .map((e) => ({
      screeningId: e.screeningId,
      stockCode: e.stockCode,
      companyName: names.get(e.screeningId)!,
      fromLevel: e.previousLevel,
      toLevel: e.level,
      priceDate: e.priceDate,
      close: e.close,
      occurredAt: at,
      actor: source.actor,
      cause: source.cause,
    }));
  await repos.pledgeAlerts.insertMany(alerts);
  return { evaluations: evaluations.map(presentEvaluation), skipped, alerts: alerts.map(presentAlert) };
}

export function presentAlert<A extends PledgeAlert>(alert: A): Omit<A, 'close'> & { close: string } {
  return { ...alert, close: formatPrice(alert.close) };
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
  /** 补仓能力: shares needed to restore the warning lines against the unpledged shares. */
  topUp: TopUpCapacity;
  /** 跌停板数: limit-down days to the liquidation price, by board. */
  limitDown: LimitDownDistance;
  /** The price is older than the configured trading days (null without a price or without a date to judge by). */
  priceStale: boolean | null;
  /** The funds' own holding of the company at its latest stored close; null when no fund holds it. */
  holding: CompanyExposure | null;
  /** Pledge financings of the company's shares the funds took over (the fund is the pledgee), at the same close. */
  fundPledges: ReturnType<typeof presentPledgeePosition>[];
  pledgeRisk: PledgeRisk;
}

/** The date the watch is judged at and its settings; holdings and staleness need both. */
export interface WatchAt {
  asOf: IsoDate;
  settings: WatchSettings;
}

/**
 * The latest screening of every company with pledge tranches or a level above normal, at its
 * latest evaluated price, weakest buffer to the liquidation line first (unknown buffers last).
 */
export async function pledgeWatchlist(db: Database, query: { level?: PledgeLevel; changed?: boolean } = {}, watch?: WatchAt): Promise<WatchlistRow[]> {
  const rows = await db.read(async (repos) => {
    const screenings = await repos.screenings.latestForEach();
    const evaluations = await repos.pledgeEvaluations.latestFor(screenings.map((s) => s.id));
    return screenings
      .map((s) => watchRow(s, evaluations.get(s.id), watch))
      .filter((r) => r.pledgeRisk.tranches.length > 0 || r.level !== 'normal')
      .filter((r) => (query.level ? r.level === query.level : true))
      .filter((r) => (query.changed === undefined ? true : r.levelChanged === query.changed))
      .sort(byBuffer);
  });
  if (watch && rows.length > 0) {
    const held = await fundHoldings(db, { asOf: watch.asOf, stockCodes: rows.map((r) => r.stockCode) }, watch.settings);
    const byCode = new Map(held.companies.map((c) => [c.stockCode, c]));
    for (const row of rows) row.holding = byCode.get(row.stockCode) ?? null;
    const pledges = await db.read((repos) => pledgeePositions(repos, watch.asOf, rows.map((r) => r.stockCode)));
    for (const row of rows) row.fundPledges = pledges.filter((p) => p.stockCode === row.stockCode).map(presentPledgeePosition);
  }
  return rows;
}

function watchRow(s: StoredScreening, e: PledgeEvaluation | undefined, watch: WatchAt | undefined): WatchlistRow {
  const risk = e?.pledgeRisk ?? s.result.pledgeRisk;
  const priceDate = e?.priceDate ?? (risk.sharePrice === null ? null : s.screenedOn);
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
    priceDate,
    price: risk.sharePrice,
    buffer: risk.minBuffer,
    enhancedReview: risk.enhancedReview,
    shareholderPledgeRatio: risk.shareholderPledgeRatio,
    companyPledgeRatio: risk.companyPledgeRatio,
    reliefQuota: risk.reliefQuota,
    topUp: topUpCapacity(s.applicant.controllingShareholder, risk),
    limitDown: limitDownDistance(s.applicant, risk, watch?.settings.mainBoardRiskWarningLimit),
    priceStale: watch && priceDate !== null ? isStale(priceDate, watch.asOf, watch.settings.staleAfterTradingDays) : null,
    holding: null,
    fundPledges: [],
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
