import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference } from '../helpers/fund-scenario';
import { created, EXAMPLE_TERMS, type Body } from '../helpers/terms-example';

describe(`late interest charged on a call (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let call: Body;
  beforeEach(async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    await created(m.post('/investors', { code: 'BANK-A', name: '合作银行A（测试）', category: 'financial_institution', capitalClass: 'social' }));
    await created(m.post('/investors', { code: 'MGR-A', name: '管理人A（测试）', category: 'manager', capitalClass: 'social' }));
    await created(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
    await created(request(api.app).put('/api/v1/funds/PHX-RELIEF/terms').set('Authorization', `Bearer ${api.tokens.fund_manager}`).send(EXAMPLE_TERMS));
    await created(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '10000000.00', date: '2024-01-02' }));
    call = await created(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '1000000.00', date: '2024-03-01', dueDate: '2024-03-31' }));
    await created(m.post(`/capital-calls/${call.id}/payments`, { investor: 'BANK-A', amount: '400000.00', date: '2024-04-10' }));
  });
  afterEach(() => api.dispose());

  it('books the accrued interest as due from the investor and fund income, then only the new days', async () => {
    const m = api.as('fund_manager');
    const before = await created(m.get('/funds/PHX-RELIEF'), 200);
    // docs/fund-terms.md: 0.0005 × (1,000,000 × 10 + 600,000 × 20) = 11,000.00.
    const first = await created(m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-04-30' }));
    expect(first).to.include({ capitalCall: call.id, fund: 'PHX-RELIEF', investor: 'BANK-A', amount: '11000.00', accrued: '11000.00', date: '2024-04-30' });
    const entry = await created(m.get(`/journal/${first.entryId}`), 200);
    expect(entry.type).to.equal('late_interest');
    expect(entry.lines.map((l: Body) => [l.account, l.debit, l.credit])).to.have.deep.members([
      ['assets:PHX-RELIEF:late-interest:BANK-A', '11000.00', '0.00'],
      ['income:PHX-RELIEF:late-interest', '0.00', '11000.00'],
    ]);
    const after = await created(m.get('/funds/PHX-RELIEF'), 200);
    // Not capital: paid-in and what is receivable on calls do not move. What the defaulter owes is a
    // claim on a partner, a deduction from its capital like a call receivable: NAV does not move until
    // it is paid (issue 23), and the claim shows apart.
    expect(after).to.include({ paidIn: before.paidIn, receivable: before.receivable, nav: before.nav, lateInterestReceivable: '11000.00' });

    // Ten more days on the 600,000.00 still unpaid: 3,000.00 more, 14,000.00 accrued in all.
    const second = await created(m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-05-10' }));
    expect(second).to.include({ amount: '3000.00', accrued: '14000.00' });
    expectProblem(await m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-05-10' }), 422, 'NO_LATE_INTEREST_DUE');
    // A reversed charge no longer counts: charging again books it again.
    await created(m.post(`/journal/${second.entryId}/reversal`, { reason: 'waived, then reinstated' }));
    expect(await created(m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-05-10' }))).to.include({ amount: '3000.00' });
    expect((await created(m.get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('refuses what cannot be charged, writing nothing', async () => {
    const m = api.as('fund_manager');
    const entries = async () => Number((await api.db.reader('journal_entries').count({ n: '*' }).first())!.n);
    const count = await entries();
    expectProblem(await m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-03-31' }), 422, 'NO_LATE_INTEREST_DUE');
    expectProblem(await m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2099-01-01' }), 422, 'FUTURE_VALUE_DATE');
    expectProblem(await m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'MGR-A', date: '2024-04-30' }), 404, 'NOT_FOUND');
    expectProblem(await m.post('/capital-calls/9999/late-interest', { investor: 'BANK-A', date: '2024-04-30' }), 404, 'NOT_FOUND');
    expectProblem(await m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A' }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-04-30' }), 403, 'FORBIDDEN');
    expect(await entries()).to.equal(count);
  });

  it('needs terms with a late interest rate in force on the date', async () => {
    const m = api.as('fund_manager');
    await created(m.patch('/funds/PHX-MA', { targetSize: '1000000000.00', status: 'active' }), 200);
    await created(m.post('/funds/PHX-MA/commitments', { investor: 'BANK-A', amount: '1000000.00', date: '2024-01-02' }));
    const other = await created(m.post('/funds/PHX-MA/capital-calls', { amount: '1000.00', date: '2024-03-01', dueDate: '2024-03-31' }));
    expectProblem(await m.post(`/capital-calls/${other.id}/late-interest`, { investor: 'BANK-A', date: '2024-04-30' }), 422, 'NO_FUND_TERMS');
  });
});
