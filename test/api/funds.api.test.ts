import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario, seedReference } from '../helpers/fund-scenario';

describe(`funds, investors and the capital lifecycle (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(() => api.dispose());

  describe('the reference seed', () => {
    beforeEach(() => seedReference(api));

    it('holds the article’s programme, member funds and planned sub-funds, with no transactions', async () => {
      const programmes = await api.as('viewer').get('/programmes');
      expect(programmes.body.programmes).to.deep.equal([
        { code: 'YH-GIF', name: '余杭区政府产业基金 (Yuhang government industry funds)', governmentCapitalTarget: '6000000000.00', socialCapitalTarget: '24800000000.00' },
      ]);
      const funds = (await api.as('viewer').get('/funds')).body.funds as Array<Record<string, unknown>>;
      expect(funds.map((f) => [f.code, f.kind, f.type, f.parent, f.status, f.targetSize])).to.deep.equal([
        ['PHX', 'fund', null, null, 'active', '2000000000.00'],
        ['PHX-MA', 'subfund', 'ma', 'PHX', 'planned', null],
        ['PHX-RELIEF', 'subfund', 'relief', 'PHX', 'planned', null],
        ['YH-IF', 'fund', null, null, 'active', '2000000000.00'],
        ['YH-TUF', 'fund', null, null, 'active', '2000000000.00'],
      ]);
      expect(funds.find((f) => f.code === 'PHX')?.name).to.equal('余杭上市公司稳健发展基金（凤凰基金）');
      expect((await api.as('viewer').get('/journal')).body.entries).to.deep.equal([]);
      const phxInvestor = await api.as('viewer').get('/investors/PHX');
      expect(phxInvestor.body).to.include({ code: 'PHX', category: 'fund', capitalClass: 'government', fund: 'PHX' });
    });

    it('a planned sub-fund refuses commitments until a fund manager sets its size and activates it', async () => {
      await api.as('fund_manager').post('/investors', { code: 'BANK-A', name: 'bank', category: 'financial_institution', capitalClass: 'social' });
      const refused = expectProblem(
        await api.as('fund_manager').post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '1.00', date: '2019-01-01' }),
        422,
        'FUND_NOT_ACTIVE',
      );
      expect(refused.detail).to.contain('planned');
      const sized = await api.as('fund_manager').patch('/funds/PHX-RELIEF', { targetSize: '500000000.00' });
      expect(sized.status).to.equal(200);
      expect(sized.body, 'a size alone does not activate').to.include({ status: 'planned', targetSize: '500000000.00' });
      expectProblem(
        await api.as('fund_manager').post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '1.00', date: '2019-01-01' }),
        422,
        'FUND_NOT_ACTIVE',
      );
      const patched = await api.as('fund_manager').patch('/funds/PHX-RELIEF', { status: 'active' });
      expect(patched.status).to.equal(200);
      expect(patched.body).to.include({ status: 'active', targetSize: '500000000.00' });
      const ok = await api.as('fund_manager').post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '1.00', date: '2019-01-01' });
      expect(ok.status).to.equal(201);
      expect(ok.body).to.include({ fund: 'PHX-RELIEF', investor: 'BANK-A', amount: '1.00', date: '2019-01-01' });
      expect(ok.body.entryId).to.be.a('number');
    });

    it('PATCH sets the inception date, but never after the fund\'s first entry', async () => {
      const m = api.as('fund_manager');
      const patched = await m.patch('/funds/PHX-MA', { inceptionDate: '2019-03-01', targetSize: '1000000000.00', status: 'active' });
      expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
      expect(patched.body).to.include({ inceptionDate: '2019-03-01', status: 'active' });
      expect((await api.as('viewer').get('/funds/PHX-MA')).body.inceptionDate).to.equal('2019-03-01');
      expectProblem(await m.post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '1.00', date: '2019-02-28' }), 422, 'DATE_BEFORE_INCEPTION');
      expect((await m.post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '1.00', date: '2019-03-02' })).status).to.equal(201);
      const late = expectProblem(await m.patch('/funds/PHX-MA', { inceptionDate: '2019-04-01' }), 422, 'DATE_BEFORE_INCEPTION');
      expect(late.detail).to.equal('fund PHX-MA has entries dated from 2019-03-02; its inception cannot be 2019-04-01');
      expect((await api.as('viewer').get('/funds/PHX-MA')).body.inceptionDate).to.equal('2019-03-01');
      expectProblem(await m.patch('/funds/PHX-MA', { inceptionDate: '2019-13-01' }), 400, 'VALIDATION_FAILED');
    });

    it('leverage of the seed plus scripted commitments matches hand-computed values', async () => {
      const m = api.as('fund_manager');
      await m.post('/investors', { code: 'YH-GOV', name: 'g', category: 'government_fund', capitalClass: 'government' });
      await m.post('/investors', { code: 'BANK-A', name: 'b', category: 'financial_institution', capitalClass: 'social' });
      await m.post('/investors', { code: 'PRIV-A', name: 'p', category: 'private', capitalClass: 'social' });
      for (const fund of ['PHX', 'YH-IF', 'YH-TUF']) {
        expect((await m.post(`/funds/${fund}/commitments`, { investor: 'YH-GOV', amount: '2000000000.00', date: '2019-01-02' })).status).to.equal(201);
      }
      // The government-share cap is an admin's to set.
      await api.as('admin').patch('/funds/PHX-MA', { targetSize: '2400000000.00', status: 'active', policy: { maxGovernmentShare: '0.50' } });
      await m.post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '600000000.00', date: '2019-01-03' });
      await m.post('/funds/PHX-MA/commitments', { investor: 'BANK-A', amount: '1200000000.00', date: '2019-01-03' });
      await m.post('/funds/PHX-MA/commitments', { investor: 'PRIV-A', amount: '600000000.00', date: '2019-01-03' });
      const res = await api.as('viewer').get('/programmes/YH-GIF/leverage');
      expect(res.status).to.equal(200);
      // G = 3 × 2bn = 6bn; S = 1.2bn + 0.6bn = 1.8bn (PHX's 0.6bn is internal); S/G = 0.3; (G+S)/G = 1.3;
      // S / 24.8bn = 0.072580…; PHX-MA multiplier = 2.4bn / 0.6bn = 4.
      expect(res.body).to.include({
        governmentCommitted: '6000000000.00',
        socialCommitted: '1800000000.00',
        socialLeverage: '0.3000',
        totalLeverage: '1.3000',
        socialTargetProgress: '0.0726',
        governmentTargetProgress: '1.0000',
        targetSocialLeverage: '4.1333',
        governmentCapitalTarget: '6000000000.00',
        socialCapitalTarget: '24800000000.00',
      });
      expect(res.body.subfunds).to.deep.equal([
        {
          fund: 'PHX-MA',
          parent: 'PHX',
          totalCommitted: '2400000000.00',
          parentCommitted: '600000000.00',
          governmentDirectCommitted: '0.00',
          governmentSideCommitted: '600000000.00',
          multiplier: '4.0000',
        },
      ]);
      expect(res.body.definitions.socialCommitted).to.match(/excluded/);
    });
  });

  describe('a funded scenario', () => {
    beforeEach(() => fundedScenario(api));

    it('a historical call is judged as of the date read, counting only payments dated by then', async () => {
      const m = api.as('fund_manager');
      const created = await m.post('/funds/PHX/capital-calls', { amount: '1000.00', date: '2019-02-01', dueDate: '2019-02-15' });
      expect(created.status).to.equal(201);
      expect(created.body.status, 'not late on the day it is made').to.equal('open');
      const statusOn = async (asOf: string) => (await api.as('viewer').get(`/capital-calls/${created.body.id}?asOf=${asOf}`).expect(200)).body.status;
      const listedOn = async (asOf: string) =>
        (await api.as('viewer').get(`/funds/PHX/capital-calls?asOf=${asOf}`).expect(200)).body.capitalCalls.find((c: { id: number }) => c.id === created.body.id).status;
      expect(await statusOn('2019-02-10')).to.equal('open');
      expect(await statusOn('2019-02-16')).to.equal('late');
      const allocations = created.body.allocations as Array<{ investor: string; amount: string }>;
      await m.post(`/capital-calls/${created.body.id}/payments`, { investor: allocations[0].investor, amount: allocations[0].amount, date: '2019-02-12' }).expect(201);
      expect(await statusOn('2019-02-11')).to.equal('open');
      expect(await statusOn('2019-02-13')).to.equal('partial');
      expect(await listedOn('2019-02-20')).to.equal('late');
      await m.post(`/capital-calls/${created.body.id}/payments`, { investor: allocations[1].investor, amount: allocations[1].amount, date: '2019-02-25' }).expect(201);
      expect(await statusOn('2019-02-24')).to.equal('late');
      expect(await statusOn('2019-02-25')).to.equal('paid');
      expect((await api.as('viewer').get(`/capital-calls/${created.body.id}`).expect(200)).body).to.include({ status: 'paid', paid: '1000.00' });
      expectProblem(await api.as('viewer').get(`/capital-calls/${created.body.id}?asOf=yesterday`), 400, 'VALIDATION_FAILED');
    });

    it('splits a call pro rata to the fen and shows paid-in, unfunded and cash', async () => {
      const phx = await api.as('viewer').get('/funds/PHX');
      expect(phx.body).to.include({
        committed: '2000000000.00',
        called: '300000000.01',
        paidIn: '300000000.01',
        unfunded: '1699999999.99',
        receivable: '0.00',
        cash: '300000000.01',
        nav: '300000000.01',
      });
      const calls = await api.as('viewer').get('/funds/PHX/capital-calls');
      expect(calls.body.capitalCalls[0]).to.include({ status: 'paid', paid: '300000000.01' });
      expect(calls.body.capitalCalls[0].allocations).to.deep.equal([
        { investor: 'SOE-A', amount: '120000000.00', paid: '120000000.00' },
        { investor: 'YH-GOV', amount: '180000000.01', paid: '180000000.01' },
      ]);
    });

    it('a payment above what was called from that investor is refused with the figures, and writes nothing', async () => {
      const m = api.as('fund_manager');
      const callRes = await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' });
      expect(callRes.body.allocations).to.deep.equal([
        { investor: 'BANK-A', amount: '40000000.00' },
        { investor: 'PHX', amount: '25000000.00' },
        { investor: 'PRIV-A', amount: '15000000.00' },
        { investor: 'SEC-A', amount: '20000000.00' },
      ]);
      const before = (await api.as('viewer').get('/journal?limit=1000')).body.entries.length;
      const refused = expectProblem(await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: 'BANK-A', amount: '40000000.01', date: '2019-02-10' }), 422, 'PAYMENT_EXCEEDS_CALLED');
      expect(refused.detail).to.contain('40,000,000.00').and.contain('40,000,000.01');
      expectProblem(await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: 'YH-GOV', amount: '1.00', date: '2019-02-10' }), 422, 'PAYMENT_EXCEEDS_CALLED');
      expectProblem(await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: 'NOBODY', amount: '1.00', date: '2019-02-10' }), 404, 'NOT_FOUND');
      expect((await api.as('viewer').get('/journal?limit=1000')).body.entries.length).to.equal(before);
    });

    it('Phoenix paying into its relief sub-fund moves cash out of its own books; both funds balance', async () => {
      const m = api.as('fund_manager');
      const callRes = await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' });
      const paid = await m.post(`/capital-calls/${callRes.body.id}/payments`, { investor: 'PHX', amount: '25000000.00', date: '2019-02-10' });
      expect(paid.status).to.equal(201);
      const [phx, relief] = await Promise.all([api.as('viewer').get('/funds/PHX'), api.as('viewer').get('/funds/PHX-RELIEF')]);
      expect(phx.body).to.include({ cash: '275000000.01', invested: '25000000.00', nav: '300000000.01' });
      expect(relief.body).to.include({ cash: '25000000.00', paidIn: '25000000.00', receivable: '75000000.00', called: '100000000.00' });
      const entry = await api.as('viewer').get(`/journal/${paid.body.entryId}`);
      expect(new Set(entry.body.lines.map((l: { fund: string }) => l.fund))).to.deep.equal(new Set(['PHX', 'PHX-RELIEF']));
      expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });

    it('refuses commitments above the target size with the figures that bind', async () => {
      const refused = expectProblem(
        await api.as('fund_manager').post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '0.01', date: '2019-02-01' }),
        422,
        'COMMITMENT_EXCEEDS_TARGET',
      );
      expect(refused).to.include({ targetSize: '1000000000.00', committed: '1000000000.00', asked: '0.01' });
    });

    it('refuses a call above unfunded commitment, a date before inception, and unknown codes', async () => {
      const m = api.as('fund_manager');
      expectProblem(await m.post('/funds/PHX/capital-calls', { amount: '1700000000.00', date: '2019-02-01', dueDate: '2019-03-01' }), 422, 'CALL_EXCEEDS_UNFUNDED');
      expectProblem(await m.post('/funds/PHX/expenses', { amount: '1.00', date: '2018-11-30', kind: 'management_fee' }), 422, 'DATE_BEFORE_INCEPTION');
      expectProblem(await m.post('/funds/NOPE/expenses', { amount: '1.00', date: '2019-02-01', kind: 'management_fee' }), 404, 'NOT_FOUND');
      expectProblem(await m.post('/funds/PHX/commitments', { investor: 'NOPE', amount: '1.00', date: '2019-02-01' }), 404, 'NOT_FOUND');
      expectProblem(await m.post('/capital-calls/999/payments', { investor: 'SOE-A', amount: '1.00', date: '2019-02-01' }), 404, 'NOT_FOUND');
    });

    it('refuses expenses and distributions beyond cash, naming cash and the ask', async () => {
      const refused = expectProblem(
        await api.as('fund_manager').post('/funds/PHX/expenses', { amount: '300000000.02', date: '2019-02-01', kind: 'management_fee' }),
        422,
        'INSUFFICIENT_CASH',
      );
      expect(refused.detail).to.equal('fund PHX has cash 300,000,000.01, asked 300,000,000.02');
      expectProblem(await api.as('fund_manager').post('/funds/PHX/distributions', { amount: '300000000.02', date: '2019-02-01' }), 422, 'INSUFFICIENT_CASH');
    });

    it('government-class commitments above 30% of a sub-fund need an admin override, kept in the audit log', async () => {
      await api.as('fund_manager').patch('/funds/PHX-MA', { targetSize: '1000000000.00', status: 'active' });
      expectProblem(await api.as('fund_manager').post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '300000000.01', date: '2019-02-01' }), 422, 'GOVERNMENT_SHARE_LIMIT');
      expectProblem(
        await api.as('fund_manager').post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '300000000.01', date: '2019-02-01', override: { reason: 'district board resolution 2019-3' } }),
        403,
        'FORBIDDEN',
      );
      const ok = await api.as('admin').post('/funds/PHX-MA/commitments', { investor: 'PHX', amount: '300000000.01', date: '2019-02-01', override: { reason: 'district board resolution 2019-3' } });
      expect(ok.status).to.equal(201);
      const entry = await api.as('viewer').get(`/journal/${ok.body.entryId}`);
      expect(entry.body.metadata).to.include({ override: 'district board resolution 2019-3' });
      const audit = await api.db.writer('audit_log').where({ action: 'commitment.create', actor: 'test-admin' });
      expect(JSON.parse(audit[0].detail)).to.include({ override: 'district board resolution 2019-3' });
    });

    it('reversing a commitment already called is refused; reversing an uncalled one restores the figures', async () => {
      const commitments = (await api.as('viewer').get('/funds/PHX/commitments')).body.commitments;
      expectProblem(await api.as('fund_manager').post(`/journal/${commitments[0].entryId}/reversal`, { reason: 'wrong investor' }), 422, 'REVERSAL_NOT_ALLOWED');
      const relief = (await api.as('viewer').get('/funds/PHX-RELIEF/commitments')).body.commitments;
      const priv = relief.find((c: { investor: string }) => c.investor === 'PRIV-A');
      const reversed = await api.as('fund_manager').post(`/journal/${priv.entryId}/reversal`, { reason: 'signed for the M&A fund instead' });
      expect(reversed.status).to.equal(201);
      expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ committed: '850000000.00', unfunded: '850000000.00' });
      const after = (await api.as('viewer').get('/funds/PHX-RELIEF/commitments')).body.commitments;
      expect(after.find((c: { investor: string }) => c.investor === 'PRIV-A').reversed).to.equal(true);
    });

    it('never overdraws cash when many expenses race for it', async () => {
      const m = api.as('fund_manager');
      // PHX cash is 300,000,000.01; 40 concurrent expenses of 10,000,000.00 can take at most 30 of them.
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => m.post('/funds/PHX/expenses', { amount: '10000000.00', date: '2019-03-01', kind: 'other', memo: `race ${i}` })),
      );
      const created = results.filter((r) => r.status === 201).length;
      const refused = results.filter((r) => r.status === 422 && r.body.code === 'INSUFFICIENT_CASH').length;
      expect(created).to.equal(30);
      expect(refused).to.equal(10);
      expect((await api.as('viewer').get('/funds/PHX')).body.cash).to.equal('0.01');
      expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });

    it('lets only fund managers and admins write, and everyone read', async () => {
      for (const role of ['viewer', 'risk_officer'] as const) {
        expectProblem(await api.as(role).post('/funds/PHX/expenses', { amount: '1.00', date: '2019-02-01', kind: 'other' }), 403, 'FORBIDDEN');
        expect((await api.as(role).get('/funds/PHX')).status).to.equal(200);
      }
      expect((await api.as('admin').post('/funds/PHX/expenses', { amount: '1.00', date: '2019-02-01', kind: 'other' })).status).to.equal(201);
    });

    it('refuses malformed event bodies with the failing fields, writing nothing', async () => {
      const m = api.as('fund_manager');
      const cases: Array<[object, string]> = [
        [{ amount: '1.005', date: '2019-02-01', kind: 'other' }, 'amount'],
        [{ amount: 1, date: '2019-02-01', kind: 'other' }, 'amount'],
        [{ amount: '1e3', date: '2019-02-01', kind: 'other' }, 'amount'],
        [{ amount: '-1.00', date: '2019-02-01', kind: 'other' }, 'amount'],
        [{ amount: '0.00', date: '2019-02-01', kind: 'other' }, 'amount'],
        [{ amount: '1.00', date: '2019-02-30', kind: 'other' }, 'date'],
        [{ amount: '1.00', date: '2019-02-01', kind: 'Other Fee' }, 'kind'],
        [{ amount: '1.00', date: '2019-02-01', kind: 'other', surprise: true }, 'surprise'],
      ];
      for (const [body, field] of cases) {
        const problem = expectProblem(await m.post('/funds/PHX/expenses', body), 400, 'VALIDATION_FAILED');
        expect((problem.errors as Array<{ field: string }>).map((e) => e.field), JSON.stringify(body)).to.include(field);
      }
      expect((await api.as('viewer').get('/funds/PHX/expenses')).body.expenses).to.deep.equal([]);
    });
  });
});
