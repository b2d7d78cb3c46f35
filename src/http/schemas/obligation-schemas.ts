import { COUNTERPARTY_MAX_CHARS, OBLIGATION_KINDS, OBLIGATION_STATUSES, TERMS_MAX_CHARS } from '../../domain/deals/obligation';
import { codeSchema, dateSchema, moneySchema } from './common';

/** POST /investments/{id}/obligations. Which kinds need an amount is the domain's rule (planObligation). */
export const obligationBody = {
  type: 'object',
  properties: {
    kind: { type: 'string', enum: [...OBLIGATION_KINDS], description: 'buyback (回购), performance_commitment (业绩承诺) or covenant (承诺事项)' },
    counterparty: { type: 'string', minLength: 1, maxLength: COUNTERPARTY_MAX_CHARS, description: 'who owes it: the controlling shareholder, the company, …' },
    dueDate: { ...dateSchema, description: 'the date it falls due: not before the investment’s date' },
    amount: { ...moneySchema, description: 'the buyback price or committed compensation in yuan: required for buyback and performance_commitment' },
    terms: { type: 'string', minLength: 1, maxLength: TERMS_MAX_CHARS, description: 'the clause as agreed, free text' },
  },
  required: ['kind', 'counterparty', 'dueDate'],
  additionalProperties: false,
} as const;

export const obligationsQuery = {
  type: 'object',
  properties: {
    fund: codeSchema,
    dueBefore: { ...dateSchema, description: 'only obligations due before this date (exclusive)' },
    status: { type: 'string', enum: [...OBLIGATION_STATUSES], description: 'as of today: open, due_soon, overdue or settled' },
  },
  additionalProperties: false,
} as const;
