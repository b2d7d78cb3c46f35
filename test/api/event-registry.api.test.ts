import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';
import { reliefApplicant } from '../helpers/applicant-builders';
import { EVENT_TYPES, EVENTS } from '../../src/application/events/registry';
import { callCapital } from '../../src/application/fund-event-service';
import { fundReversalGuards } from '../../src/application/reversal-guards';
import { checkEventHeader, EVENT_COLUMNS } from '../../src/import/event-csv';
import { systemClock } from '../../src/domain/ledger/ledger-service';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe(`the event registry drives routes, imports and reversals (${TEST_DIALECT})`, () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await testApi();
  });
  afterEach(() => api.dispose());

  it('every registered event has its POST route in the API document, its CSV columns and its reversal guard', async () => {
    const doc = (await request(api.app).get('/api/v1/openapi.json').expect(200)).body;
    for (const type of EVENT_TYPES) {
      const { route, target, csv } = EVENTS[type];
      const path = doc.paths[route.path];
      expect(path?.post?.operationId, type).to.equal(route.operationId);
      expect(path.post.parameters.map((p: Body) => p.name)).to.include(target === 'fund' ? 'code' : 'id');
      for (const column of [...csv.fields, ...csv.required]) expect(EVENT_COLUMNS, `${type}.${column}`).to.include(column);
      expect(() => checkEventHeader(['type', 'date', ...new Set([...csv.required, target === 'fund' ? 'fund' : `${target}Ref`])], new Set([type]))).not.to.throw();
      expect(fundReversalGuards.get(type), type).to.equal(EVENTS[type].reversalGuard);
    }
    expect(EVENT_TYPES).to.have.length(13);
  });

  it('a command hands back its typed result in fen; the route answers 201 with yuan, and a replay answers the same', async () => {
    await fundedScenario(api);
    const ctx = { actor: { tokenId: 0, name: 'test', role: 'fund_manager' as const }, requestId: 'r', now: new Date() };
    const options = { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 };
    const outcome = await callCapital(api.db, ctx, 'PHX-RELIEF', { amount: '10.00', date: '2019-02-01', dueDate: '2019-02-28' }, options);
    expect(outcome.replayed).to.equal(false);
    if (outcome.replayed) return;
    expect(outcome.result).to.not.have.property('status', 201);
    expect(outcome.result.amount).to.equal(1000n);
    expect(outcome.result.allocations.reduce((s, a) => s + a.amount, 0n)).to.equal(1000n);

    const m = api.as('fund_manager');
    const body = { amount: '20.00', date: '2019-02-02', dueDate: '2019-02-28' };
    const first = await m.post('/funds/PHX-RELIEF/capital-calls', body, { 'Idempotency-Key': 'registry-1' }).expect(201);
    expect(first.body).to.include({ amount: '20.00', status: 'open' });
    expect(first.body.allocations.map((a: Body) => typeof a.amount)).to.deep.equal(first.body.allocations.map(() => 'string'));
    const replay = await m.post('/funds/PHX-RELIEF/capital-calls', body, { 'Idempotency-Key': 'registry-1' }).expect(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(replay.body).to.deep.equal(first.body);
  });

  it('a refused investment is refused before anything is written: no row is added and rolled back', async () => {
    await fundedScenario(api);
    const m = api.as('fund_manager');
    const call = (await m.post('/funds/PHX-RELIEF/capital-calls', { amount: '100000000.00', date: '2019-02-01', dueDate: '2019-02-28' }).expect(201)).body;
    for (const a of call.allocations) await m.post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' }).expect(201);
    const screening = (await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-02-20' }).expect(201)).body;
    const statements: string[] = [];
    const spy = (q: { sql?: string }) => statements.push(q.sql ?? '');
    api.db.writer.on('query', spy);
    try {
      const refused = { company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'convertible_bond', amount: '60000000.00', date: '2019-03-01' };
      expectProblem(await m.post('/funds/PHX-RELIEF/investments', refused), 422, 'SCREENING_REQUIRED');
    } finally {
      api.db.writer.removeListener('query', spy);
    }
    expect(statements.filter((sql) => /^\s*insert\s+into\s+"?investments"?/i.test(sql))).to.deep.equal([]);
    const booked = (
      await m
        .post('/funds/PHX-RELIEF/investments', { company: { stockCode: '600000.SH', name: '测试公司' }, instrument: 'convertible_bond', amount: '60000000.00', date: '2019-03-01', screeningId: screening.id })
        .expect(201)
    ).body;
    // The refused request used up no id, on either database (a pg sequence does not roll back).
    expect(booked.id).to.equal(1);
    const entry = (await api.as('viewer').get(`/journal/${booked.entryId}`).expect(200)).body;
    expect(entry.lines.map((l: Body) => l.account)).to.include(`assets:PHX-RELIEF:investments:600000.SH:convertible_bond:${booked.id}:cost`);
  });
});
