import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { formatYuan, parseYuan, type Fen } from '../domain/money';
import { balanceOf } from '../domain/ledger/entry';
import { postEntry, type Clock } from '../domain/ledger/ledger-service';
import { chart } from '../domain/funds/chart-of-accounts';
import type { Fund, Investor } from '../domain/funds/fund';
import { investorFigures } from '../domain/funds/fund-figures';
import type { Override } from '../domain/funds/event-rules';
import { planCommitment } from '../domain/funds/commitment';
import { callStatus, planCapitalCall } from '../domain/funds/capital-call';
import { planPayment } from '../domain/funds/payment';
import { planInvestment, type Instrument } from '../domain/funds/investment';
import { planExit, type ExitKind } from '../domain/funds/exit';
import { planValuation } from '../domain/funds/valuation';
import { planDistribution } from '../domain/funds/distribution';
import { planExpense } from '../domain/funds/expense';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import { runCommand, type CommandContext, type CommandResult } from './command-runner';

/** What every event command needs beyond its body. */
export interface EventOptions {
  clock: Clock;
  /** Today in the fund's time zone (for call status). */
  today: IsoDate;
  screeningValidityDays: number;
}

export interface OverrideInput {
  reason: string;
}

/** Only an admin's override counts; anyone else sending one is refused outright. */
function overrideOf(ctx: CommandContext, input?: OverrideInput): Override | undefined {
  if (!input) return undefined;
  if (ctx.actor.role !== 'admin') {
    throw new DomainError('FORBIDDEN', 'only an admin may override a rule', { role: ctx.actor.role });
  }
  return { reason: input.reason, byAdmin: true };
}

/** Locks the funds an event touches (code order), refusing unknown codes. */
async function lockFunds(repos: Repositories, codes: string[]): Promise<Map<string, Fund>> {
  const funds = await repos.funds.lockFunds(codes);
  for (const code of codes) if (!funds.has(code)) throw DomainError.notFound('fund', code);
  return funds;
}

async function investorOrNotFound(repos: Repositories, code: string): Promise<Investor> {
  const investor = await repos.funds.investor(code);
  if (!investor) throw DomainError.notFound('investor', code);
  return investor;
}

async function cashOf(repos: Repositories, fund: string): Promise<Fen> {
  const balance = (await repos.ledger.lockAccounts([{ account: chart.cash(fund), fund }])).get(chart.cash(fund));
  return balance ? balanceOf(balance) : 0n;
}

/**
 * 认缴: an investor commits to a fund.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, COMMITMENT_EXCEEDS_TARGET,
 *   GOVERNMENT_SHARE_LIMIT, FORBIDDEN (override by a non-admin), VALIDATION_FAILED
 */
export function commit(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { investor: string; amount: string; date: IsoDate; override?: OverrideInput },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'commitment.create',
    async execute(repos) {
      const override = overrideOf(ctx, input.override);
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const investor = await investorOrNotFound(repos, input.investor);
      const byInvestor = investorFigures(await repos.journal.fundBalances([code]));
      const investors = new Map((await repos.funds.investors(byInvestor.map((f) => f.investor))).map((i) => [i.code, i]));
      const committed = byInvestor.reduce((s, f) => s + f.committed, 0n);
      const governmentCommitted = byInvestor
        .filter((f) => investors.get(f.investor)?.capitalClass === 'government')
        .reduce((s, f) => s + f.committed, 0n);
      const amount = parseYuan(input.amount);
      const draft = planCommitment({ fund, investor, amount, date: input.date, actor: ctx.actor.name, override, committed, governmentCommitted });
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('commitments', { fund: code, investor: investor.code, amount: amount.toString(), date: input.date, entry_id: entry.id });
      return {
        status: 201,
        body: { id, fund: code, investor: investor.code, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `funds/${code}/commitments/${id}`,
        detail: draft.metadata,
      };
    },
  });
}

/**
 * 催缴: a capital call, allocated pro rata to unfunded commitment.
 * @throws DomainError NOT_FOUND, FUND_NOT_ACTIVE, DATE_BEFORE_INCEPTION, CALL_EXCEEDS_UNFUNDED, VALIDATION_FAILED
 */
export function call(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate; dueDate: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'capital_call.create',
    async execute(repos) {
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const unfunded = investorFigures(await repos.journal.fundBalances([code])).map((f) => ({ investor: f.investor, amount: f.unfunded }));
      const amount = parseYuan(input.amount);
      const { draft, allocations } = planCapitalCall({ fund, amount, date: input.date, dueDate: input.dueDate, actor: ctx.actor.name, unfunded });
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('capital_calls', { fund: code, amount: amount.toString(), date: input.date, due_date: input.dueDate, entry_id: entry.id });
      await repos.events.insertAllocations('capital_call_allocations', 'capital_call_id', id, allocations);
      return {
        status: 201,
        body: {
          id,
          fund: code,
          amount: formatYuan(amount),
          date: input.date,
          dueDate: input.dueDate,
          status: callStatus(amount, 0n, input.dueDate, options.today),
          allocations: allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount) })),
          entryId: entry.id,
        },
        target: `capital-calls/${id}`,
      };
    },
  });
}

/**
 * 实缴: an investor pays against a call. A fund of this ledger paying into its sub-fund pays from its own cash.
 * @throws DomainError NOT_FOUND, PAYMENT_EXCEEDS_CALLED, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function pay(
  db: Database,
  ctx: CommandContext,
  callId: number,
  input: { investor: string; amount: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'payment.create',
    async execute(repos) {
      const known = await repos.events.capitalCall(callId);
      if (!known) throw DomainError.notFound('capital call', callId);
      const investor = await investorOrNotFound(repos, input.investor);
      const funds = await lockFunds(repos, investor.fund ? [known.fund, investor.fund] : [known.fund]);
      const capitalCall = (await repos.events.capitalCall(callId))!;
      if (capitalCall.reversed) throw new DomainError('CONFLICT', `capital call ${callId} was reversed`, { capitalCall: callId });
      const allocation = capitalCall.allocations.find((a) => a.investor === investor.code);
      if (!allocation) {
        throw new DomainError('PAYMENT_EXCEEDS_CALLED', `capital call ${callId} called nothing from ${investor.code}`, {
          capitalCall: callId,
          investor: investor.code,
          called: '0.00',
        });
      }
      const amount = parseYuan(input.amount);
      const draft = planPayment({
        fund: funds.get(capitalCall.fund)!,
        investor,
        callId,
        callDate: capitalCall.date,
        allocated: allocation.amount,
        paid: allocation.paid,
        amount,
        date: input.date,
        actor: ctx.actor.name,
        payerCash: investor.fund ? await cashOf(repos, investor.fund) : undefined,
      });
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('payments', {
        capital_call_id: callId,
        fund: capitalCall.fund,
        investor: investor.code,
        amount: amount.toString(),
        date: input.date,
        entry_id: entry.id,
      });
      return {
        status: 201,
        body: { id, capitalCall: callId, fund: capitalCall.fund, investor: investor.code, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `capital-calls/${callId}/payments/${id}`,
      };
    },
  });
}

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
      const [screening, latestScreening] = await Promise.all([
        screeningId === null ? null : repos.screenings.get(screeningId),
        repos.screenings.latestFor(stockCode),
      ]);
      const balances = await repos.journal.fundBalances([code]);
      const companyCost = balances
        .filter((b) => b.account.startsWith(`assets:${code}:investments:${stockCode}:`) && b.account.endsWith(':cost'))
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
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
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
  return { investment: known, fund, remainingCost: balance(cost), fairValue: balance(fairValue) };
}

/**
 * An exit (sale, repayment or income) on an investment; realized gain against cost released.
 * @throws DomainError NOT_FOUND, EXIT_EXCEEDS_COST, FUND_NOT_ACTIVE, CONFLICT (reversed investment), VALIDATION_FAILED
 */
export function recordExit(
  db: Database,
  ctx: CommandContext,
  investmentId: number,
  input: { kind: ExitKind; proceeds: string; cost: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'exit.create',
    async execute(repos) {
      const state = await investmentState(repos, investmentId);
      const proceeds = parseYuan(input.proceeds, { field: 'proceeds' });
      const cost = parseYuan(input.cost, { field: 'cost' });
      const planned = planExit({ ...state, kind: input.kind, proceeds, cost, date: input.date, actor: ctx.actor.name });
      const entry = await postEntry(repos.ledger, { ...planned.draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('exits', {
        investment_id: investmentId,
        kind: input.kind,
        proceeds: proceeds.toString(),
        cost: cost.toString(),
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
      const entry = planned.draft ? await postEntry(repos.ledger, { ...planned.draft, idempotencyKey: ctx.idempotency?.key }, options.clock) : null;
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

/**
 * A distribution pro rata to paid-in capital; shares of funds of this ledger land in their cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, NO_PAID_IN_CAPITAL, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function distribute(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'distribution.create',
    async execute(repos) {
      // Funds of this ledger among the holders receive cash too: lock them with this fund in one
      // sorted call, then read the figures under those locks.
      const holderCodes = investorFigures(await repos.journal.fundBalances([code])).map((f) => f.investor);
      const internal = (await repos.funds.investors(holderCodes)).filter((i) => i.fund !== null).map((i) => i.code);
      const funds = await lockFunds(repos, [code, ...internal]);
      const byInvestor = investorFigures(await repos.journal.fundBalances([code]));
      const internalCost = new Map<string, Fen>();
      for (const payer of internal) {
        const account = chart.fundInterestCost(payer, code);
        const b = (await repos.ledger.lockAccounts([{ account, fund: payer }])).get(account);
        internalCost.set(payer, b ? balanceOf(b) : 0n);
      }
      const amount = parseYuan(input.amount);
      const { draft, allocations } = planDistribution({
        fund: funds.get(code)!,
        amount,
        date: input.date,
        actor: ctx.actor.name,
        cash: await cashOf(repos, code),
        paidIn: byInvestor.map((f) => ({ investor: f.investor, amount: f.paidIn })),
        internalInterestCost: internalCost,
      });
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('distributions', { fund: code, amount: amount.toString(), date: input.date, entry_id: entry.id });
      await repos.events.insertAllocations('distribution_allocations', 'distribution_id', id, allocations);
      return {
        status: 201,
        body: {
          id,
          fund: code,
          amount: formatYuan(amount),
          date: input.date,
          allocations: allocations.map((a) => ({ investor: a.investor, amount: formatYuan(a.amount) })),
          entryId: entry.id,
        },
        target: `funds/${code}/distributions/${id}`,
      };
    },
  });
}

/**
 * An expense (management fee and other costs) paid from cash.
 * @throws DomainError NOT_FOUND, INSUFFICIENT_CASH, FUND_NOT_ACTIVE, VALIDATION_FAILED
 */
export function recordExpense(
  db: Database,
  ctx: CommandContext,
  code: string,
  input: { amount: string; date: IsoDate; kind: string; memo?: string },
  options: EventOptions,
): Promise<CommandResult<unknown>> {
  return runCommand(db, ctx, {
    action: 'expense.create',
    async execute(repos) {
      const fund = (await lockFunds(repos, [code])).get(code)!;
      const amount = parseYuan(input.amount);
      const draft = planExpense({ fund, amount, date: input.date, kind: input.kind, memo: input.memo, actor: ctx.actor.name, cash: await cashOf(repos, code) });
      const entry = await postEntry(repos.ledger, { ...draft, idempotencyKey: ctx.idempotency?.key }, options.clock);
      const id = await repos.events.insert('expenses', { fund: code, kind: input.kind, amount: amount.toString(), date: input.date, entry_id: entry.id });
      return {
        status: 201,
        body: { id, fund: code, kind: input.kind, amount: formatYuan(amount), date: input.date, entryId: entry.id },
        target: `funds/${code}/expenses/${id}`,
      };
    },
  });
}

