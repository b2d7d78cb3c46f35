import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import { formatYuan, parseYuan } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { chart } from '../../domain/funds/chart-of-accounts';
import { planInvestment, type Instrument } from '../../domain/funds/investment';
import { planExit, type ExitKind } from '../../domain/funds/exit';
import { planValuation } from '../../domain/funds/valuation';
import type { Database } from '../../data/database';
import type { Repositories } from '../../data/repositories';
import { runCommand, type CommandContext, type CommandResult } from '../command-runner';
import { book, cashOf, lockFunds, overrideOf, type EventOptions, type OverrideInput } from './event-support';

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

/**
 * An investment into a listed company or its controlling shareholder, through the screening gate.
 * @throws DomainError NOT_FOUND, SCREENING_REQUIRED, CONCENTRATION_LIMIT, ACQUISITION_MODE_FORBIDDEN,
 *   GUARANTEED_RETURN_FORBIDDEN, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, FORBIDDEN, VALIDATION_FAILED
 */
export function invest(db: Database, ctx: CommandContext, code: string, input: InvestmentInput, options: EventOptions): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'investment.create',
    async execute(repos) {
      const override = overrideOf(ctx, input.override);
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const amount = parseYuan(input.amount);
      const stockCode = input.company.stockCode;
      const screeningId = input.screeningId ?? null;
      // In turn, not together: the transaction is one connection.
      const screening = screeningId === null ? null : await repos.screenings.get(screeningId);
      const latestScreening = await repos.screenings.latestFor(stockCode);
      const companyTotalShares = screeningId === null ? null : await repos.screenings.totalShares(screeningId);
      const companyCost = (await repos.journal.balancesUnder([`assets:${code}:investments:${stockCode}:`]))
        .filter((b) => b.account.endsWith(':cost'))
        .reduce((s, b) => s + balanceOf(b), 0n);
      const id = await repos.events.insert('investments', {
        fund: code,
        stock_code: stockCode,
        company_name: input.company.name,
        instrument: input.instrument,
        amount: amount.toString(),
        shares: input.shares ?? null,
        acquisition_mode: input.acquisitionMode ?? null,
        screening_id: screeningId,
        override_reason: override?.reason ?? null,
        date: input.date,
      });
      const { draft, gateOverridden } = planInvestment({
        fund,
        investmentId: id,
        company: input.company,
        instrument: input.instrument,
        amount,
        date: input.date,
        acquisitionMode: input.acquisitionMode ?? null,
        shares: input.shares ?? null,
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
      const entry = await book(repos, ctx, draft, options);
      await repos.events.setEntry('investments', id, entry.id);
      return {
        status: 201,
        body: {
          id,
          fund: code,
          company: input.company,
          instrument: input.instrument,
          amount: formatYuan(amount),
          date: input.date,
          shares: input.shares ?? null,
          acquisitionMode: input.acquisitionMode ?? null,
          screeningId,
          override: gateOverridden ? { reason: gateOverridden } : null,
          entryId: entry.id,
        },
        target: `investments/${id}`,
        detail: gateOverridden ? { override: gateOverridden, screeningId } : { screeningId },
      };
    },
  });
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
export function recordExit(
  db: Database,
  ctx: CommandContext,
  investmentId: number,
  input: { kind: ExitKind; proceeds: string; cost?: string; shares?: number; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'exit.create',
    async execute(repos) {
      const state = await investmentState(repos, investmentId);
      const proceeds = parseYuan(input.proceeds, { field: 'proceeds' });
      const given = input.cost === undefined ? null : parseYuan(input.cost, { field: 'cost' });
      const shares = input.shares ?? null;
      const planned = planExit({ ...state, kind: input.kind, proceeds, cost: given, shares, date: input.date, actor: ctx.actor.name });
      const cost = planned.cost;
      const entry = await book(repos, ctx, planned.draft, options);
      const id = await repos.events.insert('exits', {
        investment_id: investmentId,
        kind: input.kind,
        proceeds: proceeds.toString(),
        cost: cost.toString(),
        shares,
        realized_gain: planned.realizedGain.toString(),
        date: input.date,
        entry_id: entry.id,
      });
      return {
        status: 201,
        body: {
          id,
          investment: investmentId,
          kind: input.kind,
          proceeds: formatYuan(proceeds),
          cost: formatYuan(cost),
          shares,
          sharesHeld: state.sharesHeld === null ? null : state.sharesHeld - (shares ?? 0),
          realizedGain: formatYuan(planned.realizedGain),
          unrealizedReleased: formatYuan(planned.unrealizedReleased),
          date: input.date,
          entryId: entry.id,
        },
        target: `investments/${investmentId}/exits/${id}`,
      };
    },
  });
}

/**
 * Marks an investment to fair value; the change is unrealized gain or loss. An unchanged value is
 * recorded with no journal entry (`entryId` null).
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, CONFLICT (reversed investment), VALIDATION_FAILED
 */
export function recordValuation(
  db: Database,
  ctx: CommandContext,
  investmentId: number,
  input: { fairValue: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'valuation.create',
    async execute(repos) {
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
      const id = await repos.events.insert('valuations', {
        investment_id: investmentId,
        fair_value: fairValue.toString(),
        unrealized_change: planned.unrealizedChange.toString(),
        date: input.date,
        entry_id: entry?.id ?? null,
      });
      return {
        status: 201,
        body: {
          id,
          investment: investmentId,
          fairValue: formatYuan(fairValue),
          unrealizedChange: formatYuan(planned.unrealizedChange),
          date: input.date,
          entryId: entry?.id ?? null,
        },
        target: `investments/${investmentId}/valuations/${id}`,
      };
    },
  });
}
