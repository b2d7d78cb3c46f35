import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { eligibleApplicant, tranche } from '../helpers/applicant-builders';
import { DEFAULT_RULESET } from '../../src/domain/screening/ruleset';

const count = async (api: TestApi, table: string) => Number((await api.db.writer(table).count({ n: '*' }).first())!.n);

describe(`screening API (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date('2019-07-01T02:00:00Z') } });
  });
  afterEach(() => api.dispose());

  describe('POST /screenings', () => {
    it('stores an eligible screening with every criterion, the pledge figures and the rule set version', async () => {
      const res = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() });
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ decision: 'eligible', route: null, rulesetVersion: 1, screenedOn: '2019-07-01', stockCode: '600001.SH' });
      expect(res.body.criteria).to.have.length(10);
      expect(res.body.criteria[0]).to.have.keys('id', 'outcome', 'reason');
      expect(res.body.criteria[0].reason).to.have.keys('zh', 'en');
      expect(res.body.pledgeRisk).to.include({ level: 'normal', enhancedReview: false, shareholderPledgeRatio: '0.4000', companyPledgeRatio: '0.2000', reliefQuota: '0.00' });
      expect(res.body.pledgeRisk.tranches[0]).to.include({ coverage: '3.2000', warningPrice: '5.0000', liquidationPrice: '4.3750', buffer: '1.2857' });
      const stored = await api.as('viewer').get(`/screenings/${res.body.id}`);
      expect(stored.status).to.equal(200);
      expect(stored.body.applicant).to.deep.equal(eligibleApplicant());
      expect(stored.body.criteria).to.deep.equal(res.body.criteria);
      const audit = await api.db.writer('audit_log').where({ action: 'screening.create' });
      expect(audit).to.have.length(1);
      expect(audit[0]).to.include({ actor: 'test-risk_officer', target: `screenings/${res.body.id}` });
    });

    it('screens an applicant listed outside the A-share exchanges and fails it on listed', async () => {
      const res = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ stockCode: '09999.HK', exchange: 'other' }) });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ decision: 'ineligible', stockCode: '09999.HK' });
      const listed = res.body.criteria.find((c: { id: string }) => c.id === 'listed');
      expect(listed.outcome).to.equal('fail');
      expect(listed.reason.en).to.match(/exchange other is not one of SSE, SZSE, BSE/);
      expect((await api.as('viewer').get('/screenings?stockCode=09999.HK')).status).to.equal(200);
    });

    it('recommends relief at elevated risk and records a needs_review for absent data', async () => {
      const relief = await api.as('admin').post('/screenings', {
        applicant: eligibleApplicant({ pledgedSharesTotal: 500_000_000 }),
        screenedOn: '2019-06-28',
      });
      expect(relief.body).to.include({ decision: 'eligible', route: 'relief', screenedOn: '2019-06-28' });
      const sparse = await api.as('admin').post('/screenings', { applicant: { stockCode: '300001.SZ', name: '数据不全' } });
      expect(sparse.status).to.equal(201);
      expect(sparse.body.decision).to.equal('needs_review');
      expect(sparse.body.criteria.every((c: { outcome: string }) => c.outcome === 'review')).to.equal(true);
    });

    const BAD: Array<[string, unknown, string]> = [
      ['a share count of the wrong type', { applicant: eligibleApplicant({ totalShares: '1000' as unknown as number }) }, 'applicant.totalShares'],
      ['a negative share count', { applicant: eligibleApplicant({ pledgedSharesTotal: -1 }) }, 'applicant.pledgedSharesTotal'],
      [
        'pledged shares above shares held',
        { applicant: eligibleApplicant({ controllingShareholder: { sharesHeld: 100, sharesPledged: 200 } }) },
        'applicant.controllingShareholder.sharesPledged',
      ],
      ['a price that is not a decimal', { applicant: eligibleApplicant({ sharePrice: '12.3.4' }) }, 'applicant.sharePrice'],
      ['a price given as a JSON number', { applicant: eligibleApplicant({ sharePrice: 12.5 as unknown as string }) }, 'applicant.sharePrice'],
      [
        'a liquidation line above the warning line',
        { applicant: eligibleApplicant({ pledges: [tranche({ warningLine: '1.40', liquidationLine: '1.60' })] }) },
        'applicant.pledges.0.liquidationLine',
      ],
      ['a stock code without its exchange', { applicant: eligibleApplicant({ stockCode: '600001' }) }, 'applicant.stockCode'],
      ['a stock code that is no code', { applicant: eligibleApplicant({ stockCode: '09999.hk; drop' }) }, 'applicant.stockCode'],
      ['an unknown field', { applicant: { ...eligibleApplicant(), rating: 5 } }, 'applicant.rating'],
      ['a screening date in the future', { applicant: eligibleApplicant(), screenedOn: '2019-07-02' }, 'screenedOn'],
      ['no applicant', { screenedOn: '2019-07-01' }, 'applicant'],
    ];
    for (const [label, body, field] of BAD) {
      it(`refuses ${label} with a 400 naming ${field}, storing nothing`, async () => {
        const problem = expectProblem(await api.as('risk_officer').post('/screenings', body as object), 400, 'VALIDATION_FAILED');
        expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).to.include(field);
        expect(await count(api, 'screenings')).to.equal(0);
        expect(await count(api, 'audit_log')).to.equal(0);
      });
    }

    it('a retry with the same Idempotency-Key returns the first screening and stores one', async () => {
      const headers = { 'Idempotency-Key': 'screen-600001-a' };
      const first = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() }, headers);
      const retry = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() }, headers);
      expect(retry.body).to.deep.equal(first.body);
      expect(retry.headers['idempotent-replayed']).to.equal('true');
      expect(await count(api, 'screenings')).to.equal(1);
    });
  });

  describe('access', () => {
    const WRITES: Array<[string, object]> = [
      ['/screenings', { applicant: eligibleApplicant() }],
      ['/screenings/batch', [eligibleApplicant()]],
      ['/rulesets', { rules: DEFAULT_RULESET }],
      ['/market-prices', [{ stockCode: '600001.SH', date: '2019-07-01', close: '9.00' }]],
    ];
    for (const [path, body] of WRITES) {
      it(`POST ${path}: 401 without a token, 403 for fund managers and viewers, nothing stored`, async () => {
        const { default: request } = await import('supertest');
        expectProblem(await request(api.app).post(`/api/v1${path}`).send(body), 401, 'UNAUTHENTICATED');
        expectProblem(await api.as('fund_manager').post(path, body), 403, 'FORBIDDEN');
        expectProblem(await api.as('viewer').post(path, body), 403, 'FORBIDDEN');
        expect(await count(api, 'screenings')).to.equal(0);
        expect(await count(api, 'rulesets')).to.equal(1);
        expect(await count(api, 'market_prices')).to.equal(0);
      });
    }

    it('every role reads screenings, rule sets and the watchlist', async () => {
      const created = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() });
      for (const role of ['admin', 'fund_manager', 'risk_officer', 'viewer'] as const) {
        expect((await api.as(role).get(`/screenings/${created.body.id}`)).status).to.equal(200);
        expect((await api.as(role).get('/screenings')).status).to.equal(200);
        expect((await api.as(role).get('/rulesets/current')).status).to.equal(200);
        expect((await api.as(role).get('/pledge-watchlist')).status).to.equal(200);
      }
    });
  });

  it('the OpenAPI document describes the screening routes with the schemas ajv validates with', async () => {
    const { default: request } = await import('supertest');
    const doc = (await request(api.app).get('/api/v1/openapi.json')).body;
    expect(doc.paths['/screenings/batch'].post.requestBody.content).to.have.keys('application/json', 'text/csv');
    expect(doc.paths['/rulesets'].post.requestBody.content['application/json'].schema.properties.rules.required).to.include('pledge');
    expect(doc.paths['/screenings'].post.requestBody.content['application/json'].schema.properties.applicant.properties).to.have.property('pledges');
    expect(doc.paths).to.include.keys('/rulesets/current', '/rulesets/{version}', '/screenings/{id}', '/market-prices', '/pledge-watchlist');
  });

  describe('GET /screenings', () => {
    it('filters by decision, stock code and current level, and pages with a cursor', async () => {
      await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() });
      await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ stockCode: '300001.SZ', exchange: 'SZSE', industrySection: 'K' }) });
      await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ stockCode: '830001.BJ', exchange: 'BSE', pledgedSharesTotal: 600_000_000 }) });
      const ineligible = await api.as('viewer').get('/screenings?decision=ineligible');
      expect(ineligible.body.screenings.map((s: { stockCode: string }) => s.stockCode)).to.deep.equal(['300001.SZ']);
      const byCode = await api.as('viewer').get('/screenings?stockCode=830001.BJ');
      expect(byCode.body.screenings).to.have.length(1);
      const elevated = await api.as('viewer').get('/screenings?level=elevated');
      expect(elevated.body.screenings.map((s: { stockCode: string }) => s.stockCode)).to.deep.equal(['830001.BJ']);
      const first = await api.as('viewer').get('/screenings?limit=2');
      expect(first.body.screenings).to.have.length(2);
      const rest = await api.as('viewer').get(`/screenings?limit=2&cursor=${first.body.nextCursor}`);
      expect(rest.body.screenings).to.have.length(1);
      expect(rest.body.nextCursor).to.equal(null);
      expectProblem(await api.as('viewer').get('/screenings?level=severe'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('viewer').get('/screenings/999'), 404, 'NOT_FOUND');
    });
  });

  describe('rule sets', () => {
    it('serves version 1 as the defaults of docs/domain.md and creates the next version', async () => {
      const current = await api.as('viewer').get('/rulesets/current');
      expect(current.body).to.include({ version: 1 });
      expect(current.body.rules).to.deep.equal(DEFAULT_RULESET);
      const stricter = { ...DEFAULT_RULESET, minMainBusinessShare: '0.95' };
      const created = await api.as('risk_officer').post('/rulesets', { rules: stricter, note: 'focus on pure players' });
      expect(created.status).to.equal(201);
      expect(created.body).to.include({ version: 2, createdBy: 'test-risk_officer', note: 'focus on pure players' });
      expect((await api.as('viewer').get('/rulesets/current')).body.version).to.equal(2);
      expect((await api.as('viewer').get('/rulesets/1')).body.rules).to.deep.equal(DEFAULT_RULESET);
      expectProblem(await api.as('viewer').get('/rulesets/9'), 404, 'NOT_FOUND');
    });

    const BAD_RULES: Array<[string, object, string]> = [
      ['a liquidation line above the warning line', { ...DEFAULT_RULESET, pledge: { ...DEFAULT_RULESET.pledge, defaultLiquidationLine: '1.70' } }, 'rules.pledge.defaultLiquidationLine'],
      ['a threshold given as a number', { ...DEFAULT_RULESET, minMainBusinessShare: 0.7 }, 'rules.minMainBusinessShare'],
      ['a rating outside 1–5', { ...DEFAULT_RULESET, minProspectsRating: 6 }, 'rules.minProspectsRating'],
      ['a missing parameter', { ...DEFAULT_RULESET, eligibleDistricts: undefined }, 'rules.eligibleDistricts'],
    ];
    for (const [label, rules, field] of BAD_RULES) {
      it(`refuses ${label} (400 naming ${field}) and keeps version 1 current`, async () => {
        const problem = expectProblem(await api.as('admin').post('/rulesets', { rules }), 400, 'VALIDATION_FAILED');
        expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).to.include(field);
        expect(await count(api, 'rulesets')).to.equal(1);
      });
    }

    it("a past screening's result never changes when the rule set changes", async () => {
      const before = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() });
      expect(before.body.decision).to.equal('eligible');
      await api.as('risk_officer').post('/rulesets', { rules: { ...DEFAULT_RULESET, minMainBusinessShare: '0.95', eligibleDistricts: ['330113'] } });
      const again = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant() });
      expect(again.body).to.include({ decision: 'ineligible', rulesetVersion: 2 });
      const past = await api.as('viewer').get(`/screenings/${before.body.id}`);
      expect(past.body).to.include({ decision: 'eligible', rulesetVersion: 1 });
      expect(past.body.criteria).to.deep.equal(before.body.criteria);
      expect(past.body.pledgeRisk).to.deep.equal(before.body.pledgeRisk);
    });
  });
});
