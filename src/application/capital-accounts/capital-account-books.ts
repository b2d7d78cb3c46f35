import type { IsoDate } from '../../domain/dates';
import type { Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { roleOf } from '../../domain/funds/chart-of-accounts';
import type { AccountHolder, Dated, WaterfallTerms } from '../../domain/capital-accounts/apportioned-waterfall';
import type { BookedParts, CapitalAccountInput } from '../../domain/capital-accounts/capital-account';
import type { Repositories } from '../../data/repositories';
import { termsInForce } from '../fund-terms-service';

/** A party's distributions on one day, with the carried interest among them (fen). */
export interface ReceivedFlow {
  investor: string;
  date: IsoDate;
  amount: Fen;
  carriedInterest: Fen;
}

export interface CapitalAccountBooks extends CapitalAccountInput {
  /** What each party received, day by day, by account (several rows a day when split by tier). */
  receipts: ReceivedFlow[];
}

/** The prefixes of the accounts a fund's capital accounts replay. */
function capitalPrefixes(fund: string): string[] {
  return [
    `assets:${fund}:late-interest:`,
    `assets:${fund}:receivable:`,
    `equity:${fund}:carried-interest:`,
    `equity:${fund}:contributed:`,
    `equity:${fund}:distributed:`,
    `equity:${fund}:fees:`,
  ];
}

/**
 * A fund's capital accounts as its books give them on `asOf` (docs/capital-accounting.md), read
 * from the day totals of its partners' accounts, so reversals count as they were booked:
 * - contributions: capital called less still receivable, day by day (equalisation catch-up is
 *   capital; equalisation and late interest sit in other accounts: compensation, not capital);
 * - charges: management fees charged to the investor, and late interest it still owes;
 * - distributions: every day's total to investors and manager, and what each party has had by part
 *   (a distribution booked without terms counts as return of capital).
 * `terms` is given when the caller already holds the terms in force; else they are read.
 *
 * Without terms a division depends on the totals only (no preferred return runs on dates), so
 * unless `history` is 'always' (a caller that needs the dated flows: an IRR) the accounts' balances
 * on `asOf` stand in for their history, as one movement on that date: a read of the accounts, not
 * of every day since inception.
 */
export async function capitalAccountBooks(
  repos: Repositories,
  fund: string,
  asOf: IsoDate,
  terms?: WaterfallTerms | null,
  history: 'always' | 'when terms need it' = 'always',
): Promise<CapitalAccountBooks> {
  const inForce = terms === undefined ? await termsInForce(repos, fund, asOf) : terms;
  const contributions = new Map<string, Map<IsoDate, Fen>>();
  const charges = new Map<string, Map<IsoDate, Fen>>();
  const distributions = new Map<IsoDate, Fen>();
  const booked = new Map<string, BookedParts>();
  const receipts: ReceivedFlow[] = [];
  const add = (into: Map<string, Map<IsoDate, Fen>>, investor: string, day: IsoDate, amount: Fen) => {
    const days = into.get(investor) ?? new Map<IsoDate, Fen>();
    days.set(day, (days.get(day) ?? 0n) + amount);
    into.set(investor, days);
  };
  const movements =
    inForce === null && history === 'when terms need it'
      ? (await repos.journal.balancesUnder(capitalPrefixes(fund), asOf)).map((b) => ({ ...b, day: asOf }))
      : await repos.journal.dayTotalsUnder(capitalPrefixes(fund), asOf);
  for (const t of movements) {
    const amount = balanceOf(t);
    const role = roleOf(t.account);
    if (role.role === 'contributed') add(contributions, role.investor, t.day, -amount);
    else if (role.role === 'receivable') add(contributions, role.investor, t.day, -amount);
    else if (role.role === 'fees' || role.role === 'late-interest-receivable') add(charges, role.investor, t.day, amount);
    else if (role.role === 'distributed') {
      distributions.set(t.day, (distributions.get(t.day) ?? 0n) + amount);
      const parts = booked.get(role.investor) ?? { investor: role.investor, amount: 0n, returnOfCapital: 0n, preferredReturn: 0n, profit: 0n, carriedInterest: 0n };
      parts.amount += amount;
      const part = role.tier === 'preferred-return' ? 'preferredReturn' : role.tier === 'profit' ? 'profit' : role.tier === 'carried-interest' ? 'carriedInterest' : 'returnOfCapital';
      parts[part] += amount;
      booked.set(role.investor, parts);
      receipts.push({ investor: role.investor, date: t.day, amount, carriedInterest: part === 'carriedInterest' ? amount : 0n });
    }
  }
  const codes = [...new Set([...contributions.keys(), ...charges.keys()])].sort();
  const classes = new Map((await repos.funds.investors(codes)).map((i) => [i.code, i.capitalClass]));
  const dated = (days: Map<IsoDate, Fen> | undefined): Dated[] =>
    [...(days ?? new Map<IsoDate, Fen>())].filter(([, amount]) => amount !== 0n).map(([date, amount]) => ({ date, amount }));
  const holders: AccountHolder[] = codes.map((investor) => ({
    investor,
    capitalClass: classes.get(investor) ?? 'social',
    contributions: dated(contributions.get(investor)),
    charges: dated(charges.get(investor)),
  }));
  return {
    terms: inForce,
    holders,
    distributions: [...distributions].filter(([, amount]) => amount !== 0n).map(([date, amount]) => ({ date, amount })),
    booked: [...booked.values()],
    receipts,
  };
}
