import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

const TODAY = '2026-03-16';

/**
 * Issue 22 item 3: a fund manager lifted the fund's own limits with PATCH /funds/{code}, after
 * which a 90% government-class commitment refused a moment earlier was booked with no override.
 * Limits change only by an admin (by approval where the policy lists `policy`), versioned with
 * effective dates, audited, and never retroactive.
 */
describe(`a fund's limits: an admin's, versioned, never retroactive (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date(`${TODAY}T02:00:00Z`) }, env: { PHOENIX_APPROVALS: 'on' } });
    await fundedScenario(api);
    // Room for a government-class commitment above the 30% cap of the sub-fund.
    expect((await api.as('admin').patch('/funds/PHX-RELIEF', { targetSize: '10000000000.00' })).status).to.equal(200);
  });
  afterEach(() => api.dispose());

  const govCommitment = (date: string) => api.as('fund_manager').post('/funds/PHX-RELIEF/commitments', { investor: 'YH-GOV', amount: '8000000000.00', date });
  const versions = async () => (await api.as('viewer').get('/funds/PHX-RELIEF/policy')).body.versions as Array<Record<string, unknown>>;

  it('a fund manager may not lift the limits, nor resize an active fund, nor create a fund with its own limits: 403, nothing changed', async () => {
    expectProblem(await govCommitment('2019-06-01'), 422, 'GOVERNMENT_SHARE_LIMIT');
    const lift = await api.as('fund_manager').patch('/funds/PHX-RELIEF', { policy: { maxGovernmentShare: '1', maxCompanyShare: '1' } });
    expect(expectProblem(lift, 403, 'FORBIDDEN').detail).to.match(/only by an admin/);
    expectProblem(await api.as('fund_manager').patch('/funds/PHX-RELIEF', { targetSize: '90000000000.00' }), 403, 'FORBIDDEN');
    expectProblem(await api.as('fund_manager').put('/funds/PHX-RELIEF/policy', { maxGovernmentShare: '1', reason: 'lift it' }), 403, 'FORBIDDEN');
    expectProblem(
      await api.as('fund_manager').post('/funds', { code: 'LAX', name: '宽松子基金', kind: 'subfund', parent: 'PHX', type: 'relief', policy: { maxGovernmentShare: '1' } }),
      403,
      'FORBIDDEN',
    );
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body.policy).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.30' });
    expect(await versions()).to.deep.equal([]);
    expectProblem(await govCommitment('2019-06-01'), 422, 'GOVERNMENT_SHARE_LIMIT');
  });

  it('an admin changes them from today or later, never earlier; a back-dated write meets the limit of its own date', async () => {
    expect((await api.as('admin').put('/funds/PHX-RELIEF/approval-policy', { actions: [], requiredApprovals: 1 })).status).to.equal(200);
    const retro = await api.as('admin').put('/funds/PHX-RELIEF/policy', { maxGovernmentShare: '1', effectiveFrom: '2026-03-15', reason: '投委会决议 2026-05' });
    expect(expectProblem(retro, 400, 'VALIDATION_FAILED').detail).to.match(/effectiveFrom: must be today \(2026-03-16\) or later/);
    const set = await api.as('admin').put('/funds/PHX-RELIEF/policy', { maxGovernmentShare: '0.90', reason: '投委会决议 2026-05' });
    expect(set.status, set.text).to.equal(201);
    expect(set.body.version).to.include({ fund: 'PHX-RELIEF', effectiveFrom: TODAY, maxGovernmentShare: '0.90', maxCompanyShare: '0.30', actor: 'test-admin' });

    // Before today the old cap still holds; from today the new one.
    expectProblem(await govCommitment('2026-03-13'), 422, 'GOVERNMENT_SHARE_LIMIT');
    const today = await govCommitment(TODAY);
    expect(today.status, today.text).to.equal(201);

    const schedule = (await api.as('viewer').get('/funds/PHX-RELIEF/policy')).body;
    expect(schedule.inForce).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.90' });
    expect(schedule.base).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.30' });
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body.policy).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.90' });
    // As of a date before the change, the fund shows the limits then in force.
    expect((await api.as('viewer').get('/funds/PHX-RELIEF?asOf=2026-03-13')).body.policy).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.30' });

    const audit = await api.db.writer('audit_log').where({ action: 'fund_policy.set' });
    expect(audit).to.have.length(1);
    const detail = typeof audit[0].detail === 'string' ? JSON.parse(audit[0].detail) : audit[0].detail;
    expect(detail).to.deep.include({ effectiveFrom: TODAY, reason: '投委会决议 2026-05' });
    expect(detail.from).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.30' });
    expect(detail.to).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.90' });

    // A later version, from a future date, governs from that date only.
    expect((await api.as('admin').put('/funds/PHX-RELIEF/policy', { maxCompanyShare: '0.10', effectiveFrom: '2026-07-01', reason: '集中度收紧' })).status).to.equal(201);
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body.policy).to.deep.equal({ maxCompanyShare: '0.30', maxGovernmentShare: '0.90' });
    expect((await versions()).map((v) => v.effectiveFrom)).to.deep.equal([TODAY, '2026-07-01']);
    // The store refuses to rewrite a version.
    let refused = false;
    await api.db.writer('fund_policy_versions').update({ max_government_share: '1' }).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it('where the approval policy lists `policy` (the default), a change is a proposal another person approves', async () => {
    const patched = await api.as('admin').patch('/funds/PHX-RELIEF', { policy: { maxGovernmentShare: '1' } });
    expect(expectProblem(patched, 409, 'APPROVAL_REQUIRED').detail).to.match(/PUT \/funds\/PHX-RELIEF\/policy/);
    const proposed = await api.as('admin').put('/funds/PHX-RELIEF/policy', { maxGovernmentShare: '0.90', reason: '投委会决议 2026-05' });
    expect(proposed.status, proposed.text).to.equal(202);
    expect(proposed.body.proposal).to.include({ action: 'policy', fund: 'PHX-RELIEF', status: 'pending' });
    expect(await versions()).to.deep.equal([]);
    expectProblem(await govCommitment(TODAY), 422, 'GOVERNMENT_SHARE_LIMIT');
    const approved = await api.as('approver').post(`/proposals/${proposed.body.proposal.id}/approve`);
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body).to.include({ status: 'executed' });
    expect((await versions()).map((v) => v.maxGovernmentShare)).to.deep.equal(['0.90']);
    expect((await govCommitment(TODAY)).status).to.equal(201);
  });
});
