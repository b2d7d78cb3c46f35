import { expect } from 'chai';
import request from 'supertest';
import { EVENT_TYPES, EVENTS, type EventType } from '../../src/application/events/registry';
import { PROPOSABLE_ACTIONS } from '../../src/application/approvals/proposable-write';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { ok, reliefInvested, STANDARD_TERMS, withTerms } from '../helpers/fund-scenario';
import { refuseUnapproved } from '../helpers/import-approvals';
import { reliefApplicant } from '../helpers/applicant-builders';

const TODAY = '2026-01-01';

/** What each proposable write looks like on every path: its fund, target kind and body. */
interface Sample {
  fund: 'PHX-RELIEF';
  target: 'fund' | 'call' | 'investment' | 'entry';
  body: Record<string, unknown>;
  /** The CSV cells of the same write, where they differ from the body (investment's company). */
  cells?: Record<string, string>;
  /**
   * The code its own rules refuse it with in this scenario, when it is proposed (every rule is
   * checked then, issue 24) and so never reaches the committee; absent: it is proposed and booked.
   */
  refusedWhenProposed?: string;
}

/**
 * One sample of every action a policy may list. The test below fails when an event is added to
 * the registry without a sample here, so no new booking escapes the walk.
 */
const samples = (screeningId: number): Record<string, Sample> => ({
  commitment: { fund: 'PHX-RELIEF', target: 'fund', body: { investor: 'PRIV-A', amount: '1000.00', date: '2019-06-01' } },
  capital_call: { fund: 'PHX-RELIEF', target: 'fund', body: { amount: '1000.00', date: '2019-06-01', dueDate: '2019-06-30' } },
  payment: { fund: 'PHX-RELIEF', target: 'call', body: { investor: 'BANK-A', amount: '1.00', date: '2019-06-01' } },
  investment: {
    fund: 'PHX-RELIEF',
    target: 'fund',
    body: { company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'equity', amount: '1000.00', date: '2019-06-01', shares: 100, acquisitionMode: 'block_trade', screeningId },
    cells: { stockCode: '600000.SH', companyName: '测试公司', instrument: 'equity', amount: '1000.00', date: '2019-06-01', shares: '100', acquisitionMode: 'block_trade', screeningId: String(screeningId) },
  },
  exit: { fund: 'PHX-RELIEF', target: 'investment', body: { kind: 'income', proceeds: '1000.00', date: '2019-06-01' } },
  valuation: { fund: 'PHX-RELIEF', target: 'investment', body: { fairValue: '61000000.00', date: '2019-06-01' } },
  distribution: { fund: 'PHX-RELIEF', target: 'fund', body: { amount: '1000.00', date: '2019-06-01' } },
  expense: { fund: 'PHX-RELIEF', target: 'fund', body: { amount: '1000.00', date: '2019-06-01', kind: 'audit_fee' } },
  management_fee: { fund: 'PHX-RELIEF', target: 'fund', body: { period: '2019Q2' }, cells: { period: '2019Q2', date: '2019-06-30' } },
  // The standard terms charge no late interest; nothing is payable to the manager or as equalisation yet.
  late_interest: { fund: 'PHX-RELIEF', target: 'call', body: { investor: 'BANK-A', date: '2019-06-01' }, refusedWhenProposed: 'NO_FUND_TERMS' },
  fee_payment: { fund: 'PHX-RELIEF', target: 'fund', body: { amount: '1.00', date: '2019-06-01' }, refusedWhenProposed: 'PAYMENT_EXCEEDS_PAYABLE' },
  equalisation_interest_payment: { fund: 'PHX-RELIEF', target: 'fund', body: { investor: 'PRIV-A', amount: '1.00', date: '2019-06-01' }, refusedWhenProposed: 'PAYMENT_EXCEEDS_PAYABLE' },
  late_interest_payment: { fund: 'PHX-RELIEF', target: 'call', body: { investor: 'BANK-A', amount: '1.00', date: '2019-06-01' }, refusedWhenProposed: 'PAYMENT_EXCEEDS_PAYABLE' },
  reversal: { fund: 'PHX-RELIEF', target: 'entry', body: { reason: 'entered twice' } },
  // A change of the fund's limits: an admin's, and it books no entry but a version of the limits.
  policy: { fund: 'PHX-RELIEF', target: 'fund', body: { maxCompanyShare: '0.25', reason: '投委会决议：集中度收紧' } },
});

/** The action names, known before the scenario is built (the tests are generated from them). */
const SAMPLE_ACTIONS = Object.keys(samples(0));

/**
 * Issue 22, "done when": a generated walk of every booking path — the event's route, the API
 * import, the CLI import, mark-to-market, and the proposal's execution — through a policy that
 * lists the action. No path books it without the committee.
 */
describe(`every booking path meets the approval gate, for every action (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let api: TestApi;
  let targets: { call: number; investment: number; entry: number };
  let SAMPLES: Record<string, Sample>;
  before(async () => {
    api = await testApi({ clock: { now: () => new Date(`${TODAY}T02:00:00Z`) } });
    const { investmentId } = await reliefInvested(api);
    const m = api.as('fund_manager');
    await withTerms(api, 'PHX-RELIEF', STANDARD_TERMS);
    await ok(api.as('admin').patch('/funds/PHX-RELIEF', { targetSize: '2000000000.00' }), 200);
    // A call still unpaid, for the payment and late-interest samples.
    const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '1000.00', date: '2019-05-01', dueDate: '2019-05-15' }));
    const expense = await ok(m.post('/funds/PHX-RELIEF/expenses', { amount: '10.00', date: '2019-05-01', kind: 'audit_fee' }));
    const screening = await ok(api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-05-20' }));
    targets = { call: call.id as number, investment: investmentId, entry: expense.entryId as number };
    SAMPLES = samples(screening.id as number);
  });
  after(() => api.dispose());

  const entries = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }))[0].n);
  const listOnly = async (action: string) => ok(api.as('admin').put(`/funds/PHX-RELIEF/approval-policy`, { actions: [action], requiredApprovals: 1 }), 200);
  const targetOf = (sample: Sample) =>
    sample.target === 'fund' ? sample.fund : String(sample.target === 'call' ? targets.call : sample.target === 'investment' ? targets.investment : targets.entry);
  const routeOf = (action: string, sample: Sample) =>
    action === 'reversal'
      ? `/journal/${targets.entry}/reversal`
      : action === 'policy'
        ? `/funds/${sample.fund}/policy`
        : EVENTS[action as EventType].route.path.replace(/\{code\}|\{id\}/, targetOf(sample));
  /** What a write of the action leaves when booked: journal entries, or for a policy its versions. */
  const writes = async (action: string) =>
    action === 'policy' ? Number((await api.db.writer('fund_policy_versions').count({ n: '*' }))[0].n) : entries();

  /** The one-row events CSV of a sample (its target by fund, callId or investmentId). */
  const csvOf = (type: EventType, sample: Sample, key?: string) => {
    const cells: Record<string, string> = { ...(key ? { key } : {}), type, ...(sample.cells ?? (sample.body as Record<string, string>)) };
    if (sample.target === 'fund') cells.fund = sample.fund;
    if (sample.target === 'call') cells.callId = String(targets.call);
    if (sample.target === 'investment') cells.investmentId = String(targets.investment);
    const header = Object.keys(cells);
    return `${header.join(',')}\n${header.map((h) => cells[h]).join(',')}\n`;
  };

  it('has a sample of every action a policy may list', () => {
    expect(SAMPLE_ACTIONS).to.have.members([...PROPOSABLE_ACTIONS]);
  });

  for (const action of PROPOSABLE_ACTIONS) {
    it(`${action}: the route proposes it, the API import proposes it, the CLI import refuses it; nothing is booked until approved`, async () => {
      const sample = SAMPLES[action];
      await listOnly(action);
      const before = await writes(action);

      const routed = action === 'policy' ? await api.as('admin').put(routeOf(action, sample), sample.body) : await api.as('fund_manager').post(routeOf(action, sample), sample.body);
      if (sample.refusedWhenProposed !== undefined) {
        // Refused on its own rules when proposed: no proposal, nothing booked, by the route and the API import alike.
        expect(routed.status, routed.text).to.equal(422);
        expect(routed.body.code).to.equal(sample.refusedWhenProposed);
        const imported = await request(api.app)
          .post(`/api/v1/imports?dryRun=false&name=${action}.csv`)
          .set('Authorization', `Bearer ${api.tokens.fund_manager}`)
          .set('Content-Type', 'text/csv')
          .send(csvOf(action as EventType, sample));
        expect(imported.body.rows.map((r: { outcome: string; code?: string }) => r.code ?? r.outcome), JSON.stringify(imported.body.rows)).to.deep.equal([sample.refusedWhenProposed]);
        expect(await writes(action)).to.equal(before);
        expect(await api.db.writer('proposals').where({ action })).to.deep.equal([]);
        return;
      }
      expect(routed.status, routed.text).to.equal(202);
      expect(routed.body.proposal).to.include({ action, status: 'pending', fund: sample.fund });

      if ((EVENT_TYPES as readonly string[]).includes(action)) {
        const type = action as EventType;
        const imported = await request(api.app)
          .post(`/api/v1/imports?dryRun=false&name=${action}.csv`)
          .set('Authorization', `Bearer ${api.tokens.fund_manager}`)
          .set('Content-Type', 'text/csv')
          .send(csvOf(type, sample));
        expect(imported.status, imported.text).to.equal(200);
        expect(imported.body.rows.map((r: { outcome: string; code?: string }) => r.code ?? r.outcome), JSON.stringify(imported.body.rows)).to.deep.equal(['proposed']);

        // Its own row key: the same content would replay the API import's proposal (one row identity).
        const cli = await importEventsCsv(api.db, csvOf(type, sample, `cli-${action}`), { source: `${action}.csv`, events: { clock: systemClock, today: TODAY, screeningValidityDays: 3650 }, approvals: refuseUnapproved(TODAY) });
        expect(cli.refused.map((r) => r.code)).to.deep.equal(['APPROVAL_REQUIRED']);
        expect(cli.booked).to.equal(0);
      }
      expect(await writes(action)).to.equal(before);

      // Execution: the committee's approval is the one way in, and it names the approver.
      const decided = await api.as('approver').post(`/proposals/${routed.body.proposal.id}/approve`);
      expect(decided.status, decided.text).to.equal(200);
      expect(decided.body.status).to.equal('executed');
      expect(await writes(action)).to.equal(before + 1);
      const auditAction = action === 'reversal' ? 'journal.reverse' : action === 'policy' ? 'fund_policy.set' : EVENTS[action as EventType].action;
      const audit = await api.db.writer('audit_log').where({ action: auditAction }).orderBy('id', 'desc').first();
      const detail = typeof audit.detail === 'string' ? JSON.parse(audit.detail) : audit.detail;
      expect(detail).to.include({ proposal: routed.body.proposal.id });
      expect(detail.approvedBy).to.deep.equal(['test-approver']);
    });
  }

  it('valuation: mark-to-market skips a holding whose policy lists valuation, naming the route that proposes it', async () => {
    await listOnly('valuation');
    const before = await entries();
    const res = await ok(api.as('fund_manager').post('/market-prices?markToMarket=true', [{ stockCode: '600000.SH', date: '2019-07-01', close: '11.00' }]));
    expect(res.markToMarket.valuations).to.deep.equal([]);
    // Both holdings (the scenario's and the approved sample's) are skipped, each naming its route.
    const skipped = res.markToMarket.skipped as Array<{ investment: number; reason: string }>;
    expect(skipped.map((k) => k.investment)).to.include(targets.investment).and.have.length(2);
    for (const k of skipped) expect(k.reason).to.equal(`the approval policy of PHX-RELIEF lists valuation: propose it with POST /investments/${k.investment}/valuations`);
    expect(await entries()).to.equal(before);
  });
});
