import { DomainError } from '../../domain/errors';
import type { IsoDate } from '../../domain/dates';
import type { Database } from '../../data/database';
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

/** The events of a fund as booked, oldest first; rows whose entry was reversed are marked `reversed`. */
export function commitmentsOf(db: Database, fund: string): Promise<CommitmentRow[]> {
  return db.read((r) => r.events.commitments(fund));
}

/** Calls with each allocation's `paid` counting the payments dated on or before `asOf`. */
export function capitalCallsOf(db: Database, fund: string, asOf: IsoDate): Promise<CapitalCallRow[]> {
  return db.read((r) => r.events.capitalCalls(fund, asOf));
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

/** A fund's investments, with the shares sold by exits not reversed (by investment id). */
export function investmentsOf(db: Database, fund: string): Promise<{ investments: InvestmentRow[]; sold: Map<number, number> }> {
  return db.read(async (r) => {
    const investments = await r.events.investments({ fund });
    return { investments, sold: await r.events.sharesSold(investments.map((i) => i.id)) };
  });
}

/**
 * An investment with its exits, valuations and shares sold.
 * @throws DomainError NOT_FOUND
 */
export async function investmentWithHistory(
  db: Database,
  id: number,
): Promise<{ investment: InvestmentRow; exits: ExitRow[]; valuations: ValuationRow[]; sold: Map<number, number> }> {
  const [investment, exits, valuations, sold] = await db.read((r) =>
    Promise.all([r.events.investment(id), r.events.exits(id), r.events.valuations(id), r.events.sharesSold([id])]),
  );
  if (!investment) throw DomainError.notFound('investment', id);
  return { investment, exits, valuations, sold };
}

export function distributionsOf(db: Database, fund: string): Promise<DistributionRow[]> {
  return db.read((r) => r.events.distributions(fund));
}

export function expensesOf(db: Database, fund: string): Promise<ExpenseRow[]> {
  return db.read((r) => r.events.expenses(fund));
}
