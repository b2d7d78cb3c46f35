import type { IsoDate } from '../domain/dates';
import type { Fen } from '../domain/money';
import type { WaterfallInvestor } from '../domain/terms/waterfall';
import type { Repositories } from '../data/repositories';

/**
 * The investors a fund's waterfall runs over on a date: each with its payments (not reversed)
 * dated on or before it, in code order. Shared by the distribution booking and the accrued carry of
 * the performance figures, so both split by the same paid-in.
 */
export async function waterfallInvestors(repos: Repositories, code: string, date: IsoDate): Promise<WaterfallInvestor[]> {
  const payments = new Map<string, Array<{ date: IsoDate; amount: Fen }>>();
  for (const p of await repos.events.payments({ fund: code })) {
    if (p.reversed || p.date > date) continue;
    payments.set(p.investor, [...(payments.get(p.investor) ?? []), { date: p.date, amount: p.amount }]);
  }
  const investors = (await repos.funds.investors([...payments.keys()])).sort((a, b) => (a.code < b.code ? -1 : 1));
  return investors.map((i) => ({ investor: i.code, capitalClass: i.capitalClass, payments: payments.get(i.code)! }));
}
