import { commandOf, EVENTS } from './events/registry';

/**
 * The fund manager's business events, one command each, named as actions. Each books exactly one
 * journal entry with its rules, idempotency and audit in one transaction (src/application/events/).
 */
export const recordCommitment = commandOf(EVENTS.commitment);
export const callCapital = commandOf(EVENTS.capital_call);
export const recordPayment = commandOf(EVENTS.payment);
export const recordInvestment = commandOf(EVENTS.investment);
export const recordExit = commandOf(EVENTS.exit);
export const recordValuation = commandOf(EVENTS.valuation);
export const distributeCash = commandOf(EVENTS.distribution);
export const recordExpense = commandOf(EVENTS.expense);
export const chargeManagementFee = commandOf(EVENTS.management_fee);
export const chargeLateInterest = commandOf(EVENTS.late_interest);

export type { InvestmentInput } from './events/investment-events';
export type { EventOptions, OverrideInput } from './events/event-support';
