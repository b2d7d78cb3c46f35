import { expect } from 'chai';
import { DomainError } from '../../src/domain/errors';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import type { ImportReport } from '../../src/application/event-import-service';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference, TEST_INVESTORS } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';
import { migrations } from '../../migrations';
import { refuseUnapproved } from '../helpers/import-approvals';

const HEADER = 'key,type,date,ref,fund,investor,amount,dueDate,callRef,stockCode,companyName,instrument,shares,acquisitionMode,screeningId,investmentRef,kind,proceeds,cost,fairValue,memo,sellerRestricted';

/** A CSV row from named cells, in HEADER order. */
function row(cells: Record<string, string | number>): string {
  return HEADER.split(',').map((c) => (cells[c] === undefined ? '' : String(cells[c]))).join(',');
}

/** A whole fund life as an events file: PHX and its relief sub-fund, Phoenix paying into the sub-fund. */
function lifeCsv(screeningId: number): string {
  return [
    HEADER,
    row({ type: 'commitment', date: '2018-12-10', fund: 'PHX', investor: 'YH-GOV', amount: '1200000000.00' }),
    row({ type: 'commitment', date: '2018-12-10', fund: 'PHX', investor: 'SOE-A', amount: '800000000.00' }),
    row({ type: 'capital_call', date: '2018-12-20', ref: 'phx-1', fund: 'PHX', amount: '300000000.00', dueDate: '2019-01-10' }),
    row({ type: 'payment', date: '2019-01-05', callRef: 'phx-1', investor: 'YH-GOV', amount: '180000000.00' }),
    row({ type: 'payment', date: '2019-01-05', callRef: 'phx-1', investor: 'SOE-A', amount: '120000000.00' }),
    row({ type: 'commitment', date: '2019-01-15', fund: 'PHX-RELIEF', investor: 'PHX', amount: '250000000.00' }),
    row({ type: 'commitment', date: '2019-01-15', fund: 'PHX-RELIEF', investor: 'BANK-A', amount: '750000000.00' }),
    row({ type: 'capital_call', date: '2019-02-01', ref: 'relief-1', fund: 'PHX-RELIEF', amount: '100000000.00', dueDate: '2019-02-28' }),
    row({ type: 'payment', date: '2019-02-15', callRef: 'relief-1', investor: 'PHX', amount: '25000000.00' }),
    row({ type: 'payment', date: '2019-02-15', callRef: 'relief-1', investor: 'BANK-A', amount: '75000000.00' }),
    row({ type: 'investment', date: '2019-03-01', ref: 'inv-1', fund: 'PHX-RELIEF', stockCode: '600000.SH', companyName: '测试公司', instrument: 'equity', shares: 6000000, acquisitionMode: 'block_trade', sellerRestricted: 'false', screeningId, amount: '60000000.00' }),
    row({ type: 'valuation', date: '2019-03-31', investmentRef: 'inv-1', fairValue: '66000000.00' }),
    row({ type: 'exit', date: '2019-05-10', investmentRef: 'inv-1', kind: 'sale', proceeds: '36000000.00', cost: '30000000.00' }),
    row({ type: 'distribution', date: '2019-07-01', fund: 'PHX-RELIEF', amount: '40000000.00' }),
    row({ type: 'expense', date: '2019-07-15', fund: 'PHX-RELIEF', amount: '1000000.00', kind: 'management_fee', memo: '"fee, first half"' }),
  ].join('\n');
}

describe(`importing events from CSV (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let screeningId: number;
  beforeEach(async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    for (const investor of TEST_INVESTORS) expect((await m.post('/investors', investor)).status).to.equal(201);
    expect((await m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' })).status).to.equal(200);
    screeningId = (await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' })).body.id;
  });
  afterEach(() => api.dispose());

  const run = (text: string, concurrency?: number): Promise<ImportReport> =>
    importEventsCsv(api.db, text, {
      source: 'history.csv',
      events: { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 }, approvals: refuseUnapproved('2026-01-01'),
      concurrency,
    });
  const fund = async (code: string) => (await api.as('viewer').get(`/funds/${code}`)).body;
  const entryCount = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }))[0].n);

  it('books a whole fund life through the same rules, in file order, audited as the import', async () => {
    const report = await run(lifeCsv(screeningId));
    expect(report.refused).to.deep.equal([]);
    expect(report).to.include({ rows: 15, booked: 15, replayed: 0 });
    expect(report.byType).to.deep.equal({ commitment: 4, capital_call: 2, payment: 4, investment: 1, valuation: 1, exit: 1, distribution: 1, expense: 1 });
    expect(await fund('PHX-RELIEF')).to.include({ paidIn: '100000000.00', invested: '30000000.00', cash: '35000000.00', distributed: '40000000.00' });
    expect(await fund('PHX')).to.include({ paidIn: '300000000.00', cash: '285000000.00' });
    const audit = await api.db.writer('audit_log').where({ actor: 'import:history.csv' });
    expect(audit).to.have.length(15);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('a second run of the same file writes nothing', async () => {
    const text = lifeCsv(screeningId);
    await run(text);
    const entries = await entryCount();
    const again = await run(text);
    expect(again).to.include({ booked: 0, replayed: 15 });
    expect(again.refused).to.deep.equal([]);
    expect(await entryCount()).to.equal(entries);
    expect((await fund('PHX')).paidIn).to.equal('300000000.00');
  });

  it('rows with a key column stay idempotent when the file around them changes', async () => {
    const first = [HEADER, row({ key: 'fee-2019-07', type: 'commitment', date: '2018-12-10', fund: 'PHX', investor: 'YH-GOV', amount: '1000.00' })].join('\n');
    const edited = [HEADER, row({ type: 'commitment', date: '2018-12-11', fund: 'PHX', investor: 'SOE-A', amount: '5.00' }), first.split('\n')[1]].join('\n');
    expect((await run(first)).booked).to.equal(1);
    const second = await run(edited);
    expect(second).to.include({ booked: 1, replayed: 1 });
    expect((await fund('PHX')).committed).to.equal('1005.00');
  });

  it('rows without a key keep their identity when lines move, across files, and through a re-run of an edited file', async () => {
    const fee = row({ type: 'expense', date: '2019-07-15', fund: 'PHX', amount: '10.00', kind: 'management_fee', memo: 'fee' });
    const life = lifeCsv(screeningId).split('\n');
    expect((await run([...life, fee].join('\n'))).booked).to.equal(16);
    // A row deleted near the top moves every line below it; the fee and the rest stay booked.
    const edited = await run([life[0], ...life.slice(2), fee].join('\n'));
    expect(edited).to.include({ booked: 0, replayed: 15 });
    expect(await api.db.writer('idempotency_keys').where('key', 'like', 'import:row:%')).to.have.length(16);
  });

  it('an import booked before content identity is still known after the upgrade (legacy keys carried over)', async () => {
    const text = [HEADER, row({ type: 'commitment', date: '2018-12-10', fund: 'PHX', investor: 'YH-GOV', amount: '1000.00' })].join('\n');
    expect((await run(text)).booked).to.equal(1);
    // As the importer of before stored it: file hash and line.
    await api.db.writer('idempotency_keys').where('key', 'like', 'import:row:%').update({ key: `import:${'a'.repeat(24)}:2` });
    await migrations['20261128300001_import_row_identity'].up(api.db.writer);
    expect(await run(text)).to.include({ booked: 0, replayed: 1 });
    expect((await fund('PHX')).committed).to.equal('1000.00');
  });

  it('refuses bad rows with their line and reason, books the others, and leaves nothing of a refused row', async () => {
    const lines = lifeCsv(screeningId).split('\n');
    const text = [
      ...lines.slice(0, 4),
      row({ type: 'payment', date: '2019-01-05', callRef: 'phx-1', investor: 'YH-GOV', amount: '180000000.01' }), // line 5: above the call
      ...lines.slice(4, 11),
      row({ type: 'investment', date: '2019-03-01', fund: 'PHX-RELIEF', stockCode: '600000.SH', companyName: 'X', instrument: 'convertible_bond', screeningId, amount: '100000000.01' }), // line 13: more than the cash
      row({ type: 'expense', date: '2019-07-15', fund: 'PHX-RELIEF', amount: '12.345', kind: 'management_fee' }), // line 14: three decimals
      row({ type: 'payment', date: '2019-02-15', callRef: 'nope', investor: 'PHX', amount: '1.00' }), // line 15: unknown ref
      row({ type: 'gift', date: '2019-02-15', fund: 'PHX', amount: '1.00' }), // line 16
      row({ type: 'commitment', date: '2019-02-30', fund: 'PHX', investor: 'SOE-A', amount: '1.00' }), // line 17: no such date
      ...lines.slice(11),
    ].join('\n');
    const report = await run(text);
    expect(report.refused.map((r) => [r.line, r.code])).to.deep.equal([
      [5, 'PAYMENT_EXCEEDS_CALLED'],
      [13, 'INSUFFICIENT_CASH'],
      [14, 'VALIDATION_FAILED'],
      [15, 'VALIDATION_FAILED'],
      [16, 'VALIDATION_FAILED'],
      [17, 'VALIDATION_FAILED'],
    ]);
    expect(report.refused[2].reason).to.contain('amount');
    expect(report.refused[3].reason).to.contain('callRef');
    expect(report.booked).to.equal(15);
    // The refused investment wrote its event row before the cash rule refused it: all of it rolled back.
    expect(await api.db.writer('investments')).to.have.length(1);
    expect(await entryCount()).to.equal(15);
    expect(await api.db.writer('audit_log').where({ actor: 'import:history.csv' })).to.have.length(15);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('a row that refers to a refused row is refused too', async () => {
    const text = [
      HEADER,
      row({ type: 'capital_call', date: '2018-12-20', ref: 'c1', fund: 'PHX', amount: '1.00', dueDate: '2019-01-10' }),
      row({ type: 'payment', date: '2019-01-05', callRef: 'c1', investor: 'YH-GOV', amount: '1.00' }),
    ].join('\n');
    const report = await run(text);
    expect(report.refused.map((r) => [r.line, r.code])).to.deep.equal([
      [2, 'CALL_EXCEEDS_UNFUNDED'],
      [3, 'NOT_FOUND'],
    ]);
    expect(report.refused[1].reason).to.match(/refused/);
  });

  it('refuses a file whose header lacks a column its rows need, or names an unknown one, before writing anything', async () => {
    const noFund = ['type,date,investor,amount', 'commitment,2018-12-10,YH-GOV,1.00'].join('\n');
    const error = await run(noFund).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(DomainError);
    expect((error as DomainError).message).to.contain('header.fund is required for commitment rows');
    const unknown = await run(['type,date,fund,investor,amount,colour', 'commitment,2018-12-10,PHX,YH-GOV,1.00,red'].join('\n')).catch((e: DomainError) => e);
    expect((unknown as DomainError).message).to.contain('header.colour');
    expect(await entryCount()).to.equal(0);
  });

  it('group commit gives the same books as one row at a time', async () => {
    const text = lifeCsv(screeningId);
    await run(text, 1);
    const one = (await api.as('viewer').get('/ledger/trial-balance')).body;
    const other = await testApi();
    try {
      await seedReference(other);
      for (const investor of TEST_INVESTORS) await other.as('fund_manager').post('/investors', investor);
      await other.as('fund_manager').patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' });
      const id = (await other.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' })).body.id;
      expect(id).to.equal(screeningId);
      const report = await importEventsCsv(other.db, text, {
        source: 'history.csv',
        events: { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 }, approvals: refuseUnapproved('2026-01-01'),
        concurrency: 64,
      });
      expect(report.booked).to.equal(15);
      expect((await other.as('viewer').get('/ledger/trial-balance')).body).to.deep.equal(one);
    } finally {
      await other.dispose();
    }
  });
});
