import { expect } from 'chai';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference, TEST_INVESTORS } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';
import { refuseUnapproved } from '../helpers/import-approvals';

describe(`importing exits that name shares sold (${TEST_DIALECT})`, () => {
  let api: TestApi;
  afterEach(() => api.dispose());

  it('releases average cost for the shares of an exit row, with no cost column at all', async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    for (const investor of TEST_INVESTORS) expect((await m.post('/investors', investor)).status).to.equal(201);
    expect((await m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' })).status).to.equal(200);
    const screeningId = (await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' })).body.id;
    const text = [
      'type,date,ref,fund,investor,amount,dueDate,callRef,stockCode,companyName,instrument,shares,acquisitionMode,screeningId,investmentRef,kind,proceeds,sellerRestricted',
      'commitment,2019-01-15,,PHX-RELIEF,BANK-A,100000000.00,,,,,,,,,,,,',
      'capital_call,2019-02-01,c1,PHX-RELIEF,,100000000.00,2019-02-28,,,,,,,,,,,',
      'payment,2019-02-15,,,BANK-A,100000000.00,,c1,,,,,,,,,,',
      `investment,2019-03-01,i1,PHX-RELIEF,,60000000.00,,,600000.SH,测试公司,equity,7000000,block_trade,${screeningId},,,,false`,
      'exit,2019-05-10,,,,,,,,,,3000000,,,i1,sale,30000000.00,',
    ].join('\n');
    const report = await importEventsCsv(api.db, text, { source: 'sales.csv', events: { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 }, approvals: refuseUnapproved('2026-01-01') });
    expect(report.refused).to.deep.equal([]);
    expect(report.booked).to.equal(5);
    const investment = (await api.as('viewer').get('/funds/PHX-RELIEF/investments')).body.investments[0];
    expect(investment).to.include({ shares: 4_000_000, sharesAcquired: 7_000_000 });
    const detail = (await api.as('viewer').get(`/investments/${investment.id}`)).body;
    expect(detail.exits[0]).to.include({ shares: 3_000_000, cost: '25714285.71' });
  });
});
