import type { IsoDate } from '../../domain/dates';
import type { Fen } from '../../domain/money';
import { balanceOf } from '../../domain/ledger/entry';
import { investorAccountPrefixes, roleOf } from '../../domain/funds/chart-of-accounts';
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

/**
 * The accounts a fund's capital accounts replay: the partners' accounts (commitments memo,
 * receivables, distributions, fees), the same set a booking reads for them, so a booking's read is
 * answered from what its group already holds.
 */
const capitalPrefixes = investorAccountPrefixes;

export interface BooksOptions {
  /** The terms in force on `asOf` when the caller holds them (null: none); read when absent. */
  terms?: WaterfallTerms | null;
  history?: 'always' | 'when terms need it';
  balances?: 'as of' | 'now';
}

/**
 * A fund's capital accounts as its books give them on `asOf` (docs/capital-accounting.md), read
 * from the day totals of its partners' accounts, so reversals count as they were booked:
 * - contributions: capital called (the commitments memo) less still receivable, day by day (equalisation catch-up is
 *   capital; equalisation and late interest sit in other accounts: compensation, not capital);
 * - charges: management fees charged to the investor, and late interest it still owes;
 * - distributions: every day's total to investors and manager, and what each party has had by part
 *   (a distribution booked without terms counts as return of capital).
 * `options.terms` is given when the caller already holds the terms in force; else they are read.
 *
 * Without terms a division depends on the totals only (no preferred return runs on dates), so
 * unless `history` is 'always' (a caller that needs the dated flows: an IRR) the accounts' balances
 * stand in for their history, as one movement on `asOf`: a read of the accounts, not of every day
 * since inception. `balances: 'now'` reads them as they stand (a booking, under the fund's lock,
 * where the group being written is read too); else as of `asOf`.
 */
export async function capitalAccountBooks(repos: Repositories, fund: string, asOf: IsoDate, options: BooksOptions = {}): Promise<CapitalAccountBooks> {
  const inForce = options.terms === undefined ? await termsInForce(repos, fund, asOf) : options.terms;
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
    inForce === null && options.history === 'when terms need it'
      ? (await repos.journal.balancesUnder(capitalPrefixes(fund), options.balances === 'now' ? undefined : asOf)).map((b) => ({ ...b, day: asOf }))
      : await repos.journal.dayTotalsUnder(capitalPrefixes(fund), asOf);
  for (const t of movements) {
    const amount = balanceOf(t);
    const role = roleOf(t.account);
    // Contributed capital = called (the commitments memo, debit) less still receivable.
    if (role.role === 'called') add(contributions, role.investor, t.day, amount);
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
