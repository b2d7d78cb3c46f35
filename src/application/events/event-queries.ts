import { DomainError } from '../../domain/errors';
import type { Sellable } from '../../domain/deals/lockup';
import type { LockUpMonths } from '../../domain/watch/liquidity-discount';
import { positionSellable } from '../listed-positions';
import type { IsoDate } from '../../domain/dates';
import type { Database } from '../../data/database';
import { keysetPage, type KeysetPage } from '../keyset-page';
import type {
  CapitalCallRow,
  CommitmentRow,
  DistributionRow,
  ExitRow,
  ExpenseRow,
  InvestmentRow,
  PaymentRow,
  ValuationRow,
} from '../../data/fund-event-repository';

/** Which page of a list: after the cursor (the last id of the page before), at most `limit` rows. */
export interface PageQuery {
  cursor?: string;
  limit: number;
}

/** The events of a fund as booked, oldest first, one page; rows whose entry was reversed are marked `reversed`. */
export function commitmentsOf(db: Database, fund: string, page: PageQuery): Promise<KeysetPage<CommitmentRow>> {
  return db.read((r) => keysetPage(page.cursor, page.limit, (afterId, limit) => r.events.commitments(fund, { afterId, limit })));
}

/** Calls with each allocation's `paid` counting the payments dated on or before `asOf`, one page. */
export function capitalCallsOf(db: Database, fund: string, asOf: IsoDate, page: PageQuery): Promise<KeysetPage<CapitalCallRow>> {
  return db.read((r) => keysetPage(page.cursor, page.limit, (afterId, limit) => r.events.capitalCalls(fund, asOf, { afterId, limit })));
}

/**
 * A call as it stood on `asOf`, with every payment against it.
 * @throws DomainError NOT_FOUND
 */
export async function capitalCallWithPayments(db: Database, id: number, asOf: IsoDate): Promise<{ capitalCall: CapitalCallRow; payments: PaymentRow[] }> {
  const [capitalCall, payments] = await db.read((r) => Promise.all([r.events.capitalCall(id, asOf), r.events.payments({ capitalCall: id })]));
  if (!capitalCall) throw DomainError.notFound('capital call', id);
  return { capitalCall, payments };
}

/** A page of a fund's investments, with the shares sold by exits not reversed (by investment id). */
export function investmentsOf(db: Database, fund: string, page: PageQuery): Promise<{ investments: InvestmentRow[]; sold: Map<number, number>; nextCursor: string | null }> {
  return db.read(async (r) => {
    const { items: investments, nextCursor } = await keysetPage(page.cursor, page.limit, (afterId, limit) => r.events.investments({ fund }, { afterId, limit }));
    return { investments, sold: await r.events.sharesSold(investments.map((i) => i.id)), nextCursor };
  });
}

/**
 * An investment with its exits, valuations and shares sold.
 * @throws DomainError NOT_FOUND
 */
export async function investmentWithHistory(
  db: Database,
  id: number,
  position?: { asOf: IsoDate; lockUpMonths: LockUpMonths },
): Promise<{ investment: InvestmentRow; exits: ExitRow[]; valuations: ValuationRow[]; sold: Map<number, number>; sellable: Sellable | null }> {
  return db.read(async (r) => {
    // In turn: a read connection answers one statement at a time on PostgreSQL.
    const investment = await r.events.investment(id);
    if (!investment) throw DomainError.notFound('investment', id);
    const exits = await r.events.exits(id);
    const valuations = await r.events.valuations(id);
    const sold = await r.events.sharesSold([id]);
    const held = investment.shares === null ? null : investment.shares - (sold.get(id) ?? 0);
    // A listed position's lock-up and what it may sell over the next 90 days, by channel.
    const sellable =
      position && investment.instrument === 'equity' && !investment.reversed && held !== null && held > 0
        ? await positionSellable(r, investment, held, position.asOf, position.lockUpMonths)
        : null;
    return { investment, exits, valuations, sold, sellable };
  });
}

export function distributionsOf(db: Database, fund: string, page: PageQuery): Promise<KeysetPage<DistributionRow>> {
  return db.read((r) => keysetPage(page.cursor, page.limit, (afterId, limit) => r.events.distributions(fund, { afterId, limit })));
}

export function expensesOf(db: Database, fund: string, page: PageQuery): Promise<KeysetPage<ExpenseRow>> {
  return db.read((r) => keysetPage(page.cursor, page.limit, (afterId, limit) => r.events.expenses(fund, { afterId, limit })));
}
