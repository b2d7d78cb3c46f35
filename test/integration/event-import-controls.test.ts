import { expect } from 'chai';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference, TEST_INVESTORS } from '../helpers/fund-scenario';
import { refuseUnapproved } from '../helpers/import-approvals';

const HEADER = 'type,date,ref,fund,investor,amount,dueDate,kind';

/**
 * An import meets the approval gate and closed periods like any posting: in the CLI's default
 * mode a row the policy lists is refused with APPROVAL_REQUIRED (it is never booked around the
 * committee), and a row dated in a closed period is refused with PERIOD_CLOSED.
 */
describe(`an events import under approvals and closed periods (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_APPROVALS: 'on' } });
    await seedReference(api);
    for (const investor of TEST_INVESTORS) expect((await api.as('fund_manager').post('/investors', investor)).status).to.equal(201);
  });
  afterEach(() => api.dispose());

  const run = (text: string) =>
    importEventsCsv(api.db, text, { source: 'history.csv', events: { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 }, approvals: refuseUnapproved('2026-01-01', 'on') });

  it('refuses a distribution the policy lists with APPROVAL_REQUIRED, proposing nothing; a row in a closed period is refused with PERIOD_CLOSED', async () => {
    const report = await run(
      [
        HEADER,
        'commitment,2018-12-10,,PHX,YH-GOV,1000000.00,,',
        'capital_call,2018-12-20,c1,PHX,,1000000.00,2019-01-10,',
        'distribution,2018-12-15,,PHX,,0.01,,',
      ].join('\n'),
    );
    expect(report.booked, JSON.stringify(report.refused)).to.equal(2);
    // The gate refuses it before its own rules (no cash) are weighed, and proposes nothing.
    expect(report.refused.map((r) => r.code)).to.deep.equal(['APPROVAL_REQUIRED']);
    expect((await api.as('approver').get('/proposals')).body.proposals).to.deep.equal([]);
    expect((await api.as('fund_manager').post('/funds/PHX/periods/close', { through: '2018-12-31' })).status).to.equal(200);
    const late = await run([HEADER, 'commitment,2018-12-31,,PHX,SOE-A,1.00,,', 'commitment,2019-01-02,,PHX,SOE-A,5.00,,'].join('\n'));
    expect(late.refused.map((r) => r.code)).to.deep.equal(['PERIOD_CLOSED']);
    expect(late.booked).to.equal(1);
    const audit = (await api.as('admin').get('/audit?action=commitment.create')).body.records as Array<{ actor: string }>;
    expect(audit.every((r) => r.actor === 'import:history.csv')).to.equal(true);
  });
});
