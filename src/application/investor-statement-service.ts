import { DomainError } from '../domain/errors';
import { addDays, type IsoDate } from '../domain/dates';
import { formatYuan, sumFen, type Fen } from '../domain/money';
import type { Database } from '../data/database';
import type { Repositories } from '../data/repositories';
import type { CapitalAccountStatement, StatementMovement } from '../documents/document-model';
import { fundNamed, investorNamed, lateInterestOn, party, paymentsBy, positionAt, positionYuan, tiersOf, tiersYuan, type TiersFen } from './investor-documents-service';

export interface StatementRequest {
  investor: string;
  fund: string;
  /** Default: the fund's inception (its first entry when it has no inception date). */
  from?: IsoDate;
  /** Default: today. */
  to?: IsoDate;
}

/**
 * 出资人资本账户报告: the investor's capital account in the fund at the end of the day before
 * `from` and at the end of `to`, what changed in between, and the period's movements.
 *
 * The NAV share is on a liquidation basis (docs/capital-accounting.md): what a wind-up at the NAV
 * would pay the investor; capital it still owes on calls is not in it. Share of gains is what the
 * NAV share moved by beyond the capital flows and the investor's own charges:
 * closing − opening − paid in + distributed + fees + late interest charged, so opening + paid in −
 * distributed − fees − late interest charged + shareOfGains = closing, to the fen. Fees are the
 * management fees charged to the investor's capital account in the period (its part of each
 * quarter's fee and any fee catch-up, `equity:F:fees:I`); other fund expenses are the fund's and
 * show in the share of gains. Compensation (equalisation and late interest paid or received) is
 * shown apart: it is not capital.
 * @throws DomainError NOT_FOUND (the fund, the investor, or an investor with no commitment in the
 *   fund), VALIDATION_FAILED (from after to)
 */
export async function capitalAccountStatement(db: Database, request: StatementRequest, today: IsoDate): Promise<CapitalAccountStatement> {
  return db.snapshot(async (repos) => {
    const fund = await fundNamed(repos, request.fund);
    const to = request.to ?? today;
    const from = request.from ?? fund.inceptionDate ?? (await repos.journal.firstEntryDate(fund.code)) ?? to;
    if (from > to) throw DomainError.validation([{ field: 'from', message: `must be on or before to (${to})` }]);
    const investor = await investorNamed(repos, request.investor);
    const commitments = (await repos.events.commitments(fund.code)).filter((c) => c.investor === investor.code);
    if (commitments.length === 0) {
      throw new DomainError('NOT_FOUND', `investor ${investor.code} has no commitment in fund ${fund.code}`, { resource: 'commitment', key: investor.code });
    }
    const before = addDays(from, -1);
    const opening = await positionAt(repos, fund.code, investor.code, before);
    const closing = await positionAt(repos, fund.code, investor.code, to);
    const movements = await movementsOf(repos, fund.code, investor.code, from, to);
    const called = closing.called - opening.called;
    const paidIn = closing.paidIn - opening.paidIn;
    const distributed = closing.distributed - opening.distributed;
    const fees = closing.fees - opening.fees;
    const lateInterestCharged = closing.lateInterestOwed - opening.lateInterestOwed;
    const compensation = movements.compensation;
    const tiers = periodTiers(movements.distributions);
    return {
      kind: 'capital_account_statement',
      fund: party(fund),
      investor: party(investor),
      from,
      to,
      opening: positionYuan(opening),
      closing: positionYuan(closing),
      period: {
        called: formatYuan(called),
        paidIn: formatYuan(paidIn),
        distributed: formatYuan(distributed),
        ...(tiers ? { distributions: tiersYuan(tiers) } : {}),
        fees: formatYuan(fees),
        lateInterest: formatYuan(await periodLateInterest(repos, fund.code, investor.code, before, to)),
        lateInterestCharged: formatYuan(lateInterestCharged),
        compensationPaid: formatYuan(compensation.filter((c) => c < 0n).reduce((s, c) => s - c, 0n)),
        compensationReceived: formatYuan(compensation.filter((c) => c > 0n).reduce((s, c) => s + c, 0n)),
        shareOfGains: formatYuan(closing.navShare - opening.navShare - paidIn + distributed + fees + lateInterestCharged),
      },
      movements: movements.lines,
      issuedOn: today,
    };
  });
}

const KIND_ORDER: Record<StatementMovement['kind'], number> = { commitment: 0, capital_call: 1, payment: 2, compensation: 3, distribution: 4, fee: 5 };

/**
 * Commitments, calls, payments, compensation and distributions of the investor dated in the period,
 * events that were reversed left out; oldest first. Calls and commitments add to the account,
 * distributions take from it (negative); a payment settles a call: its capital part is the
 * payment line, the equalisation interest it paid a compensation line, so the payment lines sum to
 * the period's paid-in.
 */
async function movementsOf(repos: Repositories, fund: string, investor: string, from: IsoDate, to: IsoDate) {
  const inPeriod = (row: { date: IsoDate; reversed: boolean }) => !row.reversed && row.date >= from && row.date <= to;
  const lines: StatementMovement[] = [];
  for (const c of (await repos.events.commitments(fund)).filter((c) => c.investor === investor && inPeriod(c))) {
    lines.push({ date: c.date, kind: 'commitment', reference: c.id, description: `认缴出资 commitment #${c.id}`, amount: formatYuan(c.amount) });
  }
  for (const call of (await repos.events.capitalCalls(fund)).filter(inPeriod)) {
    const allocation = call.allocations.find((a) => a.investor === investor);
    if (!allocation) continue;
    const description = `催缴出资 capital call #${call.id}（截止 due ${call.dueDate}）`;
    lines.push({ date: call.date, kind: 'capital_call', reference: call.id, description, amount: formatYuan(allocation.amount) });
  }
  const compensation: Fen[] = [];
  const flows = (await repos.events.compensationFlows(fund, to)).filter((f) => f.investor === investor && f.date >= from);
  const interestOf = new Map(flows.filter((f) => f.payment !== undefined).map((f) => [f.payment!, -f.amount]));
  for (const p of (await repos.events.payments({ fund })).filter((p) => p.investor === investor && inPeriod(p))) {
    const interest = interestOf.get(p.id) ?? 0n;
    if (p.amount > interest) {
      lines.push({ date: p.date, kind: 'payment', reference: p.id, description: `实缴出资 payment on call #${p.capitalCall}`, amount: formatYuan(p.amount - interest) });
    }
  }
  for (const f of flows) {
    compensation.push(f.amount);
    const what = f.kind === 'late_interest' ? '违约金 late interest paid' : f.amount < 0n ? '补偿利息 equalisation interest paid' : '补偿利息 equalisation interest received';
    lines.push({ date: f.date, kind: 'compensation', reference: f.payment ?? f.id, description: what, amount: formatYuan(-f.amount) });
  }
  const distributions: TiersFen[] = [];
  let untiered = false;
  for (const d of (await repos.events.distributions(fund)).filter(inPeriod)) {
    const allocation = d.allocations.find((a) => a.investor === investor);
    if (!allocation) continue;
    const tiers = tiersOf(allocation);
    if (tiers) distributions.push(tiers);
    else untiered = true;
    lines.push({ date: d.date, kind: 'distribution', reference: d.id, description: `收益分配 distribution #${d.id}`, amount: formatYuan(-allocation.amount) });
  }
  lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.reference - b.reference));
  return { lines, distributions: untiered ? null : distributions, compensation };
}

/** The period's distributions by tier, when every one of them carries tiers (and there was one). */
function periodTiers(tiers: TiersFen[] | null): TiersFen | null {
  if (!tiers || tiers.length === 0) return null;
  return {
    returnOfCapital: sumFen(tiers.map((t) => t.returnOfCapital)),
    preferredReturn: sumFen(tiers.map((t) => t.preferredReturn)),
    profit: sumFen(tiers.map((t) => t.profit)),
    carriedInterest: sumFen(tiers.map((t) => t.carriedInterest)),
  };
}

/**
 * Late interest accrued in the period on the investor's calls: accrued by `to` less accrued by
 * `before` (the day before the period), each under the terms in force on its date.
 */
async function periodLateInterest(repos: Repositories, fund: string, investor: string, before: IsoDate, to: IsoDate): Promise<Fen> {
  let total = 0n;
  const payments = await repos.events.payments({ fund });
  for (const call of await repos.events.capitalCalls(fund)) {
    const allocation = call.allocations.find((a) => a.investor === investor);
    if (call.reversed || !allocation || call.dueDate >= to) continue;
    const own = payments.filter((p) => p.capitalCall === call.id);
    const end = (await lateInterestOn(repos, call, allocation.amount, paymentsBy(own, investor, to), to)) ?? 0n;
    const start = (await lateInterestOn(repos, call, allocation.amount, paymentsBy(own, investor, before), before)) ?? 0n;
    total += end - start;
  }
  return total;
}
