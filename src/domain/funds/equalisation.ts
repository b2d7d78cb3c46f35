import Big from 'big.js';
import { daysBetween, type IsoDate } from '../dates';
import { allocateProRata, bigToFen, sumFen, type Fen } from '../money';
import type { EntryDraft, Line } from '../ledger/entry';
import { chart } from './chart-of-accounts';
import { yuan } from './event-rules';
import type { FundTerms } from '../terms/fund-terms';

/**
 * The equalisation interest rate (simple, per year, act/365) as a decimal string: the
 * `equalisationRate` of the fund's terms in force on the commitment date (docs/fund-terms.md),
 * or 0 for a fund without terms, whose subsequent closings pay the catch-up only.
 */
export function equalisationRateOf(terms: Pick<FundTerms, 'equalisationRate'> | null): string {
  return terms?.equalisationRate ?? '0';
}

/** An ordinary call the newcomer missed: its amount and the commitments it was split among (fen). */
export interface EarlierCall {
  date: IsoDate;
  amount: Fen;
  committedAtCall: Fen;
}

export interface EqualisationRequest {
  fund: string;
  investor: string;
  /** The new commitment and its value date. */
  amount: Fen;
  date: IsoDate;
  /** The fund's called and committed totals before this commitment (fen). */
  called: Fen;
  committed: Fen;
  earlierCalls: readonly EarlierCall[];
  /** The other investors, with what they paid in and were called: interest goes to them. */
  earlierInvestors: ReadonlyArray<{ investor: string; paidIn: Fen; called: Fen }>;
  rate: string;
}

export interface PlannedEqualisation {
  /** What the newcomer is called to stand at the fund's called fraction (fen). */
  catchUp: Fen;
  interest: Fen;
  interestTo: Array<{ investor: string; amount: Fen }>;
  lines: Line[];
}

/**
 * A subsequent closing (a commitment made once the fund has called capital): the newcomer is called
 * its commitment × the fund's called fraction, half-up to the fen, so it stands where the others
 * stand; the fund keeps that cash and later calls go pro rata to commitment. Equalisation interest
 * runs on the catch-up's part of each earlier call, from that call's date to the commitment date;
 * it is owed by the newcomer and payable to the earlier investors pro rata to what they paid in
 * (to what they were called when nothing is paid yet), so it is never fund income.
 * Returns null when nothing has been called yet (a first closing).
 */
export function planEqualisation(r: EqualisationRequest): PlannedEqualisation | null {
  if (r.called <= 0n || r.committed <= 0n) return null;
  const catchUp = bigToFen(new Big(r.amount.toString()).times(r.called.toString()).div(r.committed.toString()).div(100));
  const interest = interestOn(catchUp, r);
  const recipients = r.earlierInvestors.filter((e) => e.investor !== r.investor);
  const paid = recipients.map((e) => e.paidIn);
  const weights = sumFen(paid) > 0n ? paid : recipients.map((e) => e.called);
  const interestTo = interest > 0n && sumFen(weights) > 0n ? split(interest, recipients, weights) : [];
  const owed = sumFen(interestTo.map((t) => t.amount));
  const { fund, investor } = r;
  const lines: Line[] = [];
  if (catchUp > 0n) {
    lines.push(
      { account: chart.called(fund, investor), fund, debit: catchUp, credit: 0n },
      { account: chart.uncalled(fund, investor), fund, debit: 0n, credit: catchUp },
      { account: chart.receivable(fund, investor), fund, debit: catchUp, credit: 0n },
      { account: chart.contributed(fund, investor), fund, debit: 0n, credit: catchUp },
    );
  }
  if (owed > 0n) {
    lines.push({ account: chart.equalisationInterest(fund, investor), fund, debit: owed, credit: 0n });
    for (const t of interestTo) lines.push({ account: chart.equalisationPayable(fund, t.investor), fund, debit: 0n, credit: t.amount });
  }
  return { catchUp, interest: owed, interestTo, lines };
}

/** Simple interest, act/365, on the catch-up split over the earlier calls by the fraction each called. */
function interestOn(catchUp: Fen, r: EqualisationRequest): Fen {
  const rate = new Big(r.rate);
  const calls = r.earlierCalls.filter((c) => c.committedAtCall > 0n);
  if (rate.eq(0) || catchUp === 0n || calls.length === 0) return 0n;
  const fractions = calls.map((c) => new Big(c.amount.toString()).div(c.committedAtCall.toString()));
  const whole = fractions.reduce((s, f) => s.plus(f), new Big(0));
  if (whole.eq(0)) return 0n;
  let total = new Big(0);
  calls.forEach((c, i) => {
    const days = Math.max(0, daysBetween(c.date, r.date));
    total = total.plus(fractions[i].div(whole).times(catchUp.toString()).times(rate).times(days).div(365));
  });
  return bigToFen(total.div(100));
}

function split(total: Fen, to: ReadonlyArray<{ investor: string }>, weights: Fen[]) {
  const parts = allocateProRata(total, weights);
  return to.map((t, i) => ({ investor: t.investor, amount: parts[i] })).filter((t) => t.amount > 0n);
}

/** The commitment's entry with the equalisation booked in it: one event, one entry. */
export function withEqualisation(draft: EntryDraft, e: PlannedEqualisation | null): EntryDraft {
  if (!e || e.lines.length === 0) return draft;
  return {
    ...draft,
    memo: `${draft.memo}; equalisation: catch-up ${yuan(e.catchUp)}, interest ${yuan(e.interest)}`,
    metadata: { ...draft.metadata, equalisation: { catchUp: yuan(e.catchUp), interest: yuan(e.interest) } },
    lines: [...draft.lines, ...e.lines],
  };
}
