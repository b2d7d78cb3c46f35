import type { IsoDate } from '../dates';
import { ratio, type Fen } from '../money';
import { rate4, xirr, type CashFlow } from './performance';

export interface InvestmentReturns {
  /** XIRR of cost out, exits in and the carrying value as a last inflow on the date; annual rate, 4 dp. */
  irr: string | null;
  /** (proceeds + income + carrying value) / cost, 4 dp; null without a cost. */
  moic: string | null;
}

/**
 * One investment's returns as of `asOf` (issue 23), from the fund's side: its amount paid out on
 * its date, every exit's cash (sales, repayments, income) in on the exit's date, and what the books
 * carry it at (cost plus fair-value change) as the terminal value. Amounts in fen.
 */
export function investmentReturns(investment: { date: IsoDate; amount: Fen }, exits: ReadonlyArray<{ date: IsoDate; proceeds: Fen }>, carryingValue: Fen, asOf: IsoDate): InvestmentReturns {
  const flows: CashFlow[] = [{ date: investment.date, amount: -investment.amount }, ...exits.map((e) => ({ date: e.date, amount: e.proceeds }))];
  if (carryingValue !== 0n) flows.push({ date: asOf, amount: carryingValue });
  // Flows all on one day have no rate: every rate values them the same.
  const rate = flows.every((f) => f.date === flows[0].date) ? null : xirr(flows);
  const returned = exits.reduce((sum, e) => sum + e.proceeds, 0n) + carryingValue;
  return { irr: rate === null ? null : rate4(rate), moic: ratio(returned, investment.amount) };
}
