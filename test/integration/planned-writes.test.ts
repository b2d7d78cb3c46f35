import { expect } from 'chai';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { callCapital, recordCommitment, recordExpense, recordPayment } from '../../src/application/fund-event-service';
import { createInvestor } from '../../src/application/fund-service';
import { runSeeds } from '../../seeds';
import { runCommand, type CommandContext } from '../../src/application/command-runner';
import { bookReversal, verifyLedger } from '../../src/application/journal-service';
import { importEventsCsv } from '../../src/import/import-events-file';
import type { DomainError } from '../../src/domain/errors';
import { testApi, type TestApi } from '../helpers/api';
import { sharedDatabase, TEST_DIALECT } from '../helpers/database';
import { seedReference, TEST_INVESTORS } from '../helpers/fund-scenario';
import { refuseUnapproved } from '../helpers/import-approvals';

const EVENTS_OPTIONS = { clock: systemClock, today: '2026-01-01', screeningValidityDays: 180 };

/**
 * The writer plans a group in memory and writes it in bulk: journal entries and event rows too,
 * under ids it assigns; a group's Idempotency-Keys are read in one statement; an import's refs are
 * resolved inside the writer, so its groups stay large.
 */
describe(`the writer plans each group and writes it in bulk (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let statements: string[];
  beforeEach(async () => {
    api = await testApi();
    await seedReference(api);
    const m = api.as('fund_manager');
    for (const investor of TEST_INVESTORS) expect((await m.post('/investors', investor)).status).to.equal(201);
    statements = [];
    api.db.writer.on('query', (q: { sql?: string }) => statements.push(q.sql ?? ''));
  });
  afterEach(() => api.dispose());

  /** PHX with 1,000,000.00 of cash paid in. */
  async function funded(): Promise<void> {
    const m = api.as('fund_manager');
    expect((await m.post('/funds/PHX/commitments', { investor: 'YH-GOV', amount: '1000000.00', date: '2019-01-01' })).status).to.equal(201);
    const call = await m.post('/funds/PHX/capital-calls', { amount: '1000000.00', date: '2019-01-02', dueDate: '2019-01-31' });
    expect((await m.post(`/capital-calls/${call.body.id}/payments`, { investor: 'YH-GOV', amount: '1000000.00', date: '2019-01-03' })).status).to.equal(201);
    statements = [];
  }

  const context = (n: number): CommandContext => ({
    actor: { tokenId: 1, name: 'manager', role: 'fund_manager' },
    requestId: `req-${n}`,
    now: new Date('2019-03-01T00:00:00Z'),
    idempotency: { key: `key-${n}`, fingerprint: `f-${n}` },
    answer: (result) => ({ status: 201, body: { id: (result as { id: number }).id } }),
  });
  const matching = (pattern: RegExp) => statements.filter((sql) => pattern.test(sql)).length;
  const expense = (n: number) => recordExpense(api.db, context(n), 'PHX', { amount: '1.00', date: '2019-03-01', kind: 'audit' }, EVENTS_OPTIONS);

  it('a group of postings writes its entries and event rows in one statement each, under distinct ids it answered at once', async () => {
    await funded();
    const outcomes = await Promise.all(Array.from({ length: 41 }, (_, n) => expense(n)));
    const ids = outcomes.map((o) => (o.replayed ? 0 : o.result.id));
    expect(new Set(ids).size).to.equal(41);
    // The first request opens a group alone; the other 40 form the next one.
    expect(matching(/^insert into [`"]?expenses[`"]? /i)).to.equal(2);
    expect(matching(/^insert into [`"]?journal_entries[`"]? /i)).to.equal(2);
    const rows = await api.db.writer('expenses').orderBy('id');
    expect(rows.map((r) => Number(r.id))).to.deep.equal([...ids].sort((a, b) => a - b));
    // Each answered id is the row that holds that request's entry.
    for (const outcome of outcomes) {
      if (outcome.replayed) throw new Error('nothing was replayed');
      const row = rows.find((r) => Number(r.id) === outcome.result.id);
      expect(Number(row.entry_id)).to.equal(outcome.result.entryId);
    }
    // A later group, and a write outside any group, go on from the ids already taken.
    const later = await expense(100);
    expect(later.replayed ? 0 : later.result.id).to.be.greaterThan(Math.max(...ids));
    const report = await verifyLedger(api.db);
    expect(report.problems).to.deep.equal([]);
  });

  it("reads a group's Idempotency-Keys in one statement, and replays a key booked earlier without booking it again", async () => {
    await funded();
    const first = await expense(7);
    statements = [];
    const outcomes = await Promise.all([expense(1000), ...Array.from({ length: 20 }, (_, n) => expense(n))]);
    expect(matching(/from [`"]?idempotency_keys[`"]?/i)).to.be.within(1, 2);
    expect(outcomes[8]).to.deep.equal({ replayed: true, answer: { status: 201, body: { id: first.replayed ? 0 : first.result.id } } });
    expect(outcomes.filter((o) => !o.replayed)).to.have.length(20);
    expect(Number((await api.db.writer('expenses').count({ n: '*' }).first())?.n)).to.equal(21);
  });

  it('an entry reversed twice in one group is booked once; the second is ALREADY_REVERSED, and the rest of the group stands', async () => {
    await funded();
    const booked = await expense(1);
    if (booked.replayed) throw new Error('a fresh key was replayed');
    const reverse = (n: number) =>
      runCommand(api.db, { ...context(n), answer: (result) => ({ status: 201, body: result }) }, {
        action: 'journal.reverse',
        execute: (repos) => bookReversal(repos, context(n), { entryId: booked.result.entryId, reason: 'entered twice', today: '2026-01-01' }),
      });
    statements = [];
    const outcomes = await Promise.allSettled([expense(2), reverse(3), reverse(4), expense(5)]);
    // All four ran in one group (after the first, which opens one alone).
    expect(matching(/^BEGIN/i)).to.be.at.most(2);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[2] as PromiseRejectedResult).reason as DomainError).code).to.equal('ALREADY_REVERSED');
    expect(await api.db.writer('journal_entries').where({ reverses: booked.result.entryId })).to.have.length(1);
    expect((await verifyLedger(api.db)).ok).to.equal(true);
  });

  it('a refusal inside a group leaves no event row, and the ids answered to the others are theirs', async () => {
    await funded();
    const outcomes = await Promise.allSettled([
      expense(1),
      expense(2),
      recordExpense(api.db, context(3), 'PHX', { amount: '99999999.00', date: '2019-03-01', kind: 'audit' }, EVENTS_OPTIONS),
      expense(4),
    ]);
    expect(outcomes.map((o) => o.status)).to.deep.equal(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[2] as PromiseRejectedResult).reason as DomainError).code).to.equal('INSUFFICIENT_CASH');
    const rows = await api.db.writer('expenses').orderBy('id');
    expect(rows).to.have.length(3);
    const answered = outcomes.flatMap((o) => (o.status === 'fulfilled' && !o.value.replayed ? [o.value.result] : []));
    for (const result of answered) expect(Number(rows.find((r) => Number(r.id) === result.id)?.entry_id)).to.equal(result.entryId);
  });

  it("an import resolves its refs inside the writer: a call and the payments naming it share a group, and the file books in a few transactions", async () => {
    const header = 'type,date,ref,fund,investor,amount,dueDate,callRef';
    const lines = [header, 'commitment,2019-02-01,,PHX,YH-GOV,1000000.00,,', 'commitment,2019-02-01,,PHX,SOE-A,3000000.00,,'];
    for (let n = 0; n < 60; n += 1) {
      lines.push(`capital_call,2019-02-02,call-${n},PHX,,20000.00,2019-02-28,`);
      lines.push(`payment,2019-02-03,,,YH-GOV,5000.00,,call-${n}`);
      lines.push(`payment,2019-02-03,,,SOE-A,15000.00,,call-${n}`);
    }
    statements = [];
    const report = await importEventsCsv(api.db, lines.join('\n'), { source: 'calls.csv', events: EVENTS_OPTIONS, approvals: refuseUnapproved(EVENTS_OPTIONS.today) });
    expect(report.refused).to.deep.equal([]);
    expect(report).to.include({ rows: 182, booked: 182 });
    // Before, every payment waited for its call's commit: 60 transactions or more.
    const transactions = matching(/^BEGIN/i);
    expect(transactions).to.be.at.least(1).and.at.most(4);
    const payments = await api.db.writer('payments').join('capital_calls', 'capital_calls.id', 'payments.capital_call_id').select('payments.amount', 'capital_calls.date');
    expect(payments).to.have.length(120);
    const again = await importEventsCsv(api.db, lines.join('\n'), { source: 'calls.csv', events: EVENTS_OPTIONS, approvals: refuseUnapproved(EVENTS_OPTIONS.today) });
    expect(again).to.include({ rows: 182, booked: 0, replayed: 182 });
    expect((await verifyLedger(api.db)).ok).to.equal(true);
  });
});

/**
 * What the writer keeps for a group (a call's payments, an investor's unfunded commitment) is
 * trusted only while no other process can change it: on PostgreSQL only once the group holds the
 * fund's lock. Two handles on one database, as two service processes, pay against one call and
 * call one commitment at once: nothing is paid or called twice.
 */
describe(`what the writer keeps for a group holds against a second process (${TEST_DIALECT})`, function () {
  this.timeout(120_000);
  let shared: Awaited<ReturnType<typeof sharedDatabase>>;
  const ctx = (n: number): CommandContext => ({ actor: { tokenId: 0, name: 'manager', role: 'fund_manager' }, requestId: `r-${n}`, now: new Date('2019-03-01T00:00:00Z') });
  beforeEach(async () => {
    shared = await sharedDatabase();
    const db = shared.first.db;
    await runSeeds(db, 'reference');
    await createInvestor(db, ctx(0), { code: 'LP-ONE', name: 'LP one', category: 'financial_institution', capitalClass: 'social' });
    await recordCommitment(db, ctx(0), 'PHX', { investor: 'LP-ONE', amount: '1000.00', date: '2019-01-01' }, EVENTS_OPTIONS);
  });
  afterEach(() => shared.dispose());

  it('payments racing against one call from two processes never pay more than it called', async () => {
    const call = await callCapital(shared.first.db, ctx(1), 'PHX', { amount: '100.00', date: '2019-01-02', dueDate: '2019-01-31' }, EVENTS_OPTIONS);
    if (call.replayed) throw new Error('a fresh call was replayed');
    const pay = (n: number) =>
      recordPayment(n % 2 ? shared.first.db : shared.second.db, ctx(n), call.result.id, { investor: 'LP-ONE', amount: '10.00', date: '2019-01-03' }, EVENTS_OPTIONS);
    const outcomes = await Promise.allSettled(Array.from({ length: 24 }, (_, n) => pay(n)));
    const booked = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as DomainError).code] : []));
    expect(booked).to.have.length(10);
    expect([...new Set(refused)]).to.deep.equal(['PAYMENT_EXCEEDS_CALLED']);
    const paid = await shared.first.db.writer('payments').where({ capital_call_id: call.result.id }).sum({ total: 'amount' }).first();
    expect(BigInt(String(paid?.total))).to.equal(10_000n);
    expect((await verifyLedger(shared.first.db)).ok).to.equal(true);
  });

  it('calls racing for one commitment from two processes never call more than was committed', async () => {
    const callOf = (n: number) =>
      callCapital(n % 2 ? shared.first.db : shared.second.db, ctx(n), 'PHX', { amount: '100.00', date: '2019-01-02', dueDate: '2019-01-31' }, EVENTS_OPTIONS);
    const outcomes = await Promise.allSettled(Array.from({ length: 16 }, (_, n) => callOf(n)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).to.have.length(10);
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as DomainError).code] : []));
    expect([...new Set(refused)]).to.deep.equal(['CALL_EXCEEDS_UNFUNDED']);
    const called = await shared.first.db.writer('capital_calls').where({ fund: 'PHX' }).sum({ total: 'amount' }).first();
    expect(BigInt(String(called?.total))).to.equal(100_000n);
    expect((await verifyLedger(shared.first.db)).ok).to.equal(true);
  });
});
