import { expect } from 'chai';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import { EVENT_COLUMNS } from '../../src/import/event-csv';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { callPaid, fundedScenario, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';
import { created, type Body } from '../helpers/terms-example';
import { refuseUnapproved } from '../helpers/import-approvals';

const TERMS = { ...STANDARD_TERMS };

const fen = (yuan: string): bigint => BigInt(yuan.replace('.', ''));
const yuan = (f: bigint): string => `${f < 0n ? '-' : ''}${(f < 0n ? -f : f) / 100n}.${((f < 0n ? -f : f) % 100n).toString().padStart(2, '0')}`;

describe(`paying out what a fund owes: fees to the manager, equalisation interest (${TEST_DIALECT})`, () => {
  let api: TestApi;

  beforeEach(async () => {
    api = await testApi();
    await fundedScenario(api);
    await withTerms(api, 'PHX-RELIEF', TERMS);
    await callPaid(api, 'PHX-RELIEF', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }, '2019-02-10');
  });
  afterEach(() => api.dispose());

  const entries = async () => Number((await api.db.reader('journal_entries').count({ n: '*' }).first())!.n);
  const balance = async (account: string, fund: string, asOf?: string) => {
    const tb = await created(api.as('viewer').get(`/ledger/trial-balance?fund=${fund}${asOf ? `&asOf=${asOf}` : ''}`), 200);
    return ((tb.accounts as Body[]).find((a) => a.account === account)?.balance as string | undefined) ?? '0.00';
  };
  /** Leaves the fund `left` of cash with an expense; reversing that expense gives the cash back. */
  const drainCash = async (fund: string, left: string) => {
    const cash = fen((await created(api.as('viewer').get(`/funds/${fund}`), 200)).cash);
    return created(api.as('fund_manager').post(`/funds/${fund}/expenses`, { amount: yuan(cash - fen(left)), date: '2019-07-20', kind: 'custody_fee' }));
  };

  it('pays the manager the fees payable out of cash, never more than payable, and a paid fee cannot be reversed', async () => {
    const m = api.as('fund_manager');
    const fee = await created(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }));
    expect(fee.amount).to.equal('3739726.03');
    const navBefore = (await created(m.get('/funds/PHX-RELIEF'), 200)).nav;

    // The manager defaults to the one of the terms in force on the date.
    const first = await created(m.post('/funds/PHX-RELIEF/fee-payments', { amount: '1000000.00', date: '2019-07-10' }));
    expect(first).to.include({ fund: 'PHX-RELIEF', manager: 'MGR-A', amount: '1000000.00', date: '2019-07-10', payable: '2739726.03' });
    const entry = await created(m.get(`/journal/${first.entryId}`), 200);
    expect(entry.type).to.equal('fee_payment');
    expect(entry.lines.map((l: Body) => [l.account, l.debit, l.credit])).to.have.deep.members([
      ['liabilities:PHX-RELIEF:fees-payable:MGR-A', '1000000.00', '0.00'],
      ['assets:PHX-RELIEF:cash', '0.00', '1000000.00'],
    ]);
    // Cash and the liability fall together: the NAV and every capital account stay where they were.
    expect((await created(m.get('/funds/PHX-RELIEF'), 200)).nav).to.equal(navBefore);
    expect(await balance('liabilities:PHX-RELIEF:fees-payable:MGR-A', 'PHX-RELIEF')).to.equal('-2739726.03');

    const count = await entries();
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { manager: 'MGR-A', amount: '2739726.04', date: '2019-07-11' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
    // Dated before the fee was booked, nothing was payable yet.
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { amount: '1.00', date: '2019-06-29' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
    // Another investor is owed no fee.
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { manager: 'BANK-A', amount: '1.00', date: '2019-07-11' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { manager: 'NOPE', amount: '1.00', date: '2019-07-11' }), 404, 'NOT_FOUND');
    expectProblem(await m.post('/funds/PHX/fee-payments', { amount: '1.00', date: '2019-07-11' }), 422, 'NO_FUND_TERMS');
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { amount: '0.00', date: '2019-07-11' }), 400, 'VALIDATION_FAILED');
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { amount: '1.00', date: '2099-07-11' }), 422, 'FUTURE_VALUE_DATE');
    expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { amount: '1.00' }), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').post('/funds/PHX-RELIEF/fee-payments', { amount: '1.00', date: '2019-07-11' }), 403, 'FORBIDDEN');
    // The fee was partly paid: reversing it would leave the payable owing the fund.
    const refused = expectProblem(await m.post(`/journal/${fee.entryId}/reversal`, { reason: 'wrong base' }), 422, 'REVERSAL_NOT_ALLOWED');
    expect(refused.account).to.equal('liabilities:PHX-RELIEF:fees-payable:MGR-A');
    expect(await entries()).to.equal(count);

    const spent = await drainCash('PHX-RELIEF', '1000000.00');
    const short = expectProblem(await m.post('/funds/PHX-RELIEF/fee-payments', { amount: '2739726.03', date: '2019-07-21' }), 422, 'INSUFFICIENT_CASH');
    expect(short).to.include({ cash: '1000000.00', asked: '2739726.03' });
    await created(m.post(`/journal/${spent.entryId}/reversal`, { reason: 'custody fee entered in error' }));

    const rest = await created(m.post('/funds/PHX-RELIEF/fee-payments', { manager: 'MGR-A', amount: '2739726.03', date: '2019-07-21' }));
    expect(rest.payable).to.equal('0.00');
    expect(await balance('liabilities:PHX-RELIEF:fees-payable:MGR-A', 'PHX-RELIEF')).to.equal('0.00');
    expect(await balance('liabilities:PHX-RELIEF:fees-payable:MGR-A', 'PHX-RELIEF', '2019-07-15')).to.equal('-2739726.03');

    // A payment may be reversed (the fee is owed again), and then the fee itself.
    await created(m.post(`/journal/${rest.entryId}/reversal`, { reason: 'paid to the wrong account' }));
    await created(m.post(`/journal/${first.entryId}/reversal`, { reason: 'paid to the wrong account' }));
    await created(m.post(`/journal/${fee.entryId}/reversal`, { reason: 'wrong base' }));
    expect(await balance('liabilities:PHX-RELIEF:fees-payable:MGR-A', 'PHX-RELIEF')).to.equal('0.00');
    expect(Number((await api.db.reader('fee_payments').count({ n: '*' }).first())!.n)).to.equal(2);
    expect((await created(m.get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('pays each earlier investor the equalisation interest a subsequent closing owes it, a fund of this ledger into its own cash', async () => {
    const m = api.as('fund_manager');
    // An active fund's size is an admin's to change.
    await created(api.as('admin').patch('/funds/PHX-RELIEF', { targetSize: '1500000000.00' }), 200);
    // SOE-A closes on 2019-03-04: catch-up 100m × 100m / 1bn, interest 0.06 × 10m × 31/365 = 50,958.90.
    const late = await created(m.post('/funds/PHX-RELIEF/commitments', { investor: 'SOE-A', amount: '100000000.00', date: '2019-03-04' }));
    expect(late.equalisation).to.include({ catchUp: '10000000.00', interest: '50958.90' });
    const due = new Map((late.equalisation.interestTo as Array<{ investor: string; amount: string }>).map((t) => [t.investor, t.amount]));
    expect([...due.values()].reduce((s, a) => s + fen(a), 0n)).to.equal(5095890n);
    const catchUpCall = await created(m.get(`/capital-calls/${late.equalisation.capitalCall}`), 200);
    await created(m.post(`/capital-calls/${catchUpCall.id}/payments`, { investor: 'SOE-A', amount: '10050958.90', date: '2019-03-15' }));

    const bankDue = due.get('BANK-A')!;
    const count = await entries();
    expectProblem(
      await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'BANK-A', amount: yuan(fen(bankDue) + 1n), date: '2019-03-20' }),
      422,
      'PAYMENT_EXCEEDS_PAYABLE',
    );
    // Before the closing that created it, nothing was due.
    expectProblem(await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'BANK-A', amount: '1.00', date: '2019-03-03' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
    expectProblem(await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'SOE-A', amount: '1.00', date: '2019-03-20' }), 422, 'PAYMENT_EXCEEDS_PAYABLE');
    expectProblem(await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'NOPE', amount: '1.00', date: '2019-03-20' }), 404, 'NOT_FOUND');
    expectProblem(await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { amount: '1.00', date: '2019-03-20' }), 400, 'VALIDATION_FAILED');
    expect(await entries()).to.equal(count);

    const paid = await created(m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'BANK-A', amount: bankDue, date: '2019-03-20' }));
    expect(paid).to.include({ fund: 'PHX-RELIEF', investor: 'BANK-A', amount: bankDue, payable: '0.00' });
    const entry = await created(m.get(`/journal/${paid.entryId}`), 200);
    expect(entry.type).to.equal('equalisation_interest_payment');
    expect(entry.lines.map((l: Body) => [l.account, l.debit, l.credit])).to.have.deep.members([
      ['liabilities:PHX-RELIEF:equalisation-interest:BANK-A', bankDue, '0.00'],
      ['assets:PHX-RELIEF:cash', '0.00', bankDue],
    ]);

    // Phoenix is an earlier investor too: the interest lands in its cash as income, each fund balanced.
    const phxCash = fen((await created(m.get('/funds/PHX'), 200)).cash);
    const toPhx = await created(m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'PHX', amount: due.get('PHX')!, date: '2019-03-20' }));
    expect(fen((await created(m.get('/funds/PHX'), 200)).cash) - phxCash).to.equal(fen(due.get('PHX')!));
    expect(await balance('income:PHX:equalisation-interest:PHX-RELIEF', 'PHX')).to.equal(`-${due.get('PHX')}`);
    expect((await created(m.get(`/journal/${toPhx.entryId}`), 200)).lines.map((l: Body) => l.fund)).to.have.members(['PHX-RELIEF', 'PHX-RELIEF', 'PHX', 'PHX']);

    const spent = await drainCash('PHX-RELIEF', '1.00');
    expectProblem(await m.post('/funds/PHX-RELIEF/equalisation-interest-payments', { investor: 'SEC-A', amount: due.get('SEC-A')!, date: '2019-07-21' }), 422, 'INSUFFICIENT_CASH');
    await created(m.post(`/journal/${spent.entryId}/reversal`, { reason: 'entered in error' }));

    // The newcomer's closing cannot be undone from under interest already paid out of it.
    const payments = (await api.db.reader('payments').where({ capital_call_id: catchUpCall.id }).select('entry_id')) as Array<{ entry_id: number | string }>;
    await created(m.post(`/journal/${payments[0].entry_id}/reversal`, { reason: 'bounced' }));
    const refused = expectProblem(await m.post(`/journal/${late.entryId}/reversal`, { reason: 'closing cancelled' }), 422, 'REVERSAL_NOT_ALLOWED');
    expect(refused.account).to.match(/^liabilities:PHX-RELIEF:equalisation-interest:(BANK-A|PHX)$/);
    expect((await created(m.get('/ledger/verify'), 200)).ok).to.equal(true);
  });

  it('takes both events from an events CSV, with the columns the registry gives them', async () => {
    expect(EVENT_COLUMNS).to.include.members(['manager', 'investor', 'amount']);
    const m = api.as('fund_manager');
    await created(m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q2' }));
    const csv = [
      'type,date,fund,manager,investor,amount',
      'fee_payment,2019-07-10,PHX-RELIEF,MGR-A,,3000000.00',
      'fee_payment,2019-07-11,PHX-RELIEF,,,739726.03',
      'fee_payment,2019-07-12,PHX-RELIEF,,,0.01',
      'equalisation_interest_payment,2019-07-12,PHX-RELIEF,,BANK-A,0.01',
      'equalisation_interest_payment,2019-07-12,PHX-RELIEF,,,0.01',
    ].join('\n');
    const report = await importEventsCsv(api.db, csv, { source: 'fees.csv', events: { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 }, approvals: refuseUnapproved('2026-01-01') });
    expect(report).to.include({ rows: 5, booked: 2 });
    // Line 6 lacks the investor its type requires: the registry's CSV spec refuses it before booking.
    expect(report.refused.map((r) => [r.line, r.code])).to.deep.equal([
      [4, 'PAYMENT_EXCEEDS_PAYABLE'],
      [5, 'PAYMENT_EXCEEDS_PAYABLE'],
      [6, 'VALIDATION_FAILED'],
    ]);
    expect(await balance('liabilities:PHX-RELIEF:fees-payable:MGR-A', 'PHX-RELIEF')).to.equal('0.00');
  });
});
