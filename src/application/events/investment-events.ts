import { DomainError } from '../../domain/errors';
import { assertNotFuture, type IsoDate } from '../../domain/dates';
import { parseYuan, type Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { chart } from '../../domain/funds/chart-of-accounts';
import { planInvestment, type Instrument } from '../../domain/funds/investment';
import { planExit, type ExitKind } from '../../domain/funds/exit';
import { planValuation } from '../../domain/funds/valuation';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { book, cashOf, lockFunds, overrideOf, type Booked, type EventOptions, type OverrideInput } from './event-support';
import { policyInForce } from '../fund-policy-service';

export interface InvestmentInput {
  company: { stockCode: string; name: string };
  instrument: Instrument;
  amount: string;
  date: IsoDate;
  screeningId?: number;
  shares?: number;
  acquisitionMode?: string;
  guaranteedReturn?: boolean;
  override?: OverrideInput;
}

export interface InvestmentBooked {
  id: number;
  fund: string;
  company: { stockCode: string; name: string };
  instrument: Instrument;
  amount: Fen;
  date: IsoDate;
  shares: number | null;
  acquisitionMode: string | null;
  screeningId: number | null;
  /** The admin's reason when the screening gate was overridden. */
  override: { reason: string } | null;
  entryId: number;
}

/**
 * An investment into a listed company or its controlling shareholder, through the screening gate.
 * Plan and check first, write after: every refusal comes before the investment row is added, so a
 * refused investment in an import is one refused row, not a rolled-back group.
 * @throws DomainError NOT_FOUND, SCREENING_REQUIRED, CONCENTRATION_LIMIT, ACQUISITION_MODE_FORBIDDEN,
 *   GUARANTEED_RETURN_FORBIDDEN, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FORBIDDEN,
 *   FUTURE_VALUE_DATE, VALIDATION_FAILED
 */
export async function bookInvestment(repos: Repositories, ctx: CommandContext, code: string, input: InvestmentInput, options: EventOptions): Promise<Booked<InvestmentBooked>> {
  const override = overrideOf(ctx, input.override);
  assertNotFuture(input.date, options.today);
  const locked = (await lockFunds(repos, [code])).get(code)!;
  // The limits in force on the investment's own date (a later change never reaches back).
  const fund = { ...locked, policy: await policyInForce(repos, locked, input.date ?? options.today) };
  const amount = parseYuan(input.amount);
  const stockCode = input.company.stockCode;
  const screeningId = input.screeningId ?? null;
  // In turn, not together: the transaction is one connection.
  const screening = screeningId === null ? null : await repos.screenings.get(screeningId);
  const latestScreening = await repos.screenings.latestFor(stockCode);
  const companyTotalShares = screeningId === null ? null : await repos.screenings.totalShares(screeningId);
  const companyCost = (await repos.journal.balancesUnder([chart.companyInvestmentsPrefix(code, stockCode)]))
.filter((b) => b.account.endsWith(':cost'))
.reduce((s, b) => s + balanceOf(b), 0n);
  const shares = input.shares ?? null;
  const acquisitionMode = input.acquisitionMode ?? null;
  const { draftFor, gateOverridden } = planInvestment({
fund,
company: input.company,
instrument: input.instrument,
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
  const id = await repos.eventWrites.addInvestment({
fund: code,
stockCode,
companyName: input.company.name,
instrument: input.instrument,
amount,
shares,
acquisitionMode,
screeningId,
overrideReason: override?.reason ?? null,
date: input.date,
  });
  const entry = await book(repos, ctx, draftFor(id), options);
  await repos.eventWrites.attachInvestmentEntry(id, entry.id);
  return {
result: {
  id,
  fund: code,
  company: input.company,
  instrument: input.instrument,
  amount,
  date: input.date,
  shares,
  acquisitionMode,
  screeningId,
  override: gateOverridden ? { reason: gateOverridden } : null,
  entryId: entry.id,
},
target: `investments/${id}`,
detail: gateOverridden ? { override: gateOverridden, screeningId } : { screeningId },
  };
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
 * An exit (sale, repayment or income) on an investment; realized gain against cost released, which
 * a sale of equity may give as shares sold (average cost).
 * @throws DomainError NOT_FOUND, EXIT_EXCEEDS_COST, EXIT_EXCEEDS_SHARES, EXIT_COST_MISMATCH, FUND_NOT_ACTIVE,
 *   CONFLICT (reversed investment), VALIDATION_FAILED
 */
export async function bookExit(repos: Repositories, ctx: CommandContext, investmentId: number, input: ExitInput, options: EventOptions): Promise<Booked<ExitBooked>> {
  const state = await investmentState(repos, investmentId);
  const proceeds = parseYuan(input.proceeds, { field: 'proceeds' });
  const given = input.cost === undefined ? null : parseYuan(input.cost, { field: 'cost' });
  const shares = input.shares ?? null;
  const planned = planExit({ ...state, kind: input.kind, proceeds, cost: given, shares, date: input.date, actor: ctx.actor.name });
  const cost = planned.cost;
  const entry = await book(repos, ctx, planned.draft, options);
  const id = await repos.eventWrites.addExit({
    investment: investmentId,
    kind: input.kind,
    proceeds,
    cost,
    shares,
    realizedGain: planned.realizedGain,
    date: input.date,
    entryId: entry.id,
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
  realizedGain: Fen;
  unrealizedReleased: Fen;
  date: IsoDate;
  entryId: number;
}

/**
 * Marks an investment to fair value; the change is unrealized gain or loss. An unchanged value is
 * recorded with no journal entry (`entryId` null).
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, CONFLICT (reversed investment), VALIDATION_FAILED
 */
export async function bookValuation(repos: Repositories, ctx: CommandContext, investmentId: number, input: ValuationInput, options: EventOptions): Promise<Booked<ValuationBooked>> {
  const state = await investmentState(repos, investmentId);
  const fairValue = parseYuan(input.fairValue, { field: 'fairValue' });
  const planned = planValuation({
    fund: state.fund,
    investment: state.investment,
    fairValue,
    date: input.date,
    actor: ctx.actor.name,
    remainingCost: state.remainingCost,
    carriedFairValue: state.fairValue,
  });
  const entry = planned.draft ? await book(repos, ctx, planned.draft, options) : null;
  const id = await repos.eventWrites.addValuation({
    investment: investmentId,
    fairValue,
    unrealizedChange: planned.unrealizedChange,
    date: input.date,
    entryId: entry?.id ?? null,
  });
  return {
    result: { id, investment: investmentId, fairValue, unrealizedChange: planned.unrealizedChange, date: input.date, entryId: entry?.id ?? null },
    target: `investments/${investmentId}/valuations/${id}`,
  };
}

export interface ValuationInput {
  fairValue: string;
  date: IsoDate;
}

export interface ValuationBooked {
  id: number;
  investment: number;
  fairValue: Fen;
  unrealizedChange: Fen;
  date: IsoDate;
  /** Null when the value was unchanged: nothing to book. */
  entryId: number | null;
}
