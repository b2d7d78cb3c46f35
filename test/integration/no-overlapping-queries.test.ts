import { expect } from 'chai';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

/**
 * Issue 12 item 5: under load PostgreSQL's client printed "DeprecationWarning: Calling client.query()
 * when the client is already executing a query": statements of one transaction were issued together.
 * Concurrent posts of every kind run here with process warnings captured; there must be none.
 */
describe(`concurrent posts issue one statement at a time per connection (${TEST_DIALECT})`, function () {
  this.timeout(60_000);
  let api: TestApi;
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  before(async () => {
    // Listening from the start: Node emits a given deprecation warning only once per process.
    process.on('warning', onWarning);
    api = await testApi();
    await fundedScenario(api);
  });
  after(async () => {
    process.off('warning', onWarning);
    await api.dispose();
  });

  it('books 60 concurrent events (with idempotency keys and reversals) without a single process warning', async () => {
    const m = api.as('fund_manager');
    const requests = [];
    for (let i = 0; i < 20; i += 1) {
      requests.push(m.post('/funds/PHX/expenses', { amount: `${i + 1}.00`, date: '2019-02-01', kind: 'management_fee' }, { 'Idempotency-Key': `fee-${i}` }));
      requests.push(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '10.00', date: '2019-02-01', dueDate: '2019-03-01' }));
      requests.push(m.post('/funds/PHX/distributions', { amount: '1.00', date: '2019-02-02' }));
    }
    const answers = await Promise.all(requests);
    expect(answers.map((a) => a.status).filter((s) => s !== 201), JSON.stringify(answers.find((a) => a.status !== 201)?.body)).to.deep.equal([]);
    const reversals = await Promise.all(answers.slice(0, 10).map((a) => m.post(`/journal/${a.body.entryId}/reversal`, { reason: 'load test' })));
    expect(reversals.map((r) => r.status)).to.deep.equal(Array(10).fill(201));
    // Warnings are emitted on the next tick of the process.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).to.deep.equal([]);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });
});
