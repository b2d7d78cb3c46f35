import type { Database } from '../../data/database';
import type { Repositories } from '../../data/repositories';
import {
  capitalCallBody,
  commitmentBody,
  distributionBody,
  equalisationInterestPaymentBody,
  exitBody,
  expenseBody,
  feePaymentBody,
  investmentBody,
  lateInterestBody,
  lateInterestPaymentBody,
  managementFeeBody,
  paymentBody,
  valuationBody,
} from '../../http/schemas/fund-schemas';
import { runCommand, type CommandContext, type CommandOutcome } from '../command-runner';
import type { ReversalGuard } from '../journal-service';
import { guardBalances } from './balance-guard';
import { bookCapitalCall, bookCommitment, bookPayment } from './capital-events';
import { bookDistribution, bookExpense } from './cash-events';
import { bookLateInterest, bookLateInterestPayment, bookManagementFee } from './fee-events';
import { bookExit, bookInvestment, bookValuation } from './investment-events';
import { bookEqualisationInterestPayment, bookFeePayment } from './settlement-events';
import type { Booked, EventOptions } from './event-support';

/**
 * What an event is booked against: a fund (by code), or a capital call or investment booked
 * earlier (by id). The POST route's path parameter and the CSV's target columns follow from it.
 */
export type EventTarget = 'fund' | 'call' | 'investment';
type TargetKey<K extends EventTarget> = K extends 'fund' ? string : number;

export interface EventDefinition<K extends EventTarget, I, R extends { id: number }> {
  target: K;
  /** What later events name by this event's id (a call is paid, an investment exited), if anything. */
  names?: Exclude<EventTarget, 'fund'>;
  /** The audit action of its command. */
  action: string;
  /** The POST route that books it; the path names the target as {code} (fund) or {id}. */
  route: { path: string; operationId: string; summary: string };
  /** The request body (JSON Schema), for the API and for each row of an import. */
  schema: object;
  /** Plans, checks and writes the event inside the command's transaction. */
  book(repos: Repositories, ctx: CommandContext, target: TargetKey<K>, input: I, options: EventOptions): Promise<Booked<R>>;
  /** Runs before a reversal of its journal entry. */
  reversalGuard: ReversalGuard;
  /**
   * Its CSV row: the columns copied into the body, the columns a row must fill, and any part of
   * the body built from several columns.
   */
  csv: { fields: readonly string[]; required: readonly string[]; compose?(cells: ReadonlyMap<string, string>): Record<string, unknown> };
}

function defineEvent<K extends EventTarget, I, R extends { id: number }>(definition: EventDefinition<K, I, R>): EventDefinition<K, I, R> {
  return definition;
}

/**
 * The one list of the fund manager's business events. The POST routes, the import dispatch, the
 * CSV columns and the reversal guards are generated from it; docs/architecture.md lists what a new
 * event touches.
 */
export const EVENTS = {
  commitment: defineEvent({
    target: 'fund',
    action: 'commitment.create',
    route: { path: '/funds/{code}/commitments', operationId: 'createCommitment', summary: 'Record a commitment (认缴)' },
    schema: commitmentBody,
    book: bookCommitment,
    reversalGuard: guardBalances,
    csv: { fields: ['investor', 'amount', 'date'], required: ['fund', 'investor', 'amount'] },
  }),
  capital_call: defineEvent({
    target: 'fund',
    names: 'call',
    action: 'capital_call.create',
    route: { path: '/funds/{code}/capital-calls', operationId: 'createCapitalCall', summary: 'Call capital (催缴), split pro rata among the commitments dated on or before it' },
    schema: capitalCallBody,
    book: bookCapitalCall,
    reversalGuard: guardBalances,
    csv: { fields: ['amount', 'date', 'dueDate'], required: ['fund', 'amount', 'dueDate'] },
  }),
  payment: defineEvent({
    target: 'call',
    action: 'payment.create',
    route: { path: '/capital-calls/{id}/payments', operationId: 'createPayment', summary: 'Record a payment (实缴) against a call' },
    schema: paymentBody,
    book: bookPayment,
    reversalGuard: guardBalances,
    csv: { fields: ['investor', 'amount', 'date'], required: ['investor', 'amount'] },
  }),
  investment: defineEvent({
    target: 'fund',
    names: 'investment',
    action: 'investment.create',
    route: { path: '/funds/{code}/investments', operationId: 'createInvestment', summary: 'Invest in an investee: listed shares, unlisted equity, an exchangeable or convertible bond, a share-pledge financing taken over, or a loan' },
    schema: investmentBody,
    book: bookInvestment,
    reversalGuard: guardBalances,
    csv: {
      fields: [
        'instrument', 'amount', 'date', 'screeningId', 'shares', 'acquisitionMode', 'investee', 'holderCategory', 'lockupEndsOn', 'sellerRestricted',
        'equityPercent', 'exchangePrice', 'conversionPrice', 'couponRate', 'maturityDate', 'principal', 'rate', 'warningLine', 'liquidationLine',
      ],
      required: ['fund', 'instrument', 'amount'],
      // A listed company by stockCode and companyName (as always), or an investee by code; the
      // underlying shares of a bond or pledge from two columns.
      compose: (cells) => ({
        ...(cells.has('stockCode') || cells.has('companyName') ? { company: { stockCode: cells.get('stockCode'), name: cells.get('companyName') } } : {}),
        ...(cells.has('underlyingStockCode') || cells.has('pledgedShares')
          ? { underlying: { stockCode: cells.get('underlyingStockCode'), pledgedShares: /^\d{1,16}$/.test(cells.get('pledgedShares') ?? '') ? Number(cells.get('pledgedShares')) : cells.get('pledgedShares') } }
          : {}),
      }),
    },
  }),
  exit: defineEvent({
    target: 'investment',
    action: 'exit.create',
    route: { path: '/investments/{id}/exits', operationId: 'createExit', summary: 'Record an exit: sale, repayment or income' },
    schema: exitBody,
    book: bookExit,
    reversalGuard: guardBalances,
    csv: { fields: ['kind', 'proceeds', 'cost', 'shares', 'channel', 'obligation', 'date'], required: ['kind', 'proceeds'] },
  }),
  valuation: defineEvent({
    target: 'investment',
    action: 'valuation.create',
    route: { path: '/investments/{id}/valuations', operationId: 'createValuation', summary: 'Mark an investment to fair value' },
    schema: valuationBody,
    book: bookValuation,
    reversalGuard: guardBalances,
    csv: {
      fields: ['fairValue', 'date', 'method'],
      required: [],
      // The inputs of an AAP valuation (or of any method) from their own columns.
      compose: (cells) => {
        const inputs = Object.fromEntries(['volatility', 'dividendYield', 'price'].filter((c) => cells.has(c)).map((c) => [c, cells.get(c)]));
        return Object.keys(inputs).length > 0 ? { inputs } : {};
      },
    },
  }),
  distribution: defineEvent({
    target: 'fund',
    action: 'distribution.create',
    route: { path: '/funds/{code}/distributions', operationId: 'createDistribution', summary: 'Distribute cash pro rata to paid-in capital' },
    schema: distributionBody,
    book: bookDistribution,
    reversalGuard: guardBalances,
    csv: { fields: ['amount', 'date'], required: ['fund', 'amount'] },
  }),
  expense: defineEvent({
    target: 'fund',
    action: 'expense.create',
    route: { path: '/funds/{code}/expenses', operationId: 'createExpense', summary: 'Pay an expense (management fee and other costs)' },
    schema: expenseBody,
    book: bookExpense,
    reversalGuard: guardBalances,
    csv: { fields: ['amount', 'date', 'kind', 'memo'], required: ['fund', 'amount', 'kind'] },
  }),
  management_fee: defineEvent({
    target: 'fund',
    action: 'management_fee.create',
    route: {
      path: '/funds/{code}/management-fees',
      operationId: 'createManagementFee',
      summary: 'Charge a quarter’s management fee (管理费) under the fund terms: payable to the manager, charged to the fee-paying investors',
    },
    schema: managementFeeBody,
    book: bookManagementFee,
    reversalGuard: guardBalances,
    csv: { fields: ['period', 'date'], required: ['fund', 'period'] },
  }),
  late_interest: defineEvent({
    target: 'call',
    action: 'late_interest.create',
    route: {
      path: '/capital-calls/{id}/late-interest',
      operationId: 'chargeLateInterest',
      summary: 'Charge an investor the late interest (违约金) accrued on its part of a call, to its own capital account',
    },
    schema: lateInterestBody,
    book: bookLateInterest,
    reversalGuard: guardBalances,
    csv: { fields: ['investor', 'date'], required: ['investor'] },
  }),
  late_interest_payment: defineEvent({
    target: 'call',
    action: 'late_interest_payment.create',
    route: {
      path: '/capital-calls/{id}/late-interest-payments',
      operationId: 'createLateInterestPayment',
      summary: 'Collect late interest (违约金) charged to an investor on a call: cash in, its charge settled',
    },
    schema: lateInterestPaymentBody,
    book: bookLateInterestPayment,
    reversalGuard: guardBalances,
    csv: { fields: ['investor', 'amount', 'date'], required: ['investor', 'amount'] },
  }),
  fee_payment: defineEvent({
    target: 'fund',
    action: 'fee_payment.create',
    route: {
      path: '/funds/{code}/fee-payments',
      operationId: 'createFeePayment',
      summary: 'Pay the manager management fees booked payable (支付管理费), out of cash',
    },
    schema: feePaymentBody,
    book: bookFeePayment,
    reversalGuard: guardBalances,
    csv: { fields: ['manager', 'amount', 'date'], required: ['fund', 'amount'] },
  }),
  equalisation_interest_payment: defineEvent({
    target: 'fund',
    action: 'equalisation_interest_payment.create',
    route: {
      path: '/funds/{code}/equalisation-interest-payments',
      operationId: 'createEqualisationInterestPayment',
      summary: 'Pay an earlier investor the equalisation interest (补偿利息) a subsequent closing owes it, out of cash',
    },
    schema: equalisationInterestPaymentBody,
    book: bookEqualisationInterestPayment,
    reversalGuard: guardBalances,
    csv: { fields: ['investor', 'amount', 'date'], required: ['fund', 'investor', 'amount'] },
  }),
};

export type EventType = keyof typeof EVENTS;
export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];

/** Any event of the registry, for code that handles them all alike (routes, imports). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEvent = EventDefinition<EventTarget, any, { id: number }>;

/** The booked result of an event type. */
export type ResultOf<T extends EventType> = (typeof EVENTS)[T] extends EventDefinition<EventTarget, unknown, infer R> ? R : never;

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENTS, type);
}

/** An event's command: books it in one transaction with its idempotency and audit. */
export type EventCommand<K extends EventTarget, I, R> = (db: Database, ctx: CommandContext, target: TargetKey<K>, input: I, options: EventOptions) => Promise<CommandOutcome<R>>;

export function commandOf<K extends EventTarget, I, R extends { id: number }>(event: EventDefinition<K, I, R>): EventCommand<K, I, R> {
  return (db, ctx, target, input, options) => runCommand(db, ctx, { action: event.action, execute: (repos) => event.book(repos, ctx, target, input, options) });
}
