import { expect } from 'chai';
import type request from 'supertest';
import { formatYuan, parseYuan } from '../../src/domain/money';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundedScenario } from '../helpers/fund-scenario';

/**
 * Many concurrent requests compete for one limit. Each round checks the limit held exactly: the
 * accepted ones fit within it (none too many), every refused one would not have fitted in what
 * was left at the end (none refused wrongly), and the fund's figures equal the sum of what was
 * accepted (no lost update). SQLite commits them in groups; PostgreSQL runs them on a pool, here
 * both smaller and larger than the number of requests.
 */

const ROUNDS = 4;
const tally = { rounds: 0, broken: 0 };

const variants = TEST_DIALECT === 'pg' ? [{ poolSize: 3 }, { poolSize: 12 }] : [{ poolSize: undefined }];

/** A random amount in fen between lo and hi yuan, as a yuan string. */
function randomYuan(lo: bigint, hi: bigint): string {
  const span = Number(hi - lo);
  return formatYuan(lo + BigInt(Math.floor(Math.random() * span)));
}

after(() => {
  if (tally.rounds > 0) console.log(`      races (${TEST_DIALECT}): ${tally.rounds} rounds, ${tally.broken} with a limit broken`);
});

for (const variant of variants) {
  const label = variant.poolSize ? `pool of ${variant.poolSize}` : 'group commit';
  describe(`races for one limit (${TEST_DIALECT}, ${label})`, function () {
    this.timeout(60_000);
    let api: TestApi;
    beforeEach(async () => {
      api = await testApi({ poolSize: variant.poolSize });
      await fundedScenario(api);
    });
    afterEach(() => api.dispose());

    const fund = async (code: string) => (await api.as('viewer').get(`/funds/${code}`)).body as Record<string, string>;
    const entryCount = async () => Number((await api.db.writer('journal_entries').count({ n: '*' }).first())?.n);

    /** Records a round: the limit held iff `held`; asserts it with a message that names the round. */
    function round(held: boolean, detail: string) {
      tally.rounds += 1;
      if (!held) tally.broken += 1;
      expect(held, detail).to.equal(true);
    }

    function settle(results: request.Response[], asked: string[], refusal: string) {
      const accepted = results.flatMap((r, i) => (r.status === 201 ? [parseYuan(asked[i])] : []));
      const refused = results.flatMap((r, i) => (r.status !== 201 ? [{ amount: parseYuan(asked[i]), status: r.status, code: r.body.code }] : []));
      const wrongRefusals = refused.filter((r) => r.status !== 422 || r.code !== refusal);
      expect(wrongRefusals, JSON.stringify(wrongRefusals)).to.deep.equal([]);
      return { accepted: accepted.reduce((s, a) => s + a, 0n), count: accepted.length, refused: refused.map((r) => r.amount) };
    }

    it('commitments racing for the room left under a target size never exceed it, and fill it as far as they fit', async () => {
      const m = api.as('fund_manager');
      expect((await m.patch('/funds/PHX-MA', { targetSize: '1000000.00', status: 'active' })).status).to.equal(200);
      for (let r = 0; r < ROUNDS; r += 1) {
        const before = await fund('PHX-MA');
        const room = parseYuan(before.targetSize) - parseYuan(before.committed);
        const asked = Array.from({ length: 30 }, () => randomYuan(parseYuan('20000.00'), parseYuan('80000.00')));
        const investors = ['BANK-A', 'SEC-A', 'PRIV-A'];
        const results = await Promise.all(asked.map((amount, i) => m.post('/funds/PHX-MA/commitments', { investor: investors[i % 3], amount, date: '2019-02-01' })));
        const { accepted, count, refused } = settle(results, asked, 'COMMITMENT_EXCEEDS_TARGET');
        const after = await fund('PHX-MA');
        const left = parseYuan(after.targetSize) - parseYuan(after.committed);
        round(
          accepted <= room && left === room - accepted && refused.every((a) => a > left) && count > 0 && refused.length > 0,
          `round ${r}: room ${room}, accepted ${accepted} in ${count}, left ${left}, refused ${refused.join(',')}`,
        );
        // Open more room for the next round, at an uneven amount.
        await api.as('admin').patch('/funds/PHX-MA', { targetSize: formatYuan(parseYuan(after.targetSize) + parseYuan(randomYuan(parseYuan('900000.00'), parseYuan('1100000.00')))) });
      }
      expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });

    it('expenses and distributions racing for the same cash never overdraw it, round after round of new capital', async () => {
      const m = api.as('fund_manager');
      for (let r = 0; r < ROUNDS; r += 1) {
        if (r > 0) {
          const call = await m.post('/funds/PHX/capital-calls', { amount: randomYuan(parseYuan('5000000.00'), parseYuan('9000000.00')), date: '2019-03-01', dueDate: '2019-04-01' });
          expect(call.status, JSON.stringify(call.body)).to.equal(201);
          for (const a of call.body.allocations as Array<{ investor: string; amount: string }>) {
            expect((await m.post(`/capital-calls/${call.body.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-03-05' })).status).to.equal(201);
          }
        }
        const before = await fund('PHX');
        const cash = parseYuan(before.cash);
        const asked = Array.from({ length: 40 }, () => randomYuan(cash / 40n, cash / 12n));
        const results = await Promise.all(
          asked.map((amount, i) =>
            i % 2 === 0
              ? m.post('/funds/PHX/expenses', { amount, date: '2019-03-10', kind: 'other', memo: `round ${r} #${i}` })
              : m.post('/funds/PHX/distributions', { amount, date: '2019-03-10' }),
          ),
        );
        const { accepted, count, refused } = settle(results, asked, 'INSUFFICIENT_CASH');
        const after = await fund('PHX');
        const left = parseYuan(after.cash);
        round(
          accepted <= cash && left === cash - accepted && refused.every((a) => a > left) && count > 0 && refused.length > 0,
          `round ${r}: cash ${cash}, accepted ${accepted} in ${count}, left ${left}, refused ${refused.join(',')}`,
        );
      }
      const verify = (await api.as('viewer').get('/ledger/verify')).body;
      expect(verify.ok, JSON.stringify(verify.problems)).to.equal(true);
    });

    it('the same Idempotency-Key sent many times at once books one entry and answers every copy alike', async () => {
      const m = api.as('fund_manager');
      const requests: Array<[string, object]> = [
        ['/funds/PHX/expenses', { amount: '12.34', date: '2019-03-10', kind: 'audit_fee' }],
        ['/funds/PHX-RELIEF/capital-calls', { amount: '1000000.00', date: '2019-03-10', dueDate: '2019-04-10' }],
        ['/funds/PHX/distributions', { amount: '1000.01', date: '2019-03-10' }],
        ['/funds/PHX/expenses', { amount: '0.01', date: '2019-03-11', kind: 'bank_charge' }],
      ];
      for (let r = 0; r < ROUNDS; r += 1) {
        const [path, body] = requests[r % requests.length];
        const key = `race-${r}-${Math.random().toString(36).slice(2)}`;
        const before = await entryCount();
        const results = await Promise.all(Array.from({ length: 20 }, () => m.post(path, body, { 'Idempotency-Key': key })));
        const statuses = results.map((res) => res.status);
        const fresh = results.filter((res) => res.headers['idempotent-replayed'] !== 'true');
        const bodies = new Set(results.map((res) => JSON.stringify(res.body)));
        const added = (await entryCount()) - before;
        round(
          statuses.every((s) => s === 201) && fresh.length === 1 && bodies.size === 1 && added === 1,
          `round ${r} ${path}: statuses ${statuses.join(',')}, fresh ${fresh.length}, distinct bodies ${bodies.size}, entries added ${added}`,
        );
      }
    });

    it('one Idempotency-Key sent at once with different bodies books exactly one of them', async () => {
      const m = api.as('fund_manager');
      for (let r = 0; r < ROUNDS; r += 1) {
        const key = `conflict-${r}-${Math.random().toString(36).slice(2)}`;
        const before = await entryCount();
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) => m.post('/funds/PHX/expenses', { amount: `${i + 1}.00`, date: '2019-03-10', kind: 'other' }, { 'Idempotency-Key': key })),
        );
        const created = results.filter((res) => res.status === 201);
        const conflicts = results.filter((res) => res.status === 409 && res.body.code === 'IDEMPOTENCY_CONFLICT');
        const added = (await entryCount()) - before;
        round(created.length === 1 && conflicts.length === 11 && added === 1, `round ${r}: ${results.map((res) => res.status).join(',')}, entries added ${added}`);
      }
    });

    it('many reversals of one entry at once reverse it exactly once', async () => {
      const m = api.as('fund_manager');
      for (let r = 0; r < ROUNDS; r += 1) {
        const expense = await m.post('/funds/PHX/expenses', { amount: '5.00', date: '2019-03-10', kind: 'other' });
        const cash = parseYuan((await fund('PHX')).cash);
        const results = await Promise.all(Array.from({ length: 15 }, () => m.post(`/journal/${expense.body.entryId}/reversal`, { reason: 'booked twice by mistake' })));
        const created = results.filter((res) => res.status === 201);
        for (const res of results.filter((x) => x.status !== 201)) expectProblem(res, 409, 'ALREADY_REVERSED');
        const after = parseYuan((await fund('PHX')).cash);
        round(created.length === 1 && after === cash + parseYuan('5.00'), `round ${r}: ${results.map((res) => res.status).join(',')}, cash ${cash} → ${after}`);
      }
      expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
    });
  });
}
