import { DomainError } from '../../domain/errors';
import { assertNotFuture, type IsoDate } from '../../domain/dates';
import type { Fen } from '../../domain/money';
import { balanceOf, type Entry, type EntryDraft } from '../../domain/ledger/entry';
import { postEntry, type Clock } from '../../domain/ledger/ledger-service';
import { chart } from '../../domain/funds/chart-of-accounts';
import { assertOpen } from '../../domain/periods/period';
import type { Fund, Investor } from '../../domain/funds/fund';
import type { Override } from '../../domain/funds/event-rules';
import type { Repositories } from '../../data/repositories';
import type { CommandContext } from '../command-runner';
import { closesGoverning } from '../period-closes';
import type { LockUpMonths } from '../../domain/watch/liquidity-discount';

/** What every event command needs beyond its body. */
export interface EventOptions {
  clock: Clock;
  /** Today in the fund's time zone: no event is dated after it; also the date call status is judged on. */
  today: IsoDate;
  screeningValidityDays: number;
  /** The house minimum lock-up by acquisition mode (PHOENIX_LOCKUP_MONTHS), on top of the rule table; default its default. */
  lockUpMonths?: LockUpMonths;
}

/** What an event's booking hands back: its typed result, and the audit target and detail. */
export interface Booked<R> {
  result: R;
  target: string;
  detail?: Record<string, unknown>;
}

export interface OverrideInput {
  reason: string;
}

/** Only an admin's override counts; anyone else sending one is refused outright. */
export function overrideOf(ctx: CommandContext, input?: OverrideInput): Override | undefined {
  if (!input) return undefined;
  if (ctx.actor.role !== 'admin') {
    throw new DomainError('FORBIDDEN', 'only an admin may override a rule', { role: ctx.actor.role });
  }
  return { reason: input.reason, byAdmin: true };
}

/** Locks the funds an event touches (code order), refusing unknown codes. */
export async function lockFunds(repos: Repositories, codes: string[]): Promise<Map<string, Fund>> {
  const funds = await repos.funds.lockFunds(codes);
  for (const code of codes) if (!funds.has(code)) throw DomainError.notFound('fund', code);
  return funds;
}

export async function investorOrNotFound(repos: Repositories, code: string): Promise<Investor> {
  const investor = await repos.funds.investor(code);
  if (!investor) throw DomainError.notFound('investor', code);
  return investor;
}

export async function cashOf(repos: Repositories, fund: string): Promise<Fen> {
  const balance = (await repos.ledger.lockAccounts([{ account: chart.cash(fund), fund }])).get(chart.cash(fund));
  return balance ? balanceOf(balance) : 0n;
}

/**
 * Posts an event's entry, carrying the request's Idempotency-Key and attached documents onto the
 * journal. Every event of the API, of imports and of executed proposals comes through here, so
 * this is where a future value date and a date in a closed period are refused. The funds were
 * locked by the booking before it planned, so a concurrent close waits for this write or is seen.
 * @throws DomainError FUTURE_VALUE_DATE, PERIOD_CLOSED, and what postEntry raises
 */
export async function book(repos: Repositories, ctx: CommandContext, draft: EntryDraft, options: EventOptions): Promise<Entry> {
  assertNotFuture(draft.date, options.today);
  assertOpen(draft.date, await closesGoverning(repos, draft.lines.map((l) => l.fund)));
  // Documents only when attached, so an entry without them hashes exactly as before.
  const metadata = ctx.documents?.length ? { ...draft.metadata, documents: ctx.documents } : draft.metadata;
  return postEntry(repos.ledger, { ...draft, metadata, idempotencyKey: ctx.idempotency?.key }, options.clock);
}
