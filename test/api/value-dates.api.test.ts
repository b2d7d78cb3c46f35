import { expect } from 'chai';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefInvested } from '../helpers/fund-scenario';
import { refuseUnapproved } from '../helpers/import-approvals';

/**
 * docs/domain.md, Capital accounting, value dates: no business event is dated after today in PHOENIX_TZ. The
 * clock stands at 2019-06-30 17:00 UTC, which is already 2019-07-01 in Asia/Shanghai.
 */
const NOW = new Date('2019-06-30T17:00:00Z');
const TODAY = '2019-07-01';
const TOMORROW = '2019-07-02';

describe(`future value dates are refused (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let investmentId: number;
  let callId: number;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => NOW } });
    ({ callId, investmentId } = await reliefInvested(api));
  });
  afterEach(() => api.dispose());

  const head = async () => (await api.db.writer('ledger_head').first()).last_entry_id;

  it('every event route answers a date after today with 422 FUTURE_VALUE_DATE and writes nothing', async () => {
    const m = api.as('fund_manager');
    const routes: Array<[string, Record<string, unknown>]> = [
      ['/funds/PHX/commitments', { investor: 'PRIV-A', amount: '1000.00', date: TOMORROW }],
      ['/funds/PHX/capital-calls', { amount: '1000.00', date: TOMORROW, dueDate: '2019-08-01' }],
      [`/capital-calls/${callId}/payments`, { investor: 'BANK-A', amount: '0.00', date: TOMORROW }],
      ['/funds/PHX-RELIEF/investments', { company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'equity', acquisitionMode: 'block_trade', shares: 10, amount: '1000.00', date: TOMORROW }],
      [`/investments/${investmentId}/exits`, { kind: 'income', proceeds: '1000.00', cost: '0.00', date: '2030-01-01' }],
      [`/investments/${investmentId}/valuations`, { fairValue: '61000000.00', date: TOMORROW }],
      ['/funds/PHX-RELIEF/distributions', { amount: '1000.00', date: TOMORROW }],
      ['/funds/PHX-RELIEF/expenses', { amount: '1000.00', date: '2030-01-01', kind: 'management_fee' }],
    ];
    const before = await head();
    for (const [path, body] of routes) {
      const res = await m.post(path, body);
      if (res.status === 422 && res.body.code === 'FUTURE_VALUE_DATE') continue;
      throw new Error(`${path}: expected 422 FUTURE_VALUE_DATE, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(await head()).to.equal(before);
    const investments = (await api.as('viewer').get('/funds/PHX-RELIEF/investments')).body.investments;
    expect(investments).to.have.length(1);
  });

  it('today in PHOENIX_TZ is accepted even where UTC is still on the day before', async () => {
    const res = await api.as('fund_manager').post('/funds/PHX-RELIEF/expenses', { amount: '1000.00', date: TODAY, kind: 'management_fee' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });

  it('a reversal without a date is dated today; a future date or one before the original is refused', async () => {
    const m = api.as('fund_manager');
    const fee = await m.post('/funds/PHX-RELIEF/expenses', { amount: '1000.00', date: '2019-06-01', kind: 'management_fee' });
    const entryId = fee.body.entryId;
    expectProblem(await m.post(`/journal/${entryId}/reversal`, { reason: 'typo', date: TOMORROW }), 422, 'FUTURE_VALUE_DATE');
    expectProblem(await m.post(`/journal/${entryId}/reversal`, { reason: 'typo', date: '2019-05-31' }), 400, 'VALIDATION_FAILED');
    const reversal = await m.post(`/journal/${entryId}/reversal`, { reason: 'typo' });
    expect(reversal.status, JSON.stringify(reversal.body)).to.equal(201);
    expect((await api.as('viewer').get(`/journal/${reversal.body.entryId}`)).body.date).to.equal(TODAY);
  });

  it('the CSV import refuses a future row with FUTURE_VALUE_DATE and books the others', async () => {
    const csv = [
      'type,date,fund,amount,kind',
      `expense,${TODAY},PHX-RELIEF,10.00,management_fee`,
      `expense,${TOMORROW},PHX-RELIEF,20.00,management_fee`,
    ].join('\n');
    const report = await importEventsCsv(api.db, csv, { source: 'dates.csv', events: { clock: systemClock, today: TODAY, screeningValidityDays: 180 }, approvals: refuseUnapproved(TODAY) });
    expect(report.booked).to.equal(1);
    expect(report.refused.map((r) => [r.line, r.code])).to.deep.equal([[3, 'FUTURE_VALUE_DATE']]);
  });
});
