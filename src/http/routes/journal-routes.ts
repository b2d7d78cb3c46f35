import { CAN } from '../../domain/access/roles';
import { getJournalEntry, listJournal, type ReversalGuard } from '../../application/journal-service';
import { submitWrite } from '../../application/approvals/proposal-service';
import { REVERSAL_ACTION } from '../../domain/approvals/approval-policy';
import { approvalSettings, replyToWrite, splitDocuments, withDocuments } from '../approval-settings';
import type { AppDeps } from '../deps';
import { presentEntry } from '../presenters/ledger-presenters';
import type { RouteSpec } from '../route-table';
import { bigCursorSchema, bigIdParamSchema, codeSchema, dateSchema, limitSchema, textSchema } from '../schemas/common';

const lineSchema = {
  type: 'object',
  properties: { account: { type: 'string' }, fund: { type: 'string' }, debit: { type: 'string' }, credit: { type: 'string' } },
};

const entrySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    date: { type: 'string' },
    type: { type: 'string' },
    memo: { type: 'string' },
    actor: { type: 'string' },
    reverses: { type: ['integer', 'null'] },
    reversedBy: { type: ['integer', 'null'] },
    hash: { type: 'string' },
    prevHash: { type: 'string' },
    lines: { type: 'array', items: lineSchema },
  },
};

const reversalBody = {
  type: 'object',
  properties: {
    reason: textSchema(500),
    date: { ...dateSchema, description: 'the value date of the reversal: not after today nor before the original (default: today in the fund time zone)' },
  },
  required: ['reason'],
  additionalProperties: false,
};

const journalQuery = {
  type: 'object',
  properties: { fund: codeSchema, from: dateSchema, to: dateSchema, cursor: bigCursorSchema, limit: limitSchema },
  additionalProperties: false,
};

export function journalRoutes(deps: AppDeps, guards: ReadonlyMap<string, ReversalGuard> = new Map()): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/journal',
      operationId: 'listJournal',
      summary: 'Journal entries, oldest first, with cursor pagination',
      tag: 'ledger',
      access: CAN.read,
      query: journalQuery,
      responses: {
        200: {
          description: 'A page of entries',
          schema: { type: 'object', properties: { entries: { type: 'array', items: entrySchema }, nextCursor: { type: ['string', 'null'] } } },
        },
      },
      async handle({ query }) {
        const page = await listJournal(deps.db, { ...query, limit: query.limit ? Number(query.limit) : 100 });
        return { status: 200, body: { entries: page.entries.map(presentEntry), nextCursor: page.nextCursor } };
      },
    },
    {
      method: 'get',
      path: '/journal/{id}',
      operationId: 'getJournalEntry',
      summary: 'One journal entry with its lines',
      tag: 'ledger',
      access: CAN.read,
      params: bigIdParamSchema,
      responses: { 200: { description: 'The entry', schema: entrySchema } },
      async handle({ params }) {
        return { status: 200, body: presentEntry(await getJournalEntry(deps.db, Number(params.id))) };
      },
    },
    {
      method: 'post',
      path: '/journal/{id}/reversal',
      operationId: 'reverseJournalEntry',
      summary: 'Reverse an entry (once) with a new entry of swapped lines, dated in the first open period',
      tag: 'ledger',
      access: CAN.bookEvents,
      params: bigIdParamSchema,
      body: withDocuments(reversalBody),
      responses: {
        201: {
          description: 'The reversing entry was written',
          schema: { type: 'object', properties: { entryId: { type: 'integer' }, reverses: { type: 'integer' } } },
        },
        202: { description: 'The approval policy of a fund the entry touches lists reversals: a pending proposal, nothing booked', schema: { type: 'object' } },
      },
      async handle(ctx) {
        const { body, documents } = splitDocuments(ctx.body);
        const settings = { ...approvalSettings(deps), guards };
        return replyToWrite(ctx, deps, (command) =>
          submitWrite(deps.db, command, { action: REVERSAL_ACTION, target: ctx.params.id, body, documents }, settings),
        );
      },
    },
  ];
}
