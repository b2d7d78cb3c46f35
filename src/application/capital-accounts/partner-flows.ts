import type { IsoDate } from '../../domain/dates';
import type { CarryFlow } from '../../domain/terms/net-of-carry';
import type { Repositories } from '../../data/repositories';
import type { CapitalAccountBooks } from './capital-account-books';

/** A dated cash flow between a fund and one partner, from the partner's side (paid in negative). */
export interface PartnerFlow extends CarryFlow {
  investor: string;
  kind: 'capital' | 'distribution' | 'equalisation_interest' | 'late_interest';
}

/**
 * Every cash flow between a fund and its partners to `asOf` (docs/capital-accounting.md): capital
 * contributed, distributions (with their carried interest), and compensation (equalisation interest
 * paid and received, late interest paid). An investor's IRR counts them all; the fund's own IRR
 * counts capital, distributions and late interest, equalisation interest netting out between
 * investors.
 */
export async function partnerFlows(repos: Repositories, fund: string, asOf: IsoDate, books: CapitalAccountBooks): Promise<PartnerFlow[]> {
  const flows: PartnerFlow[] = [];
  for (const h of books.holders) for (const c of h.contributions) flows.push({ investor: h.investor, date: c.date, amount: -c.amount, carriedInterest: 0n, kind: 'capital' });
  for (const r of books.receipts) flows.push({ investor: r.investor, date: r.date, amount: r.amount, carriedInterest: r.carriedInterest, kind: 'distribution' });
  for (const c of await repos.events.compensationFlows(fund, asOf)) flows.push({ investor: c.investor, date: c.date, amount: c.amount, kind: c.kind, carriedInterest: 0n });
  return flows.filter((f) => f.amount !== 0n).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** The fund's own flows: equalisation interest left out, since it passes between investors. */
export function fundFlows(flows: readonly PartnerFlow[]): PartnerFlow[] {
  return flows.filter((f) => f.kind !== 'equalisation_interest');
}
