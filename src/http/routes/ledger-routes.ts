import { CAN } from '../../domain/access/roles';
import { trialBalance, verifyLedger } from '../../application/journal-service';
import type { AppDeps } from '../deps';
import { presentTrialBalance } from '../presenters';
import type { RouteSpec } from '../route-table';
import { codeSchema, dateSchema } from '../schemas/common';

const money = { type: 'string' };

export function ledgerRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/ledger/trial-balance',
      operationId: 'getTrialBalance',
      summary: 'Trial balance: every account with its debits, credits and balance (debit − credit)',
      tag: 'ledger',
      access: CAN.read,
      query: { type: 'object', properties: { fund: codeSchema, asOf: dateSchema }, additionalProperties: false },
      responses: {
        200: {
          description: 'The trial balance; totals.debit always equals totals.credit',
          schema: {
            type: 'object',
            properties: {
              asOf: { type: ['string', 'null'] },
              accounts: {
                type: 'array',
                items: { type: 'object', properties: { account: { type: 'string' }, fund: { type: 'string' }, debit: money, credit: money, balance: money } },
              },
              totals: { type: 'object', properties: { debit: money, credit: money } },
            },
          },
        },
      },
      async handle({ query }) {
        return { status: 200, body: presentTrialBalance(await trialBalance(deps.db, query)) };
      },
    },
    {
      method: 'get',
      path: '/ledger/verify',
      operationId: 'verifyLedger',
      summary: 'Re-derive every balance from its lines, check every entry balances and the hash chain is unbroken',
      tag: 'ledger',
      access: CAN.read,
      responses: {
        200: {
          description: 'The verification report; ok is false when any problem is found',
          schema: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              entries: { type: 'integer' },
              problems: {
                type: 'array',
                items: { type: 'object', properties: { entryId: { type: ['integer', 'null'] }, account: { type: 'string' }, problem: { type: 'string' } } },
              },
            },
          },
        },
      },
      async handle() {
        return { status: 200, body: await verifyLedger(deps.db) };
      },
    },
  ];
}
