import { CAN } from '../../domain/access/roles';
import { todayIn } from '../../domain/dates';
import { getJournalEntry, listJournal, reverseJournalEntry, type ReversalGuard } from '../../application/journal-service';
import { answer, replyTo } from '../command-context';
import type { AppDeps } from '../deps';
import { presentEntry } from '../presenters/ledger-presenters';
import type { RouteSpec } from '../route-table';
import { codeSchema, cursorSchema, dateSchema, idParamSchema, limitSchema, textSchema } from '../schemas/common';

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
  properties: { fund: codeSchema, from: dateSchema, to: dateSchema, cursor: cursorSchema, limit: limitSchema },
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
      params: idParamSchema,
      responses: { 200: { description: 'The entry', schema: entrySchema } },
      async handle({ params }) {
        return { status: 200, body: presentEntry(await getJournalEntry(deps.db, Number(params.id))) };
      },
    },
    {
      method: 'post',
      path: '/journal/{id}/reversal',
      operationId: 'reverseJournalEntry',
      summary: 'Reverse an entry (once) with a new entry of swapped lines',
      tag: 'ledger',
      access: CAN.bookEvents,
      params: idParamSchema,
      body: reversalBody,
      responses: {
        201: {
          description: 'The reversing entry was written',
          schema: { type: 'object', properties: { entryId: { type: 'integer' }, reverses: { type: 'integer' } } },
        },
      },
      async handle(ctx) {
        return replyTo(ctx, deps, answer(201), (command) =>
          reverseJournalEntry(
            deps.db,
            command,
            { entryId: Number(ctx.params.id), reason: ctx.body.reason, date: ctx.body.date, today: todayIn(deps.config.timeZone, deps.clock.now()) },
            { clock: deps.clock, guards },
          ),
        );
      },
    },
  ];
}
