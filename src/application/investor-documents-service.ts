import { DomainError } from '../domain/errors';
import type { IsoDate } from '../domain/dates';
import { formatYuan, maxFen, sumFen, type Fen } from '../domain/money';
import type { CallAllocation } from '../domain/funds/capital-call';
import type { Fund, Investor } from '../domain/funds/fund';
import { lateInterest } from '../domain/terms/late-interest';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { CapitalCallRow, DistributionRow, PaymentRow } from '../data/fund-event-repository';
import type { CapitalCallNotice, CapitalPosition, DistributionNotice, DistributionTiers, Party } from '../documents/document-model';
import { termsInForce } from './fund-terms-service';
import { valueFunds } from './fund-valuation';

/**
 * The investor documents (docs/fund-terms.md) built from the books: every figure is read from
 * the journal (positions) or the event rows (allocations, payments), exactly, in fen, and formatted
 * as yuan strings only here, at the edge of the document model.
 */

/** One investor's capital account in one fund at the end of a day, in fen. */
export interface PositionFen {
  commitment: Fen;
  called: Fen;
  paidIn: Fen;
  unfunded: Fen;
  distributed: Fen;
  /** Management fees charged to its capital account since inception. */
  fees: Fen;
  receivable: Fen;
  lateInterestOwed: Fen;
  navShare: Fen;
}

/**
 * The investor's capital account in the fund at the end of `date`: the capital figures from the
 * journal and its NAV share as the capital-accounts report computes it (fund interests look-through).
 */
export async function positionAt(repos: Repositories, fund: string, investor: string, date: IsoDate): Promise<PositionFen> {
  const valued = (await valueFunds(repos, [fund], date)).funds.get(fund)!;
  const figures = valued.investors.find((i) => i.investor === investor);
  const share = valued.shares.find((s) => s.investor === investor);
  return {
    commitment: figures?.committed ?? 0n,
    called: figures?.called ?? 0n,
    paidIn: figures?.paidIn ?? 0n,
    unfunded: figures?.unfunded ?? 0n,
    distributed: figures?.distributed ?? 0n,
    fees: figures?.fees ?? 0n,
    receivable: figures?.receivable ?? 0n,
    lateInterestOwed: figures?.lateInterestOwed ?? 0n,
    navShare: share?.navShare ?? 0n,
  };
}

export function positionYuan(p: PositionFen): CapitalPosition {
  return {
    commitment: formatYuan(p.commitment),
    called: formatYuan(p.called),
    paidIn: formatYuan(p.paidIn),
    unfunded: formatYuan(p.unfunded),
    distributed: formatYuan(p.distributed),
    receivable: formatYuan(p.receivable),
    lateInterestOwed: formatYuan(p.lateInterestOwed),
    navShare: formatYuan(p.navShare),
  };
}

export const party = (p: Fund | Investor): Party => ({ code: p.code, name: p.name });

/** @throws DomainError NOT_FOUND (the investor) */
export async function investorNamed(repos: Repositories, code: string): Promise<Investor> {
  const investor = await repos.funds.investor(code);
  if (!investor) throw DomainError.notFound('investor', code);
  return investor;
}

/** @throws DomainError NOT_FOUND (the fund) */
export async function fundNamed(repos: Repositories, code: string): Promise<Fund> {
  const fund = await repos.funds.fund(code);
  if (!fund) throw DomainError.notFound('fund', code);
  return fund;
}

/**
 * 违约金 on one investor's part of a call as of a date, by the late-interest rate of the fund's
 * terms in force on that date; null when the fund has no terms or they set no rate.
 */
export async function lateInterestOn(repos: Repositories, call: CapitalCallRow, allocation: Fen, payments: readonly PaymentRow[], asOf: IsoDate): Promise<Fen | null> {
  const rate = (await termsInForce(repos, call.fund, asOf))?.lateInterestRate;
  if (rate === undefined) return null;
  return lateInterest({ allocation, payments, dueDate: call.dueDate, rate, asOf }).interest;
}

/** Payments that stand (not reversed) by one investor against one call, dated on or before `asOf`. */
export function paymentsBy(payments: readonly PaymentRow[], investor: string, asOf: IsoDate): PaymentRow[] {
  return payments.filter((p) => p.investor === investor && !p.reversed && p.date <= asOf);
}

/**
 * 缴款通知书 for one investor of one call. Commitment, called to date and unfunded are the
 * investor's account once the call was made (at the call date); what it paid, what is outstanding
 * and the late interest are counted to `asOf` (default: today) under the terms in force then.
 * @throws DomainError NOT_FOUND (the call, the investor, or no allocation of the call to it)
 */
export async function capitalCallNotice(db: Database, callId: number, investorCode: string, today: IsoDate, asOf: IsoDate = today): Promise<CapitalCallNotice> {
  return db.snapshot(async (repos) => {
    const call = await liveCall(repos, callId);
    const investor = await investorNamed(repos, investorCode);
    const allocation = call.allocations.find((a) => a.investor === investor.code);
    if (!allocation) throw new DomainError('NOT_FOUND', `capital call ${callId} has no allocation to investor ${investor.code}`, { resource: 'allocation', key: investor.code });
    return callNoticeOf(repos, call, allocation, investor, await repos.events.payments({ capitalCall: call.id }), today, asOf);
  });
}

/**
 * The notice of every investor with an allocation in the call, in investor order.
 * @throws DomainError NOT_FOUND (the call)
 */
export async function capitalCallNotices(db: Database, callId: number, today: IsoDate, asOf: IsoDate = today): Promise<CapitalCallNotice[]> {
  return db.snapshot(async (repos) => {
    const call = await liveCall(repos, callId);
    const payments = await repos.events.payments({ capitalCall: call.id });
    const notices: CapitalCallNotice[] = [];
    for (const allocation of call.allocations) {
      notices.push(await callNoticeOf(repos, call, allocation, await investorNamed(repos, allocation.investor), payments, today, asOf));
    }
    return notices;
  });
}

async function callNoticeOf(
  repos: Repositories,
  call: CapitalCallRow,
  allocation: CallAllocation,
  investor: Investor,
  payments: readonly PaymentRow[],
  today: IsoDate,
  asOf: IsoDate,
): Promise<CapitalCallNotice> {
  const fund = await fundNamed(repos, call.fund);
  const afterCall = await positionAt(repos, fund.code, investor.code, call.date);
  const now = await positionAt(repos, fund.code, investor.code, asOf);
  const paid = paymentsBy(payments, investor.code, asOf);
  const paidOnCall = sumFen(paid.map((p) => p.amount));
  const interest = await lateInterestOn(repos, call, allocation.amount, paid, asOf);
  return {
    kind: 'capital_call_notice',
    fund: party(fund),
    investor: party(investor),
    callId: call.id,
    callDate: call.date,
    dueDate: call.dueDate,
    commitment: formatYuan(afterCall.commitment),
    thisCall: formatYuan(allocation.amount),
    calledToDate: formatYuan(afterCall.called),
    paidToDate: formatYuan(now.paidIn),
    unfunded: formatYuan(afterCall.unfunded),
    paidOnCall: formatYuan(paidOnCall),
    outstanding: formatYuan(maxFen(allocation.amount - paidOnCall, 0n)),
    asOf,
    ...(interest === null ? {} : { lateInterest: formatYuan(interest) }),
    issuedOn: today,
  };
}

/**
 * 分配通知书 for one investor of one distribution: its allocation (by tier when the allocation
 * carries tiers) and all it has been distributed by that date.
 * @throws DomainError NOT_FOUND (the distribution, the investor, or no allocation to it)
 */
export async function distributionNotice(db: Database, distributionId: number, investorCode: string, today: IsoDate): Promise<DistributionNotice> {
  return db.snapshot(async (repos) => {
    const distribution = await liveDistribution(repos, distributionId);
    const investor = await investorNamed(repos, investorCode);
    const allocation = distribution.allocations.find((a) => a.investor === investor.code);
    if (!allocation) throw new DomainError('NOT_FOUND', `distribution ${distributionId} has no allocation to investor ${investor.code}`, { resource: 'allocation', key: investor.code });
    return distributionNoticeOf(repos, distribution, allocation, investor, today);
  });
}

/**
 * The notice of every investor with an allocation in the distribution, in investor order.
 * @throws DomainError NOT_FOUND (the distribution)
 */
export async function distributionNotices(db: Database, distributionId: number, today: IsoDate): Promise<DistributionNotice[]> {
  return db.snapshot(async (repos) => {
    const distribution = await liveDistribution(repos, distributionId);
    const notices: DistributionNotice[] = [];
    for (const allocation of distribution.allocations) {
      notices.push(await distributionNoticeOf(repos, distribution, allocation, await investorNamed(repos, allocation.investor), today));
    }
    return notices;
  });
}

async function distributionNoticeOf(repos: Repositories, d: DistributionRow, allocation: CallAllocation, investor: Investor, today: IsoDate): Promise<DistributionNotice> {
  const fund = await fundNamed(repos, d.fund);
  const position = await positionAt(repos, fund.code, investor.code, d.date);
  const tiers = tiersOf(allocation);
  return {
    kind: 'distribution_notice',
    fund: party(fund),
    investor: party(investor),
    distributionId: d.id,
    date: d.date,
    amount: formatYuan(allocation.amount),
    ...(tiers ? tiersYuan(tiers) : {}),
    distributedToDate: formatYuan(position.distributed),
    issuedOn: today,
  };
}

export type TiersFen = { [K in keyof DistributionTiers]: Fen };

/**
 * The waterfall tiers of an allocation when it carries them (a fund with terms); null for an
 * allocation pro rata to paid-in, which is one part, the whole amount.
 */
export function tiersOf(allocation: CallAllocation & Partial<TiersFen>): TiersFen | null {
  const { returnOfCapital, preferredReturn, profit, carriedInterest } = allocation;
  if (returnOfCapital === undefined || preferredReturn === undefined || profit === undefined || carriedInterest === undefined) return null;
  return { returnOfCapital, preferredReturn, profit, carriedInterest };
}

export function tiersYuan(t: TiersFen): DistributionTiers {
  return {
    returnOfCapital: formatYuan(t.returnOfCapital),
    preferredReturn: formatYuan(t.preferredReturn),
    profit: formatYuan(t.profit),
    carriedInterest: formatYuan(t.carriedInterest),
  };
}

/** A call that stands: a reversed call has no notice (it no longer asks for anything). */
async function liveCall(repos: Repositories, id: number): Promise<CapitalCallRow> {
  const call = await repos.events.capitalCall(id);
  if (!call || call.reversed) throw new DomainError('NOT_FOUND', call ? `capital call ${id} was reversed` : `capital call ${id} does not exist`, { resource: 'capital call', key: String(id) });
  return call;
}

async function liveDistribution(repos: Repositories, id: number): Promise<DistributionRow> {
  const d = await repos.events.distribution(id);
  if (!d || d.reversed) throw new DomainError('NOT_FOUND', d ? `distribution ${id} was reversed` : `distribution ${id} does not exist`, { resource: 'distribution', key: String(id) });
  return d;
}
