import { expect } from 'chai';
import pino from 'pino';
import { apiRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { AppDeps } from '../../../src/http/deps';
import { buildOpenApi } from '../../../src/http/openapi';
import { fieldErrors, validatorFor } from '../../../src/http/validation';

type Validator = typeof import('../../../src/dashboard/public/js/schema-validator.mjs');

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: object }> };
}

/** The request schemas of the published OpenAPI document, by operationId: what the page reads. */
function publishedSchemas(): Map<string, object> {
  const doc = buildOpenApi(apiRoutes({ config: loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent' }), logger: pino({ level: 'silent' }) } as unknown as AppDeps), 'test') as { paths: Record<string, Record<string, Operation>> };
  const schemas = new Map<string, object>();
  for (const methods of Object.values(doc.paths)) {
    for (const op of Object.values(methods)) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (schema) schemas.set(op.operationId, schema);
    }
  }
  return schemas;
}

describe('dashboard schema validator: the API’s request schemas, checked in the browser', () => {
  let v: Validator;
  let schemas: Map<string, object>;
  before(async () => {
    v = await import('../../../src/dashboard/public/js/schema-validator.mjs');
    schemas = publishedSchemas();
  });

  const FORM_OPERATIONS = [
    'createCommitment', 'createCapitalCall', 'createPayment', 'createInvestment', 'createExit', 'createValuation',
    'createDistribution', 'createExpense', 'createManagementFee', 'chargeLateInterest', 'reverseJournalEntry', 'createScreening',
    'createInvestee',
  ];

  it('covers every keyword of every request schema the forms use', () => {
    for (const id of FORM_OPERATIONS) {
      expect(schemas.has(id), id).to.equal(true);
      expect(v.unsupportedKeywords(schemas.get(id)!), id).to.deep.equal([]);
    }
  });

  it('names an unknown keyword, so a schema that outgrows the subset fails this test', () => {
    expect(v.unsupportedKeywords({ type: 'object', properties: { a: { oneOf: [] }, b: { type: 'string', format: 'email' } } })).to.deep.equal(['a.oneOf', 'b.format:email']);
  });

  // Bodies a person could type, good and bad; the browser must find the same fields the API does.
  const cases: Array<[string, unknown]> = [
    ['createCommitment', { investor: 'LP-A', amount: '1000.00', date: '2019-01-01' }],
    ['createCommitment', { investor: 'lp a', amount: '1000.001', date: '2019-02-30' }],
    ['createCommitment', {}],
    ['createCommitment', { investor: 'LP-A', amount: '1', date: '2019-01-01', extra: 1 }],
    ['createCommitment', { investor: 'LP-A', amount: '1', date: '2019-01-01', override: { reason: 'short' } }],
    ['createCommitment', { investor: 'LP-A', amount: '1', date: '2019-01-01', documents: [3, 5, 3] }],
    ['createCapitalCall', { amount: '-1', date: '2020-02-29', dueDate: '2019-02-29' }],
    ['createPayment', { investor: 'LP-A', amount: 100, date: '2019-01-01' }],
    ['createInvestment', { company: { stockCode: '600000.SH', name: '浦发' }, instrument: 'equity', amount: '1.00', date: '2019-01-01', shares: 100, screeningId: 3 }],
    ['createInvestment', { company: { stockCode: '600000', name: '' }, instrument: 'stock', amount: '1.00', date: '2019-01-01', shares: 0, screeningId: 1.5 }],
    ['createInvestment', { investee: 'ZJHOLD', instrument: 'pledge_refinancing', amount: '1.00', date: '2019-01-01', underlying: { stockCode: '600000.SH', pledgedShares: 100 }, rate: '0.06', maturityDate: '2020-01-01', warningLine: '1.60', liquidationLine: '1.40' }],
    ['createInvestment', { investee: 'zj', instrument: 'pledge_refinancing', amount: '1.00', date: '2019-01-01', underlying: { stockCode: '600000.SH' }, rate: '6%', warningLine: '1.600', couponRate: '1.5' }],
    ['createExit', { kind: 'sale', proceeds: '1.00', date: '2019-01-01', shares: -1 }],
    ['createExit', { kind: 'sale', proceeds: '1.00', date: '2019-01-01', channel: 'otc', obligation: 0 }],
    ['createValuation', { method: 'aap', inputs: { price: '12.30', volatility: '0.45', note: 'x'.repeat(201) } }],
    ['createValuation', { date: '2019-01-01', method: 'dcf' }],
    ['createInvestee', { code: 'zj', name: '', creditCode: '9133', kind: 'bank', stockCode: '600000', industrySection: 'Z' }],
    ['createValuation', { fairValue: '', date: '' }],
    ['createExpense', { amount: '1.00', date: '2019-01-01', kind: 'Audit Fee', memo: '' }],
    ['createManagementFee', { period: '2020Q5' }],
    ['chargeLateInterest', { investor: 'LP-A' }],
    ['reverseJournalEntry', { reason: '' }],
    ['reverseJournalEntry', {}],
    ['createDistribution', null],
  ];
  for (const [id, body] of cases) {
    it(`${id} ${JSON.stringify(body)}: the same failing fields and messages as the API`, () => {
      const schema = schemas.get(id)!;
      const server = validatorFor(schema);
      const expected = server(body) ? [] : fieldErrors(server.errors ?? [], 'body');
      const actual = v.validate(schema, body);
      const key = (e: { field: string; message: string }) => `${e.field}: ${e.message}`;
      expect(actual.map(key).sort()).to.deep.equal(expected.map(key).sort());
    });
  }

  it('the cases above exercise failures, not just valid bodies', () => {
    const failing = cases.filter(([id, body]) => !validatorFor(schemas.get(id)!)(body));
    expect(failing.length).to.be.greaterThan(cases.length - 4);
  });

  it('counts characters as code points, as JSON Schema does', () => {
    expect(v.validate({ type: 'string', maxLength: 2 }, '𠀀𠀀')).to.deep.equal([]);
    expect(v.validate({ type: 'string', maxLength: 1 }, '𠀀𠀀')).to.have.length(1);
  });
});
