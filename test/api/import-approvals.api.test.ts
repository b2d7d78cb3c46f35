import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { reliefApplicant } from '../helpers/applicant-builders';
import { TEST_DIALECT } from '../helpers/database';
import { reliefWithInvestors } from '../helpers/fund-scenario';

const HEADER = 'type,date,ref,fund,investor,amount,dueDate,callRef,stockCode,companyName,instrument,shares,acquisitionMode,screeningId,investmentRef,kind,proceeds,cost,sellerRestricted';

function row(cells: Record<string, string | number>): string {
  return HEADER.split(',').map((c) => (cells[c] === undefined ? '' : String(cells[c]))).join(',');
}

interface Row {
  line: number;
  outcome: string;
  code?: string;
  proposal?: number;
}

/**
 * POST /imports meets the approval gate (issue: an import booked a distribution the policy
 * lists at once, with no approval): a row whose action the fund's policy lists becomes a pending
 * proposal of the importing person, one per row, and is booked only by the committee's approval.
 */
describe(`POST /imports under the approval policy (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let screeningId: number;
  beforeEach(async () => {
    api = await testApi({ env: { PHOENIX_APPROVALS: 'on' } });
    await reliefWithInvestors(api);
    const policy = await api.as('admin').put('/funds/PHX-RELIEF/approval-policy', { actions: ['distribution', 'investment', 'exit'], requiredApprovals: 1 });
    expect(policy.status, policy.text).to.equal(200);
    screeningId = (await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' })).body.id;
  });
  afterEach(() => api.dispose());

  const upload = (query: string, csv: string, token = api.tokens.fund_manager) =>
    request(api.app).post(`/api/v1/imports?${query}`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/csv').send(csv);
  const count = async (table: string) => Number((await api.db.writer(table).count({ n: '*' }))[0].n);
  const outcomes = (rows: Row[]) => rows.map((r) => `${r.line}:${r.outcome}${r.code ? `:${r.code}` : ''}`);

  const distributionOnly = [HEADER, row({ type: 'distribution', date: '2019-03-01', fund: 'PHX-RELIEF', amount: '1000000.00' })].join('\n');
  const file = () =>
    [
      HEADER,
      row({ type: 'commitment', date: '2019-01-15', fund: 'PHX-RELIEF', investor: 'BANK-A', amount: '1000000000.00' }),
      row({ type: 'capital_call', date: '2019-02-01', ref: 'c1', fund: 'PHX-RELIEF', amount: '100000000.00', dueDate: '2019-02-28' }),
      row({ type: 'payment', date: '2019-02-15', callRef: 'c1', investor: 'BANK-A', amount: '100000000.00' }),
      row({ type: 'investment', date: '2019-03-01', ref: 'inv-1', fund: 'PHX-RELIEF', stockCode: '600000.SH', companyName: '测试公司', instrument: 'equity', shares: 5000000, acquisitionMode: 'block_trade', sellerRestricted: 'false', screeningId, amount: '50000000.00' }),
      row({ type: 'exit', date: '2019-05-10', investmentRef: 'inv-1', kind: 'sale', proceeds: '36000000.00', cost: '30000000.00' }),
      row({ type: 'distribution', date: '2019-06-01', fund: 'PHX-RELIEF', amount: '1000000.00' }),
    ].join('\n');

  it('a one-row distribution the policy lists becomes a pending proposal of the importer, booking nothing, as the direct post does', async () => {
    // Cash to distribute: a proposal is checked against every rule when it is made (issue 24).
    const m = api.as('fund_manager');
    await m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '10000000.00', date: '2019-01-15' }).expect(201);
    const call = (await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '5000000.00', date: '2019-02-01', dueDate: '2019-02-28' }).expect(201)).body;
    await m.post(`/capital-calls/${call.id}/payments`, { investor: 'BANK-A', amount: '5000000.00', date: '2019-02-15' }).expect(201);
    const entries = await count('journal_entries');
    const res = await upload('dryRun=false&name=bypass.csv', distributionOnly);
    expect(res.status, res.text).to.equal(200);
    expect(outcomes(res.body.rows)).to.deep.equal(['2:proposed']);
    expect(res.body.summary).to.deep.include({ rows: 1, booked: 0, proposed: 1 });
    expect(await count('journal_entries')).to.equal(entries);
    const proposal = (await api.as('approver').get(`/proposals/${res.body.rows[0].proposal}`)).body;
    expect(proposal).to.include({ status: 'pending', action: 'distribution', fund: 'PHX-RELIEF', target: 'PHX-RELIEF' });
    expect(proposal.proposer).to.equal('test-fund_manager');
    // The audit log holds the proposal (202), never a booking.
    const audit = (await api.db.writer('audit_log').where({ action: 'distribution.create' })).map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail));
    expect(audit).to.have.length(1);
    expect(audit[0]).to.include({ status: 202, proposal: res.body.rows[0].proposal, proposer: 'test-fund_manager' });
    expect(audit[0]).to.not.have.property('entryId');
  });

  it('a dry run says which rows would be proposed and writes no proposal', async () => {
    const before = { proposals: await count('proposals'), entries: await count('journal_entries') };
    const res = await upload('dryRun=true', file());
    expect(res.status, res.text).to.equal(200);
    expect(outcomes(res.body.rows)).to.deep.equal(['2:would_book', '3:would_book', '4:would_book', '5:would_propose', '6:refused:REF_NOT_BOOKED', '7:would_propose']);
    expect(res.body.rows[3]).to.not.have.property('proposal');
    expect(res.body.summary).to.deep.include({ booked: 0, wouldBook: 3, proposed: 0, wouldPropose: 2 });
    expect({ proposals: await count('proposals'), entries: await count('journal_entries') }).to.deep.equal(before);
  });

  it('books the rows no policy lists, proposes the listed ones, and a re-run after the approval picks up from there', async () => {
    const first = await upload('dryRun=false&name=history.csv', file());
    expect(outcomes(first.body.rows)).to.deep.equal(['2:booked', '3:booked', '4:booked', '5:proposed', '6:refused:REF_NOT_BOOKED', '7:proposed']);
    expect(first.body.rows[4].reason ?? first.body.summary.refused[0].reason).to.match(/approval/);
    const [investment, distribution] = [first.body.rows[3].proposal, first.body.rows[5].proposal];
    expect((await api.as('viewer').get('/funds/PHX-RELIEF')).body).to.include({ paidIn: '100000000.00' });
    expect((await api.as('viewer').get('/funds/PHX-RELIEF/investments')).body.investments ?? []).to.deep.equal([]);

    // The same file again before any decision: the same proposals, nothing new.
    const waiting = await upload('dryRun=false', file());
    expect(outcomes(waiting.body.rows)).to.deep.equal(['2:already_booked', '3:already_booked', '4:already_booked', '5:proposed', '6:refused:REF_NOT_BOOKED', '7:proposed']);
    expect([waiting.body.rows[3].proposal, waiting.body.rows[5].proposal]).to.deep.equal([investment, distribution]);
    expect(await count('proposals')).to.equal(2);

    const approved = await api.as('approver').post(`/proposals/${investment}/approve`);
    expect(approved.status, approved.text).to.equal(200);
    expect(approved.body).to.include({ status: 'executed' });
    const audit = (await api.db.writer('audit_log').where({ action: 'investment.create' })).map((r) => (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail));
    // Two records: the import held the row as a proposal; the approval booked it.
    expect(audit.map((d) => d.proposal)).to.deep.equal([investment, investment]);
    expect(audit[1].approvedBy).to.deep.equal(['test-approver']);
    expect(audit[0]).to.not.have.property('entryId');

    // Now the investment is booked: its exit row becomes a proposal in turn; the rest replays.
    const after = await upload('dryRun=false', file());
    expect(outcomes(after.body.rows)).to.deep.equal(['2:already_booked', '3:already_booked', '4:already_booked', '5:already_booked', '6:proposed', '7:proposed']);
    expect(after.body.rows[5].proposal).to.equal(distribution);
    expect(after.body.summary).to.deep.include({ booked: 0, replayed: 4, proposed: 2 });
  });

  it('a row of a fund whose policy lists nothing is booked at once, and a viewer still may not import', async () => {
    expect((await api.as('admin').put('/funds/PHX-RELIEF/approval-policy', { actions: [], requiredApprovals: 1 })).status).to.equal(200);
    // A distribution needs cash first.
    const csv = [
      HEADER,
      row({ type: 'commitment', date: '2019-01-15', fund: 'PHX-RELIEF', investor: 'BANK-A', amount: '10000000.00' }),
      row({ type: 'capital_call', date: '2019-02-01', ref: 'c1', fund: 'PHX-RELIEF', amount: '5000000.00', dueDate: '2019-02-28' }),
      row({ type: 'payment', date: '2019-02-15', callRef: 'c1', investor: 'BANK-A', amount: '5000000.00' }),
      row({ type: 'distribution', date: '2019-03-01', fund: 'PHX-RELIEF', amount: '1000000.00' }),
    ].join('\n');
    const res = await upload('dryRun=false', csv);
    expect(outcomes(res.body.rows)).to.deep.equal(['2:booked', '3:booked', '4:booked', '5:booked']);
    expectProblem(await upload('dryRun=false', distributionOnly, api.tokens.viewer), 403, 'FORBIDDEN');
  });
});
