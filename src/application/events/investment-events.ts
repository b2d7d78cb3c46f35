import { DomainError } from '../../domain/errors';
import { assertNotFuture, type IsoDate } from '../../domain/dates';
import { formatYuan, parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { chart } from '../../domain/funds/chart-of-accounts';
import { planInvestment } from '../../domain/funds/investment';
import { termsOf, type Instrument, type InstrumentTerms } from '../../domain/deals/instrument';
import { accountSegment, screenedCompany, type Investee, type InvesteeKind } from '../../domain/deals/investee';
import { planExit, type ExitChannel, type ExitKind } from '../../domain/funds/exit';
import { sellingLimitProblem, type SellableInput } from '../../domain/deals/lockup';
import { assertSettlableBy } from '../../domain/deals/obligation';
import { DEFAULT_LOCKUP_MONTHS, parseLockUpMonths, remainingLockUpDays } from '../../domain/watch/liquidity-discount';
import { positionLockupEndsOn, sellingInput } from '../listed-positions';
import { planValuation, type ValuationMethod } from '../../domain/funds/valuation';
import { aapDiscount } from '../../domain/valuation/aap-discount';
import { formatPrice, parsePrice } from '../../domain/screening/price';
import { markToMarketValue } from '../../domain/watch/holding-value';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { book, cashOf, lockFunds, overrideOf, type Booked, type EventOptions, type OverrideInput } from './event-support';
import { holdsGovernmentCapital, policyInForce } from '../fund-policy-service';

export interface InvestmentInput extends InstrumentTerms {
  /** A listed company by stock code (found, or recorded as a listed-company investee); or `investee`. */
  company?: { stockCode: string; name: string };
  investee?: string;
  instrument: Instrument;
  amount: string;
  date: IsoDate;
  screeningId?: number;
  shares?: number;
  acquisitionMode?: string;
  holderCategory?: 'general' | 'strategic';
  lockupEndsOn?: IsoDate;
  guaranteedReturn?: boolean;
  override?: OverrideInput;
}

export interface InvestmentBooked {
  id: number;
  fund: string;
  /** `stockCode` is the account segment: a listed company's stock code, else the investee code. */
  company: { stockCode: string; name: string };
  investee: { code: string; name: string; kind: InvesteeKind; listedCompany: string | null };
  instrument: Instrument;
  amount: Fen;
  date: IsoDate;
  shares: number | null;
  acquisitionMode: string | null;
  screeningId: number | null;
  terms: InstrumentTerms;
  holderCategory: 'general' | 'strategic' | null;
  lockupEndsOn: IsoDate | null;
  /** The admin's reason when a rule was overridden (the screening gate, the investment policy). */
  override: { reason: string; rules?: string[] } | null;
  entryId: number;
}

/**
 * The investee an investment names: by code, or a listed company by its stock code (recorded as
 * an investee on its first investment, so `company` keeps working for every client). Nothing is
 * written here: a company not yet recorded comes back `unrecorded`, for the booking to insert
 * once its rules have passed.
 * @throws DomainError NOT_FOUND, VALIDATION_FAILED
 */
export async function investeeOfInvestment(repos: Repositories, input: Pick<InvestmentInput, 'company' | 'investee'>): Promise<{ investee: Investee; unrecorded: boolean }> {
  if (input.investee !== undefined) {
    const found = await repos.investees.get(input.investee);
    if (!found) throw DomainError.notFound('investee', input.investee);
    if (input.company && input.company.stockCode !== found.stockCode) {
      throw DomainError.validation([{ field: 'company.stockCode', message: `investee ${found.code} is ${found.stockCode ? `listed as ${found.stockCode}` : `a ${found.kind} without a stock code`}; give one or the other` }]);
    }
    return { investee: found, unrecorded: false };
  }
  if (!input.company) throw DomainError.validation([{ field: 'investee', message: 'is required: name the investee by its code, or a listed company as company {stockCode, name}' }]);
  const found = await repos.investees.byStockCode(input.company.stockCode);
  if (found) return { investee: found, unrecorded: false };
  const code = input.company.stockCode;
  return {
    investee: { code, name: input.company.name, kind: 'listed_company', creditCode: null, stockCode: code, listedCompany: null, registeredDistrict: null, industrySection: null },
    unrecorded: (await repos.investees.get(code)) === null,
  };
}

/**
 * An investment into a listed company, its controlling shareholder or an unlisted company,
 * through the investment policy and the screening gate. Plan and check first, write after: every
 * refusal comes before the investment row (or its investee) is added, so a refused investment in
 * an import is one refused row, not a rolled-back group.
 * @throws DomainError NOT_FOUND, INSTRUMENT_FORBIDDEN, SCREENING_REQUIRED, CONCENTRATION_LIMIT,
 *   ACQUISITION_MODE_FORBIDDEN, GUARANTEED_RETURN_FORBIDDEN, INSUFFICIENT_CASH, FUND_NOT_ACTIVE,
 *   DATE_BEFORE_INCEPTION, FORBIDDEN, FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookInvestment(repos: Repositories, ctx: CommandContext, code: string, input: InvestmentInput, options: EventOptions): Promise<Booked<InvestmentBooked>> {
  const override = overrideOf(ctx, input.override);
  assertNotFuture(input.date, options.today);
  const locked = (await lockFunds(repos, [code])).get(code)!;
  // The limits in force on the investment's own date (a later change never reaches back).
  const fund = { ...locked, policy: await policyInForce(repos, locked, input.date ?? options.today) };
  const amount = parseYuan(input.amount);
  const { investee, unrecorded } = await investeeOfInvestment(repos, input);
  const segment = accountSegment(investee);
  const screened = screenedCompany(investee);
  const company = { stockCode: segment, name: input.company?.name ?? investee.name };
  const screeningId = input.screeningId ?? null;
  // In turn, not together: the transaction is one connection.
  const screening = screeningId === null ? null : await repos.screenings.get(screeningId);
  const latestScreening = screened === null ? null : await repos.screenings.latestFor(screened);
  const companyTotalShares = screeningId === null ? null : await repos.screenings.totalShares(screeningId);
  const companyCost = (await repos.journal.balancesUnder([chart.companyInvestmentsPrefix(code, segment)]))
    .filter((b) => b.account.endsWith(':cost'))
    .reduce((s, b) => s + balanceOf(b), 0n);
  const shares = input.shares ?? null;
  const acquisitionMode = input.acquisitionMode ?? null;
  const terms = termsOf(input);
  const holderCategory = input.holderCategory ?? null;
  const contractualLockupEndsOn = input.lockupEndsOn ?? null;
  const { draftFor, overriddenRules } = planInvestment({
    fund,
    company,
    investee: { code: investee.code, name: investee.name, kind: investee.kind, segment, screenedStockCode: screened, listedCompany: investee.listedCompany },
    instrument: input.instrument,
    terms,
    allowedInstruments: fund.policy.allowedInstruments ?? null,
    governmentCapital: await holdsGovernmentCapital(repos, code),
    holderCategory,
    contractualLockupEndsOn,
    amount,
    date: input.date,
    acquisitionMode,
    shares,
    companyTotalShares,
    guaranteedReturn: input.guaranteedReturn ?? false,
    actor: ctx.actor.name,
    override,
    screening,
    latestScreening,
    screeningId,
    validityDays: options.screeningValidityDays,
    cash: await cashOf(repos, code),
    companyCost,
  });
  if (unrecorded) await repos.investees.insert(investee, { at: ctx.now.toISOString(), actor: ctx.actor.name });
  const id = await repos.eventWrites.addInvestment({
    fund: code,
    stockCode: segment,
    companyName: company.name,
    instrument: input.instrument,
    amount,
    shares,
    acquisitionMode,
    screeningId,
    overrideReason: override && overriddenRules.length > 0 ? override.reason : null,
    date: input.date,
    investee: investee.code,
    instrumentTerms: terms,
    holderCategory,
    contractualLockupEndsOn,
  });
  const entry = await book(repos, ctx, draftFor(id), options);
  await repos.eventWrites.attachInvestmentEntry(id, entry.id);
  const overridden = overriddenRules.length > 0 && override ? override.reason : null;
  return {
    result: {
      id,
      fund: code,
      company,
      investee: { code: investee.code, name: investee.name, kind: investee.kind, listedCompany: investee.listedCompany },
      instrument: input.instrument,
      amount,
      date: input.date,
      shares,
      acquisitionMode,
      screeningId,
      terms,
      holderCategory,
      lockupEndsOn: contractualLockupEndsOn,
      // The rules are named when more than the screening gate was overridden (it alone reads as before).
      override: overridden ? { reason: overridden, ...(overriddenRules.some((r) => r !== 'screening gate') ? { rules: overriddenRules } : {}) } : null,
      entryId: entry.id,
    },
    target: `investments/${id}`,
    detail: overridden ? { override: overridden, overriddenRules, screeningId } : { screeningId },
  };
}

const DEFAULT_HOUSE_LOCKUP = parseLockUpMonths(DEFAULT_LOCKUP_MONTHS);

/** A sale of an unknown number of shares while the position is locked: refused as any locked sale is. */
function lockedSaleProblem(selling: SellableInput, channel: ExitChannel, date: IsoDate): DomainError | null {
  const ends = selling.contractualLockupEndsOn ?? null;
  if (ends === null || date > ends) return null;
  return sellingLimitProblem({ ...selling, channel, shares: Math.max(selling.sharesHeld, 1), date });
}

async function investmentState(repos: Repositories, investmentId: number) {
  const known = await repos.events.investment(investmentId);
  if (!known) throw DomainError.notFound('investment', investmentId);
  const fund = (await lockFunds(repos, [known.fund])).get(known.fund)!;
  if (known.reversed) throw new DomainError('CONFLICT', `investment ${investmentId} was reversed`, { investment: investmentId });
  const cost = chart.investmentCost(known.fund, known.stockCode, known.instrument, known.id);
  const fairValue = chart.investmentFairValue(known.fund, known.stockCode, known.instrument, known.id);
  const locked = await repos.ledger.lockAccounts([
    { account: cost, fund: known.fund },
    { account: fairValue, fund: known.fund },
  ]);
  const balance = (name: string) => {
    const b = locked.get(name);
    return b ? balanceOf(b) : 0n;
  };
  const sold = (await repos.events.sharesSold([known.id])).get(known.id) ?? 0;
  const sharesHeld = known.shares === null ? null : known.shares - sold;
  return { investment: known, fund, remainingCost: balance(cost), fairValue: balance(fairValue), sharesHeld };
}

/**
 * The channel an exit sold through: as named, or for a sale of listed shares the exchange (集中竞价),
 * the channel every limit applies to; none for income.
 * @throws DomainError VALIDATION_FAILED (a channel on income)
 */
function channelOf(input: ExitInput, instrument: Instrument): ExitChannel | null {
  if (input.kind === 'income') {
    if (input.channel !== undefined) throw DomainError.validation([{ field: 'channel', message: 'applies to sales and repayments, not to income' }]);
    return null;
  }
  return input.channel ?? (instrument === 'equity' && input.kind === 'sale' ? 'exchange' : null);
}

/**
 * An exit (sale, repayment or income) on an investment; realized gain against cost released, which
 * a sale of equity may give as shares sold (average cost). A sale of listed shares meets the
 * lock-up and the selling limits of its channel (an admin may override with a reason); an exit
 * naming a buyback obligation settles it.
 * @throws DomainError NOT_FOUND, EXIT_EXCEEDS_COST, EXIT_EXCEEDS_SHARES, EXIT_COST_MISMATCH, FUND_NOT_ACTIVE,
 *   SELLING_LIMIT_EXCEEDED, OBLIGATION_NOT_SETTLABLE, FORBIDDEN, CONFLICT (reversed investment), VALIDATION_FAILED
 */
export async function bookExit(repos: Repositories, ctx: CommandContext, investmentId: number, input: ExitInput, options: EventOptions): Promise<Booked<ExitBooked>> {
  const override = overrideOf(ctx, input.override);
  const state = await investmentState(repos, investmentId);
  const proceeds = parseYuan(input.proceeds, { field: 'proceeds' });
  const given = input.cost === undefined ? null : parseYuan(input.cost, { field: 'cost' });
  const shares = input.shares ?? null;
  const channel = channelOf(input, state.investment.instrument);
  const planned = planExit({ ...state, kind: input.kind, proceeds, cost: given, shares, date: input.date, actor: ctx.actor.name });
  const obligation = input.obligation ?? null;
  if (obligation !== null) {
    const known = await repos.obligations.get(obligation);
    if (!known) throw DomainError.notFound('obligation', obligation);
    const settledBy = (await repos.obligations.settledBy([obligation])).get(obligation) ?? null;
    assertSettlableBy({ ...known, settledBy }, { investmentId, channel });
  }
  let limitOverridden: DomainError | null = null;
  if (input.kind === 'sale' && state.investment.instrument === 'equity' && state.sharesHeld !== null && channel !== null && channel !== 'buyback') {
    const selling = await sellingInput(repos, state.investment, state.sharesHeld, input.date, options.lockUpMonths ?? DEFAULT_HOUSE_LOCKUP);
    // A sale that names no shares (cost released alone, as clients have always sent) is held to the
    // lock-up; the percentage limits count shares, so they need `shares`.
    const problem = shares === null ? lockedSaleProblem(selling, channel, input.date) : sellingLimitProblem({ ...selling, channel, shares, date: input.date });
    if (problem && !override) throw problem;
    limitOverridden = problem;
  }
  const cost = planned.cost;
  const draft = limitOverridden
    ? { ...planned.draft, metadata: { ...planned.draft.metadata, override: override!.reason, overriddenRules: [String(limitOverridden.details.rule ?? 'selling limit')] } }
    : planned.draft;
  const entry = await book(repos, ctx, { ...draft, metadata: { ...draft.metadata, ...(channel ? { channel } : {}), ...(obligation ? { obligation } : {}) } }, options);
  const id = await repos.eventWrites.addExit({
    investment: investmentId,
    kind: input.kind,
    proceeds,
    cost,
    shares,
    realizedGain: planned.realizedGain,
    date: input.date,
    entryId: entry.id,
    channel,
    obligation,
  });
  return {
    result: {
      id,
      investment: investmentId,
      kind: input.kind,
      proceeds,
      cost,
      shares,
      sharesHeld: state.sharesHeld === null ? null : state.sharesHeld - (shares ?? 0),
      channel,
      obligation,
      override: limitOverridden ? { reason: override!.reason, rules: [String(limitOverridden.details.rule ?? 'selling limit')] } : null,
      realizedGain: planned.realizedGain,
      unrealizedReleased: planned.unrealizedReleased,
      date: input.date,
      entryId: entry.id,
    },
    target: `investments/${investmentId}/exits/${id}`,
  };
}

export interface ExitInput {
  kind: ExitKind;
  proceeds: string;
  cost?: string;
  shares?: number;
  channel?: ExitChannel;
  /** The buyback obligation the exit settles. */
  obligation?: number;
  override?: OverrideInput;
  date: IsoDate;
}

export interface ExitBooked {
  id: number;
  investment: number;
  kind: ExitKind;
  proceeds: Fen;
  cost: Fen;
  shares: number | null;
  /** Shares still held after this exit; null when the investment counts no shares. */
  sharesHeld: number | null;
  channel: ExitChannel | null;
  obligation: number | null;
  /** The admin's reason when the selling limit was overridden. */
  override: { reason: string; rules: string[] } | null;
  realizedGain: Fen;
  unrealizedReleased: Fen;
  date: IsoDate;
  entryId: number;
}

/**
 * Marks an investment to fair value; the change is unrealized gain or loss. The valuation records
 * its method and inputs. With method `aap`, restricted listed shares are valued at the price less
 * the AAP discount of the 2017 流通受限股票估值指引 over the position's real remaining lock-up, in
 * exact decimals (src/domain/valuation); a fairValue sent as well must agree with it to the fen.
 * An unchanged value is recorded with no journal entry (`entryId` null).
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, CONFLICT (reversed investment), VALIDATION_FAILED
 */
export async function bookValuation(repos: Repositories, ctx: CommandContext, investmentId: number, input: ValuationInput, options: EventOptions): Promise<Booked<ValuationBooked>> {
  const state = await investmentState(repos, investmentId);
  const method = input.method ?? null;
  const aap = method === 'aap' ? await aapValuation(repos, state, input, options) : null;
  if (aap === null && input.fairValue === undefined) throw DomainError.validation([{ field: 'fairValue', message: 'is required (computed only with method aap)' }]);
  const fairValue = aap?.fairValue ?? parseYuan(input.fairValue!, { field: 'fairValue' });
  if (aap && input.fairValue !== undefined && parseYuan(input.fairValue, { field: 'fairValue' }) !== aap.fairValue) {
    throw DomainError.validation([{ field: 'fairValue', message: `disagrees with the AAP value ${formatYuan(aap.fairValue)} computed from the inputs; leave it out or send that figure` }]);
  }
  const inputs = aap?.inputs ?? input.inputs ?? null;
  const planned = planValuation({
    fund: state.fund,
    investment: state.investment,
    fairValue,
    date: input.date,
    actor: ctx.actor.name,
    remainingCost: state.remainingCost,
    carriedFairValue: state.fairValue,
  });
  const draft = planned.draft && method ? { ...planned.draft, metadata: { ...planned.draft.metadata, method } } : planned.draft;
  const entry = draft ? await book(repos, ctx, draft, options) : null;
  const id = await repos.eventWrites.addValuation({
    investment: investmentId,
    fairValue,
    unrealizedChange: planned.unrealizedChange,
    date: input.date,
    entryId: entry?.id ?? null,
    method,
    inputs,
  });
  return {
    result: { id, investment: investmentId, fairValue, unrealizedChange: planned.unrealizedChange, date: input.date, method, inputs, entryId: entry?.id ?? null },
    target: `investments/${investmentId}/valuations/${id}`,
  };
}

/**
 * The AAP value of a listed equity position on the valuation date: shares held × price (the
 * inputs' `price`, else the latest stored close on or before the date) × (1 − discount), the
 * discount from the volatility, the dividend yield and the calendar days left of the position's
 * lock-up (rule table, undertaking and house minimum). The inputs kept say all of it.
 * @throws DomainError VALIDATION_FAILED
 */
async function aapValuation(
  repos: Repositories,
  state: Awaited<ReturnType<typeof investmentState>>,
  input: ValuationInput,
  options: EventOptions,
): Promise<{ fairValue: Fen; inputs: Record<string, unknown> }> {
  const given = input.inputs ?? {};
  if (state.investment.instrument !== 'equity' || state.sharesHeld === null) {
    throw DomainError.validation([{ field: 'method', message: 'aap values restricted listed shares: an equity investment that counts its shares' }]);
  }
  const text = (key: string): string | undefined => (given[key] === undefined || given[key] === null ? undefined : String(given[key]));
  const volatility = text('volatility');
  if (volatility === undefined) throw DomainError.validation([{ field: 'inputs.volatility', message: 'is required for aap: the annualised volatility, e.g. "0.45"' }]);
  let priceText = text('price');
  let priceDate: IsoDate = input.date;
  if (priceText === undefined) {
    const stored = (await repos.marketPrices.latestFor([state.investment.stockCode], input.date)).get(state.investment.stockCode);
    if (!stored) throw DomainError.validation([{ field: 'inputs.price', message: `is required for aap: no close of ${state.investment.stockCode} is stored on or before ${input.date}` }]);
    priceText = formatPrice(stored.close);
    priceDate = stored.date;
  }
  const close = parsePrice(priceText, 'inputs.price');
  const lockupEnds = positionLockupEndsOn(state.investment, options.lockUpMonths ?? DEFAULT_HOUSE_LOCKUP);
  const remainingDays = remainingLockUpDays(lockupEnds, input.date);
  const discount = aapDiscount({ volatility, remainingDays, dividendYield: text('dividendYield') ?? '0' });
  const fairValue = markToMarketValue(state.sharesHeld, close, discount.discount);
  return {
    fairValue,
    inputs: {
      ...given,
      price: formatPrice(close),
      priceDate,
      shares: state.sharesHeld,
      lockupEndsOn: lockupEnds,
      remainingDays,
      dividendYield: text('dividendYield') ?? '0',
      years: discount.years,
      discount: discount.discount,
      exactDiscount: discount.exactDiscount,
    },
  };
}

export interface ValuationInput {
  /** Required unless the method is `aap`, which computes it. */
  fairValue?: string;
  date: IsoDate;
  method?: ValuationMethod;
  inputs?: Record<string, unknown>;
}

export interface ValuationBooked {
  id: number;
  investment: number;
  fairValue: Fen;
  unrealizedChange: Fen;
  date: IsoDate;
  method: ValuationMethod | null;
  inputs: Record<string, unknown> | null;
  /** Null when the value was unchanged: nothing to book. */
  entryId: number | null;
}
