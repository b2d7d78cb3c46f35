import { expect } from 'chai';
import request from 'supertest';
import { testApi, type TestApi } from '../helpers/api';
import { sharedDatabase, TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { personToken } from '../helpers/people';

describe(`approval races (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  let one: TestApi;
  let two: TestApi;
  let approvers: string[];
  beforeEach(async () => {
    shared = await sharedDatabase();
    const env = { PHOENIX_APPROVALS: 'on' };
    one = await testApi({ database: shared.first, env });
    two = await testApi({ database: shared.second, env });
    await fundedScenario(one);
    approvers = [];
    for (let i = 0; i < 6; i += 1) approvers.push(await personToken(one.db, `approver-${i}`, 'approver'));
  });
  afterEach(async () => {
    await one.pdf.close();
    await two.pdf.close();
    await shared.dispose();
  });

  const approve = (api: TestApi, token: string, id: number, decision = 'approve') =>
    request(api.app).post(`/api/v1/proposals/${id}/${decision}`).set('Authorization', `Bearer ${token}`).send({});
  const distributionEntries = async () => Number((await one.db.writer('journal_entries').where({ type: 'distribution' }).count({ n: '*' }).first())?.n);

  for (let round = 0; round < 3; round += 1) {
    it(`approvers approving one proposal at once through two service processes book it once (round ${round + 1})`, async () => {
      const proposed = await one.as('fund_manager').post('/funds/PHX/distributions', { amount: '1000000.00', date: '2019-02-01' }, { 'Idempotency-Key': `race-${round}` });
      expect(proposed.status, proposed.text).to.equal(202);
      const id = proposed.body.proposal.id;
      const results = await Promise.all(approvers.map((token, i) => approve(i % 2 === 0 ? one : two, token, id)));
      const executed = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status !== 200);
      expect(executed, JSON.stringify(results.map((r) => [r.status, r.body.code]))).to.have.length(1);
      expect(executed[0].body.status).to.equal('executed');
      expect(refused.every((r) => r.status === 409 && r.body.code === 'PROPOSAL_NOT_PENDING')).to.equal(true);
      expect(await distributionEntries()).to.equal(1);
      const entry = await one.db.writer('journal_entries').where({ type: 'distribution' }).first();
      // Stored scoped to its sender; the API shows it as sent.
      expect(entry.idempotency_key).to.equal(`test-fund_manager race-${round}`);
      expect((await one.as('viewer').get(`/journal/${entry.id}`)).body.idempotencyKey).to.equal(`race-${round}`);
      expect(Number(entry.id)).to.equal(executed[0].body.result.entryId);
      expect((await one.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });
  }

  it('an approval and a rejection at once: exactly one wins, and a rejection books nothing', async () => {
    const proposed = await one.as('fund_manager').post('/funds/PHX/distributions', { amount: '1000000.00', date: '2019-02-01' });
    const id = proposed.body.proposal.id;
    const [a, r] = await Promise.all([approve(one, approvers[0], id), approve(two, approvers[1], id, 'reject')]);
    expect([a.status, r.status].filter((s) => s === 200)).to.have.length(1);
    const final = (await one.as('approver').get(`/proposals/${id}`)).body;
    expect(await distributionEntries()).to.equal(final.status === 'executed' ? 1 : 0);
    expect(final.status).to.equal(a.status === 200 ? 'executed' : 'rejected');
  });
});
