import { DomainError, type FieldError } from '../errors';
import { addDays, daysBetween, isIsoDate, type IsoDate } from '../dates';
import type { Fen } from '../money';

/**
 * Post-investment obligations (投后义务) of an investment: a buyback (回购) the counterparty owes,
 * a performance commitment (业绩承诺) with its compensation, or another covenant (承诺事项). They
 * are recorded facts, not postings; their status is worked out on each read, never stored.
 */
export const OBLIGATION_KINDS = ['buyback', 'performance_commitment', 'covenant'] as const;
export type ObligationKind = (typeof OBLIGATION_KINDS)[number];

/** Kinds whose amount (the buyback price, the committed compensation) must be given. */
const AMOUNT_REQUIRED: readonly ObligationKind[] = ['buyback', 'performance_commitment'];

export const OBLIGATION_STATUSES = ['open', 'due_soon', 'overdue', 'settled'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** Days before its due date an unsettled obligation starts to show on the watch (PHOENIX_OBLIGATION_ALERT_DAYS). */
export const DEFAULT_OBLIGATION_ALERT_DAYS = 90;
export const COUNTERPARTY_MAX_CHARS = 200;
export const TERMS_MAX_CHARS = 2000;

export interface Obligation {
  id: number;
  investment: number;
  fund: string;
  kind: ObligationKind;
  counterparty: string;
  dueDate: IsoDate;
  /** Fen; null for a covenant recorded without one. */
  amount: Fen | null;
  terms: string | null;
  recordedAt: string;
  recordedBy: string;
}

/** An obligation with the exit that settles it: a non-reversed exit of its investment naming it, or null. */
export interface ObligationState extends Obligation {
  settledBy: number | null;
}

/** An obligation as of a business date: its status and the days left to its due date (negative once overdue). */
export interface ObligationView extends ObligationState {
  status: ObligationStatus;
  daysUntilDue: number;
}

export interface ObligationRequest {
  investment: { id: number; fund: string; date: IsoDate; reversed: boolean };
  kind: string;
  counterparty: string;
  dueDate: IsoDate;
  amount: Fen | null;
  terms: string | null;
}

export type PlannedObligation = Omit<Obligation, 'id' | 'recordedAt' | 'recordedBy'>;

/**
 * The obligation to record, once every rule holds: the investment stands, the due date is a date
 * on or after the investment's, a buyback or performance commitment names its amount, and any
 * amount is above zero.
 * @throws DomainError CONFLICT (the investment was reversed), VALIDATION_FAILED naming each field
 */
export function planObligation(r: ObligationRequest): PlannedObligation {
  if (r.investment.reversed) {
    throw new DomainError('CONFLICT', `investment ${r.investment.id} was reversed: it carries no obligations`, { investment: r.investment.id });
  }
  const counterparty = r.counterparty.trim();
  const errors: FieldError[] = [];
  if (!isObligationKind(r.kind)) errors.push({ field: 'kind', message: `must be one of ${OBLIGATION_KINDS.join(', ')}` });
  if (counterparty.length === 0 || [...counterparty].length > COUNTERPARTY_MAX_CHARS) {
    errors.push({ field: 'counterparty', message: `must be 1 to ${COUNTERPARTY_MAX_CHARS} characters` });
  }
  if (!isIsoDate(r.dueDate)) errors.push({ field: 'dueDate', message: 'must be a calendar date YYYY-MM-DD' });
  else if (r.dueDate < r.investment.date) {
    errors.push({ field: 'dueDate', message: `must not be before the investment's date (${r.investment.date})` });
  }
  if (r.amount === null && isObligationKind(r.kind) && AMOUNT_REQUIRED.includes(r.kind)) {
    errors.push({ field: 'amount', message: `is required for a ${r.kind}` });
  }
  if (r.amount !== null && r.amount <= 0n) errors.push({ field: 'amount', message: 'must be above zero' });
  if (r.terms !== null && [...r.terms].length > TERMS_MAX_CHARS) errors.push({ field: 'terms', message: `must be at most ${TERMS_MAX_CHARS} characters` });
  if (errors.length > 0) throw DomainError.validation(errors);
  return {
    investment: r.investment.id,
    fund: r.investment.fund,
    kind: r.kind as ObligationKind,
    counterparty,
    dueDate: r.dueDate,
    amount: r.amount,
    terms: r.terms,
  };
}

export function isObligationKind(value: unknown): value is ObligationKind {
  return typeof value === 'string' && (OBLIGATION_KINDS as readonly string[]).includes(value);
}

/**
 * The status rule: settled once an exit settles it; else overdue after its due date, due soon from
 * `alertDays` days before it through the due date itself, open before that.
 */
export function obligationStatus(dueDate: IsoDate, settled: boolean, today: IsoDate, alertDays: number): ObligationStatus {
  if (settled) return 'settled';
  if (dueDate < today) return 'overdue';
  if (dueDate <= addDays(today, alertDays)) return 'due_soon';
  return 'open';
}

export function viewOf(obligation: ObligationState, today: IsoDate, alertDays: number): ObligationView {
  return {
    ...obligation,
    status: obligationStatus(obligation.dueDate, obligation.settledBy !== null, today, alertDays),
    daysUntilDue: daysBetween(today, obligation.dueDate),
  };
}

/** The statuses the watch raises. */
export function isAlert(status: ObligationStatus): boolean {
  return status === 'due_soon' || status === 'overdue';
}

/**
 * The check an exit booking makes before it names an obligation: only a buyback of the exit's own
 * investment, not settled yet, is settled, and only by an exit on the `buyback` channel. The
 * booking holds its fund's lock, so no other exit of the investment settles it in between.
 * @throws DomainError OBLIGATION_NOT_SETTLABLE with the reason
 */
export function assertSettlableBy(obligation: ObligationState, exit: { investmentId: number; channel: string | null | undefined }): void {
  const refuse = (reason: string): never => {
    throw new DomainError('OBLIGATION_NOT_SETTLABLE', `obligation ${obligation.id} cannot be settled by this exit: ${reason}`, {
      obligation: obligation.id,
      reason,
    });
  };
  if (obligation.kind !== 'buyback') refuse(`it is a ${obligation.kind}; only a buyback is settled by an exit`);
  if (obligation.investment !== exit.investmentId) refuse(`it belongs to investment ${obligation.investment}, the exit to investment ${exit.investmentId}`);
  if (obligation.settledBy !== null) refuse(`exit ${obligation.settledBy} already settled it`);
  if (exit.channel !== 'buyback') refuse(`the exit's channel is ${exit.channel ?? 'not given'}; a buyback is settled through the buyback channel`);
}
