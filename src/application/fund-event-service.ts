/**
 * The fund manager's business events, one command each (src/application/events/): every one
 * books exactly one journal entry with its rules, idempotency and audit in one transaction.
 */
export { commit, call, pay } from './events/capital-events';
export { invest, recordExit, recordValuation, type InvestmentInput } from './events/investment-events';
export { distribute, recordExpense } from './events/cash-events';
export type { EventOptions, OverrideInput } from './events/event-support';
