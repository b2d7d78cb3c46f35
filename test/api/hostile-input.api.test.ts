import { expect } from 'chai';
import fc from 'fast-check';
import pino from 'pino';
import request from 'supertest';
import { apiRoutes } from '../../src/app';
import { loadConfig } from '../../src/config';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { YUAN_SCHEMA_PATTERN } from '../../src/domain/money';
import type { RouteSpec } from '../../src/http/route-table';
import { testApi, type TestApi } from '../helpers/api';
import { eligibleApplicant } from '../helpers/applicant-builders';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

/**
 * Every write route gets bodies built to be wrong in one way or more: each is a valid body with
 * at least one mutation that its schema must refuse. So every answer must be a 4xx problem+json
 * with a code, and afterwards the journal, the balances and every table are as they were.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  maxLength?: number;
  minLength?: number;
};

interface HostileRequest {
  kind: string;
  path: string;
  contentType: string;
  body: string | Buffer | undefined;
}

const RUNS_PER_ROUTE = Number(process.env.PHOENIX_HOSTILE_RUNS ?? 100);
const MONEY = new RegExp(YUAN_SCHEMA_PATTERN);

const BAD_MONEY = [
  '1.005', '0.001', '12.3456', '1e3', '1E+2', '1.0e2', '-1.00', '+1.00', ' 1.00', '1.00 ', '１２３.００', '١٢٣.٤٥', '१२३', '1,000.00',
  '0x10', 'NaN', 'Infinity', '-0', '', '.5', '1.', '00001.00', '9'.repeat(400), '99999999999999999999.99', '1.00\u0000',
  "1.00'; DROP TABLE journal_entries;--", '1 OR 1=1', '{"$gt":0}',
];
const BAD_DATES = ['2019-02-30', '2019-13-01', '19-01-01', '2019-1-1', '2019-01-01T00:00:00Z', '', '２０１９-01-01', "2019-01-01' OR '1'='1", '0000-00-00', '9999-99-99'];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', '$where', "' OR 1=1 --", 'isAdmin', 'role'];
const BAD_CODES = ["PHX'--", "PHX%27%20OR%201%3D1", 'phx', 'P'.repeat(41), '%00', '..%2F..%2Fetc', '%E5%87%A4', 'PHX%20'];
// Past int4 (2^31) and past the safe integers (2^53): issue 22, PostgreSQL answered 500 for these.
const BAD_IDS = ['0', '-1', '1.5', '1e3', '99999999999999999999', '%EF%BC%91', "1'%20OR%20'1'='1", 'abc', '0x1', '2147483648', '4294967296', '9007199254740992'];

const money = fc.oneof(
  fc.constantFrom(...BAD_MONEY),
  fc.stringMatching(/^[1-9][0-9]{0,6}\.[0-9]{3,6}$/),
  fc.stringMatching(/^[0-9]{1,3}(\.[0-9]{1,2})?[eE][+-]?[0-9]{1,3}$/),
  fc.string({ maxLength: 30 }).filter((s) => !MONEY.test(s)),
  fc.double(),
  fc.integer(),
  fc.constant(Number.MAX_VALUE),
  fc.constant(5e-324),
);

function typesOf(schema: Schema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function deepNest(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i += 1) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** A value whose JSON type the schema does not allow (only for schemas that name their type). */
function wrongTypeFor(schema: Schema): fc.Arbitrary<unknown> {
  const allowed = typesOf(schema);
  const numberAllowed = allowed.includes('number') || allowed.includes('integer');
  const pool = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    fc.integer({ min: 1, max: 10 }).map((d) => deepNest(d * 100, 'array')),
    fc.integer({ min: 1, max: 10 }).map((d) => deepNest(d * 50, 'object')),
    fc.double({ noDefaultInfinity: true, noNaN: true }).filter((n) => !Number.isInteger(n)),
    fc.integer(),
  );
  return pool.filter((v) => {
    const t = jsonType(v);
    if (t === 'integer' || t === 'number') return !numberAllowed && !(t === 'number' && allowed.includes('number'));
    return !allowed.includes(t);
  });
}

/** A string the schema must refuse: too long, empty where it may not be, or off-pattern. */
function badStringFor(schema: Schema): fc.Arbitrary<string> | null {
  if (!typesOf(schema).includes('string')) return null;
  // ajv counts code points, not UTF-16 units.
  const refuses = (s: string) =>
    (schema.maxLength !== undefined && [...s].length > schema.maxLength) ||
    (schema.minLength !== undefined && [...s].length < schema.minLength) ||
    (schema.enum !== undefined && !schema.enum.includes(s)) ||
    (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(s));
  if (schema.maxLength === undefined && schema.minLength === undefined && !schema.enum && !schema.pattern) return null;
  return fc
    .oneof(
      fc.constant(''),
      fc.integer({ min: 1, max: 5000 }).map((n) => 'x'.repeat((schema.maxLength ?? 40) + n)),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
      fc.constantFrom("'; DROP TABLE journal_entries; --", '<script>alert(1)</script>', '\u0000', '\u202e', '🐉'.repeat(300), ' ', '\n'),
    )
    .filter(refuses);
}

function objectMutation(schema: Schema, base: Record<string, unknown>): fc.Arbitrary<{ kind: string; raw: string }> {
  const props = Object.entries(schema.properties ?? {});
  const choices: Array<fc.Arbitrary<{ kind: string; raw: string }>> = [];
  const set = (key: string, value: unknown) => JSON.stringify({ ...base, [key]: value });
  const typed = props.filter(([, s]) => typesOf(s).length > 0);
  if (typed.length) {
    choices.push(
      fc.constantFrom(...typed).chain(([key, s]) => wrongTypeFor(s).map((v) => ({ kind: `wrong type for ${key}`, raw: set(key, v) }))),
    );
  }
  const moneyProps = props.filter(([, s]) => s.pattern === YUAN_SCHEMA_PATTERN);
  if (moneyProps.length) {
    choices.push(fc.tuple(fc.constantFrom(...moneyProps.map(([k]) => k)), money).map(([key, v]) => ({ kind: `bad amount ${key}`, raw: set(key, v) })));
  }
  const dateProps = props.filter(([, s]) => s.format === 'date');
  if (dateProps.length) {
    choices.push(fc.tuple(fc.constantFrom(...dateProps.map(([k]) => k)), fc.constantFrom(...BAD_DATES)).map(([key, v]) => ({ kind: `bad date ${key}`, raw: set(key, v) })));
  }
  const stringProps = props.map(([k, s]) => [k, badStringFor(s)] as const).filter((p): p is [string, fc.Arbitrary<string>] => p[1] !== null);
  if (stringProps.length) {
    choices.push(fc.constantFrom(...stringProps).chain(([key, arb]) => arb.map((v) => ({ kind: `bad string ${key}`, raw: set(key, v) }))));
  }
  const required = (schema.required ?? []).filter((k) => k in base);
  if (required.length) {
    choices.push(
      fc.subarray(required, { minLength: 1 }).map((keys) => {
        const copy = { ...base };
        for (const k of keys) delete copy[k];
        return { kind: `missing ${keys.join(',')}`, raw: JSON.stringify(copy) };
      }),
    );
  }
  const extraKeys = HOSTILE_KEYS.filter((k) => !(k in (schema.properties ?? {})));
  if (schema.additionalProperties === false && extraKeys.length) {
    // Raw JSON, so "__proto__" arrives as an own key exactly as an attacker would send it.
    choices.push(
      fc.tuple(fc.constantFrom(...extraKeys), fc.oneof(fc.constant({ isAdmin: true, role: 'admin' }), fc.string(), fc.constant(null))).map(([key, v]) => ({
        kind: `extra key ${key}`,
        raw: `{${JSON.stringify(key)}:${JSON.stringify(v)},${JSON.stringify(base).slice(1)}`,
      })),
    );
  }
  return fc.oneof(...choices);
}

/** Hostile requests for one route, each of which its schema (or the parser) must refuse. */
function hostileRequests(route: RouteSpec, path: string, base: unknown): fc.Arbitrary<HostileRequest> | null {
  const schema = (route.body ?? {}) as Schema;
  const json = (kind: string, raw: string, p = path): HostileRequest => ({ kind, path: p, contentType: 'application/json', body: raw });
  const params = path.match(/\/(PHX|1)(?=\/|$)/g) ?? [];
  const choices: Array<fc.Arbitrary<HostileRequest>> = [];
  if (params.length) {
    const hostilePath = fc.oneof(
      fc.constantFrom(...BAD_IDS).map((bad) => route.path.replace(/\{code\}/g, 'PHX').replace(/\{[a-z]+\}/g, bad)),
      fc.constantFrom(...BAD_CODES).map((bad) => route.path.replace(/\{code\}/g, bad).replace(/\{[a-z]+\}/g, '1')),
    ).filter((p) => p !== path);
    choices.push(hostilePath.map((p) => json('hostile path parameter', JSON.stringify(base ?? {}), p)));
  }
  if (route.body) {
    const raw = JSON.stringify(base);
    choices.push(fc.integer({ min: 0, max: raw.length - 1 }).map((n) => json('truncated JSON', raw.slice(0, n))));
    choices.push(
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'text/html')
        .map((contentType) => ({ kind: `content type ${contentType}`, path, contentType, body: raw })),
    );
    choices.push(fc.constantFrom('null', '"x"', '1', 'true', '{"a":1', '[', '{"__proto__":', '\u0000', '{}{}').map((b) => json('not a JSON document', b)));
    choices.push(fc.integer({ min: 1000, max: 20_000 }).map((d) => json('deep nesting', '['.repeat(d) + ']'.repeat(d))));
    if (typesOf(schema).includes('object')) {
      choices.push(objectMutation(schema, base as Record<string, unknown>).map(({ kind, raw: r }) => json(kind, r)));
      // Issue 22: a duplicate key took the last value ("amount":"0.01","amount":"5000.00" booked 5000.00).
      const keys = Object.keys((base ?? {}) as object);
      if (keys.length > 0) {
        choices.push(
          fc.tuple(fc.constantFrom(...keys), fc.jsonValue()).map(([key, value]) => json(`duplicate key ${key}`, `${raw.slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value ?? null)}}`)),
        );
      }
      // Issue 22: invalid UTF-8 was stored as U+FFFD.
      choices.push(
        fc.constantFrom([0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]).map((bytes) => {
          const at = raw.indexOf('"', 2) + 1 || 1;
          return { kind: 'invalid UTF-8', path, contentType: 'application/json', body: Buffer.concat([Buffer.from(raw.slice(0, at)), Buffer.from(bytes), Buffer.from(raw.slice(at))]) };
        }),
      );
      choices.push(fc.constantFrom('[]', '[{}]', JSON.stringify([base])).map((b) => json('an array for an object', b)));
    } else if (typesOf(schema).includes('array')) {
      const items = base as unknown[];
      choices.push(fc.constant(json('empty array', '[]')));
      choices.push(fc.constantFrom('{}', JSON.stringify({ items })).map((b) => json('an object for an array', b)));
      choices.push(fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { minLength: 1, maxLength: 5 }).map((a) => json('items of the wrong type', JSON.stringify(a))));
      const itemSchema = schema.items ?? {};
      if (itemSchema.properties) {
        choices.push(
          objectMutation(itemSchema, items[0] as Record<string, unknown>).map(({ kind, raw: r }) => json(`item: ${kind}`, `[${r},${JSON.stringify(items.slice(1)).slice(1)}`.replace(/,\]$/, ']'))),
        );
      }
    }
  }
  // A route with neither a body nor path parameters takes no input to make hostile.
  return choices.length ? fc.oneof(...choices) : null;
}

describe(`hostile input on every write route (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let api: TestApi;
  const tally = { tried: 0, serverErrors: 0, refused: 0 };

  before(async () => {
    api = await testApi();
    await fundedScenario(api);
  });
  after(async () => {
    console.log(`      hostile input (${TEST_DIALECT}): ${tally.tried} malformed requests tried, ${tally.refused} refused with problem+json, ${tally.serverErrors} answered 5xx`);
    await api.dispose();
  });

  async function snapshot() {
    const tables =
      TEST_DIALECT === 'pg'
        ? (await api.db.writer.raw('SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()')).rows
        : await api.db.writer('sqlite_master').where({ type: 'table' }).select('name');
    const counts: Record<string, number> = {};
    for (const { name } of tables as Array<{ name: string }>) {
      counts[name] = Number((await api.db.writer(name).count({ n: '*' }).first())?.n);
    }
    const head = await api.db.writer('ledger_head').first();
    const balances = await api.as('viewer').get('/ledger/trial-balance');
    return { counts, head: { id: String(head?.last_entry_id), hash: head?.last_hash }, balances: balances.body };
  }

  const baseBodies = (rules: unknown): Record<string, unknown> => ({
    createProgramme: { code: 'YH-NEW', name: '新计划', governmentCapitalTarget: '1000.00', socialCapitalTarget: '2000.00' },
    createFund: { code: 'NEWF', name: '新基金', kind: 'fund', programme: 'YH-GIF', targetSize: '1000000.00', inceptionDate: '2019-01-01' },
    updateFund: { targetSize: '2500000000.00' },
    createInvestor: { code: 'NEW-INV', name: '新出资人', category: 'private', capitalClass: 'social' },
    createCommitment: { investor: 'PRIV-A', amount: '1000.00', date: '2019-02-01' },
    createCapitalCall: { amount: '1000.00', date: '2019-02-01', dueDate: '2019-03-01' },
    createPayment: { investor: 'YH-GOV', amount: '1000.00', date: '2019-02-01' },
    createInvestment: { company: { stockCode: '600001.SH', name: '示例' }, instrument: 'equity', amount: '1000.00', date: '2019-02-01', screeningId: 1, shares: 100, acquisitionMode: 'block_trade' },
    createExit: { kind: 'sale', proceeds: '1000.00', cost: '1000.00', date: '2019-02-01' },
    createValuation: { fairValue: '1000.00', date: '2019-02-01' },
    // No investment 1 in this scenario: even a mutation that keeps the shape valid is refused (NOT_FOUND).
    createObligation: { kind: 'buyback', counterparty: '控股股东', dueDate: '2020-01-01', amount: '1000.00', terms: '回购条款' },
    createDistribution: { amount: '1000.00', date: '2019-02-01' },
    createExpense: { amount: '1000.00', date: '2019-02-01', kind: 'management_fee', memo: '管理费' },
    // PHX has no terms: even a mutation that keeps the shape valid is refused (NO_FUND_TERMS).
    createManagementFee: { period: '2019Q1', date: '2019-03-31' },
    chargeLateInterest: { investor: 'YH-GOV', date: '2019-02-01' },
    // PHX owes nobody: a well-shaped payment is refused (PAYMENT_EXCEEDS_PAYABLE).
    createFeePayment: { manager: 'YH-GOV', amount: '1000.00', date: '2019-02-01' },
    createEqualisationInterestPayment: { investor: 'YH-GOV', amount: '1000.00', date: '2019-02-01' },
    reverseJournalEntry: { reason: 'entered twice' },
    createRuleset: { rules, note: 'hostile' },
    createScreening: { applicant: eligibleApplicant(), screenedOn: '2019-02-01' },
    screenBatch: [eligibleApplicant(), eligibleApplicant({ stockCode: '600002.SH' })],
    recordMarketPrices: [{ stockCode: '600001.SH', date: '2019-02-01', close: '10.00' }, { stockCode: '600002.SH', date: '2019-02-01', close: '9.00' }],
    createToken: { role: 'viewer', name: 'hostile' },
    // PHX is not of category manager, so even a mutation that keeps the shape valid is refused.
    setFundTerms: {
      effectiveFrom: '2019-01-01',
      manager: 'PHX',
      investmentPeriodEnd: '2023-12-31',
      managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100', exempt: ['PHX'] },
      hurdleRate: '0.0800',
      catchUp: '1.00',
      carry: '0.20',
      equalisationRate: '0.0600',
    },
  });

  it('answers every malformed request with a 4xx problem+json and changes nothing', async () => {
    const before = await snapshot();
    const rules = (await api.as('viewer').get('/rulesets/current')).body.rules;
    const bases = baseBodies(rules);
    const config = loadConfig({ PHOENIX_DB: ':memory:' });
    const routes = apiRoutes({ db: api.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: async () => null, version: 't', pdf: api.pdf });
    const writes = routes.filter((r) => r.method !== 'get' && r.access !== 'public');
    expect(writes.length).to.be.at.least(19);
    const failures: string[] = [];
    for (const route of writes) {
      const role = route.access === 'public' || route.access.includes('admin') ? 'admin' : route.access[0];
      const path = route.path.replace(/\{code\}/g, 'PHX').replace(/\{[a-z]+\}/g, '1');
      const base = route.body ? (bases[route.operationId] ?? {}) : undefined;
      const hostileInput = hostileRequests(route, path, base);
      if (!hostileInput) continue;
      await fc.assert(
        fc.asyncProperty(hostileInput, async (hostile) => {
          let req = request(api.app)[route.method](`/api/v1${hostile.path}`).set('Authorization', `Bearer ${api.tokens[role]}`);
          // Raw bytes as built (superagent would serialise a Buffer as JSON).
          if (hostile.body !== undefined) req = req.set('Content-Type', hostile.contentType).serialize((b: unknown) => b as string).send(hostile.body as string);
          const res = await req;
          tally.tried += 1;
          if (res.status >= 500) tally.serverErrors += 1;
          const where = `${route.method.toUpperCase()} ${hostile.path} [${hostile.kind}] → ${res.status} ${res.text.slice(0, 200)}`;
          const isProblem = String(res.headers['content-type']).startsWith('application/problem+json') && typeof res.body?.code === 'string';
          if (res.status < 400 || res.status >= 500 || !isProblem) {
            failures.push(where);
            return false;
          }
          tally.refused += 1;
          return true;
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      ).catch((error: Error) => {
        failures.push(error.message.split('\n').slice(0, 3).join('\n').slice(0, 600));
      });
    }
    expect(failures, failures.join('\n\n')).to.deep.equal([]);
    expect(tally.serverErrors).to.equal(0);
    expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    expect(({} as Record<string, unknown>).role).to.equal(undefined);
    const afterwards = await snapshot();
    expect(afterwards.head).to.deep.equal(before.head);
    expect(afterwards.balances).to.deep.equal(before.balances);
    expect(afterwards.counts).to.deep.equal(before.counts);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });
});
