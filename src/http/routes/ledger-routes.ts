import { CAN } from '../../domain/access/roles';
import { DomainError } from '../../domain/errors';
import { assertDigestSigned, parseDigest } from '../../domain/ledger/digest';
import { currentDigest } from '../../application/digest-service';
import { trialBalance, verifyLedger } from '../../application/journal-service';
import type { AppDeps } from '../deps';
import { presentTrialBalance } from '../presenters/ledger-presenters';
import type { RouteSpec } from '../route-table';
import { codeSchema, dateSchema } from '../schemas/common';

const money = { type: 'string' };
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const digestSchema = {
  type: 'object',
  properties: { entryId: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER }, hash: hex64, at: { type: 'string', maxLength: 40 }, signature: hex64 },
  required: ['entryId', 'hash', 'at', 'signature'],
  additionalProperties: false,
};
const verifyReportSchema = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    entries: { type: 'integer' },
    problems: {
      type: 'array',
      items: { type: 'object', properties: { entryId: { type: ['integer', 'null'] }, account: { type: 'string' }, problem: { type: 'string' } } },
    },
  },
};

/** The signing key: the one the server loaded, else PHOENIX_DIGEST_KEY. */
function digestKey(deps: AppDeps): Buffer {
  const key = deps.digestKey ?? (deps.config.digest.key !== null ? Buffer.from(deps.config.digest.key, 'utf8') : null);
  if (!key) throw new DomainError('DIGEST_UNAVAILABLE', 'no digest signing key is configured (PHOENIX_DIGEST_KEY or PHOENIX_DIGEST_KEY_FILE)');
  return key;
}

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
      responses: { 200: { description: 'The verification report; ok is false when any problem is found', schema: verifyReportSchema } },
      async handle() {
        return { status: 200, body: await verifyLedger(deps.db) };
      },
    },
    {
      method: 'get',
      path: '/ledger/digest',
      operationId: 'getLedgerDigest',
      summary: 'The chain head (last entry id and hash) signed now, to keep outside the database',
      tag: 'ledger',
      access: CAN.read,
      responses: { 200: { description: 'entryId, hash, at, signature (HMAC-SHA256)', schema: digestSchema } },
      async handle() {
        return { status: 200, body: await currentDigest(deps.db, digestKey(deps), deps.clock) };
      },
    },
    {
      method: 'post',
      path: '/ledger/verify-digest',
      operationId: 'verifyLedgerDigest',
      summary: 'Verify the ledger and that it still holds the entry a signed digest names, with its hash',
      tag: 'ledger',
      access: CAN.read,
      body: digestSchema,
      responses: {
        200: { description: 'The verification report; a journal cut back behind the digest is a problem', schema: verifyReportSchema },
        422: { description: 'DIGEST_INVALID: the signature does not match' },
      },
      async handle({ body }) {
        const digest = parseDigest(body);
        assertDigestSigned(digest, digestKey(deps));
        return { status: 200, body: { ...(await verifyLedger(deps.db, { digest })), digest } };
      },
    },
  ];
}
