import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { fundLife } from '../helpers/report-scenario';
import { ok, seedReference } from '../helpers/fund-scenario';
import { EXAMPLE_TERMS } from '../helpers/terms-example';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const LINES = ['openingNav', 'contributions', 'distributions', 'investmentIncome', 'lateInterestCollected', 'managementFees', 'otherExpenses', 'realisedGains', 'unrealisedChange', 'closingNav'];
const SIGN: Record<string, bigint> = { contributions: 1n, distributions: -1n, investmentIncome: 1n, lateInterestCollected: 1n, managementFees: -1n, otherExpenses: -1n, realisedGains: 1n, unrealisedChange: 1n };

/** Yuan text to fen, read digit by digit (no floats). */
function fen(yuan: string): bigint {
  const negative = yuan.startsWith('-');
  const [whole, part = ''] = yuan.replace('-', '').split('.');
  const value = BigInt(whole) * 100n + BigInt(`${part}00`.slice(0, 2));
  return negative ? -value : value;
}

function yuan(value: bigint): string {
  const magnitude = value < 0n ? -value : value;
  return `${value < 0n ? '-' : ''}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The statement recomputed from the trial balance alone: NAV is every asset and liability but the
 * partners' receivables, and each line is the movement of the accounts named for it here.
 */
async function expectedFromTrialBalance(api: TestApi, fund: string, from: string, to: string): Promise<Record<string, string>> {
  const balances = async (asOf: string) => {
    const tb = (await api.as('viewer').get(`/ledger/trial-balance?fund=${fund}&asOf=${asOf}`)).body;
    return new Map<string, bigint>(tb.accounts.map((a: Body) => [a.account as string, fen(a.balance)]));
  };
  const [before, after] = [await balances(dayBefore(from)), await balances(to)];
  const moved = (test: RegExp) => [...new Set([...before.keys(), ...after.keys()])].filter((a) => test.test(a)).reduce((s, a) => s + (after.get(a) ?? 0n) - (before.get(a) ?? 0n), 0n);
  const navOf = (m: Map<string, bigint>) => [...m].filter(([a]) => /^(assets|liabilities):/.test(a) && !/^assets:[^:]+:(receivable|late-interest):/.test(a)).reduce((s, [, b]) => s + b, 0n);
  const revaluation = moved(/^assets:[^:]+:fund-interests:[^:]+:look-through$/);
  const expected = {
    openingNav: navOf(before),
    contributions: -moved(/^(equity:[^:]+:contributed|assets:[^:]+:receivable):/),
    distributions: moved(/^equity:[^:]+:(distributed|carried-interest):/),
    investmentIncome: -moved(/^income:[^:]+:(investment-income|fund-gains|equalisation-interest):/) - revaluation,
    lateInterestCollected: -moved(/^(assets:[^:]+:late-interest:|income:[^:]+:late-interest$)/),
    managementFees: moved(/^(equity:[^:]+:fees:|expenses:[^:]+:management_fee$)/),
    otherExpenses: moved(/^expenses:/) - moved(/^expenses:[^:]+:management_fee$/),
    realisedGains: -moved(/^income:[^:]+:realized-gains$/),
    unrealisedChange: -moved(/^income:[^:]+:unrealized-gains$/) + revaluation,
    closingNav: navOf(after),
  };
  return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, yuan(v)]));
}

/** opening + Σ sign × line, from the statement's own figures. */
function explained(statement: Body): bigint {
  return Object.entries(SIGN).reduce((s, [k, sign]) => s + sign * fen(statement[k]), fen(statement.openingNav));
}

describe(`statement of changes in net assets (${TEST_DIALECT})`, () => {
  let api: TestApi;
  afterEach(() => api.dispose());

  describe('over a fund life with a sub-fund, a sale, income, a distribution, a reversed fee and a period close', () => {
    beforeEach(async () => {
      api = await testApi();
      await fundLife(api);
      await ok(api.as('fund_manager').post('/funds/PHX/periods/close', { through: '2019-06-30' }), 200);
    });

    it('ties each fund to the fen, line by line as the trial balance gives them, over the whole life and over a part of it', async () => {
      for (const fund of ['PHX', 'PHX-RELIEF']) {
        for (const [from, to] of [
          ['2018-12-01', '2019-12-31'],
          ['2019-03-01', '2019-06-30'],
          ['2019-07-01', '2019-07-15'],
        ]) {
          const statement = await ok(api.as('viewer').get(`/funds/${fund}/changes-in-net-assets?from=${from}&to=${to}`), 200);
          expect(statement).to.include({ fund, from, to, navBasis: 'booked' });
          const expected = await expectedFromTrialBalance(api, fund, from, to);
          expect(Object.fromEntries(LINES.map((k) => [k, statement[k]])), `${fund} ${from}..${to}`).to.deep.equal(expected);
          expect(yuan(explained(statement)), `${fund} ${from}..${to}`).to.equal(statement.closingNav);
          expect(statement.lines.map((l: Body) => l.key)).to.deep.equal(LINES);
          for (const line of statement.lines) expect(line.label).to.match(new RegExp(`^[\\u4e00-\\u9fff]+ ${line.key}$`));
        }
      }
    });

    it('gives the relief fund’s life in figures worked by hand, its closing NAV that of the fund figures', async () => {
      const s = await ok(api.as('viewer').get('/funds/PHX-RELIEF/changes-in-net-assets?to=2019-12-31'), 200);
      // Called and paid 100,000,000.00; valued +6,000,000.00, half sold for 36,000,000.00 against cost
      // 30,000,000.00 (so 3,000,000.00 of the unrealised gain released); income 1,000,000.00; the
      // fee expense reversed; 50,000,000.03 distributed.
      expect(s).to.include({
        openingNav: '0.00',
        contributions: '100000000.00',
        distributions: '50000000.03',
        investmentIncome: '1000000.00',
        lateInterestCollected: '0.00',
        managementFees: '0.00',
        otherExpenses: '0.00',
        realisedGains: '6000000.00',
        unrealisedChange: '3000000.00',
        closingNav: '59999999.97',
      });
      const fund = await ok(api.as('viewer').get('/funds/PHX-RELIEF?asOf=2019-12-31'), 200);
      expect(s.closingNav).to.equal(fund.nav);
      // PHX, as of its close, carries its interest at look-through value: booked and look-through NAV agree.
      const phx = await ok(api.as('viewer').get('/funds/PHX/changes-in-net-assets?to=2019-06-30'), 200);
      expect(phx.closingNav).to.equal((await ok(api.as('viewer').get('/funds/PHX?asOf=2019-06-30'), 200)).nav);
      expect(phx.unrealisedChange).to.not.equal('0.00');
    });

    it('the report has one row per fund that ties, with the fund filter and the period; CSV and XLSX come too', async () => {
      const all = await ok(api.as('viewer').get('/reports/changes-in-net-assets?from=2019-01-01&to=2019-12-31'), 200);
      expect(all).to.include({ name: 'changes-in-net-assets', asOf: '2019-12-31' });
      const codes = (await ok(api.as('viewer').get('/funds'), 200)).funds.map((f: Body) => f.code).sort();
      expect(all.rows.map((r: Body) => r.fund).sort()).to.deep.equal(codes);
      for (const row of all.rows) {
        expect(row).to.include({ from: '2019-01-01', to: '2019-12-31' });
        expect(yuan(explained(row)), row.fund).to.equal(row.closingNav);
      }
      for (const key of LINES) expect(all.totals[key], key).to.equal(yuan(all.rows.reduce((s: bigint, r: Body) => s + fen(r[key]), 0n)));
      const one = await ok(api.as('viewer').get('/reports/changes-in-net-assets?fund=PHX-RELIEF&from=2019-03-01&asOf=2019-06-30'), 200);
      expect(one.rows).to.have.length(1);
      const route = await ok(api.as('viewer').get('/funds/PHX-RELIEF/changes-in-net-assets?from=2019-03-01&to=2019-06-30'), 200);
      for (const key of LINES) expect(one.rows[0][key], key).to.equal(route[key]);
      const csv = await api.as('viewer').get('/reports/changes-in-net-assets?fund=PHX-RELIEF&format=csv&to=2019-12-31');
      expect(csv.status).to.equal(200);
      expect(csv.text).to.include('期初净资产 openingNav').and.include('期末净资产 closingNav').and.include('59999999.97');
      const xlsx = await api.as('viewer').get('/reports/changes-in-net-assets?format=xlsx&to=2019-12-31');
      expect(xlsx.status).to.equal(200);
    });

    it('refuses an unknown fund, a period that ends before it starts, and two different ends', async () => {
      expectProblem(await api.as('viewer').get('/funds/NOPE/changes-in-net-assets'), 404, 'NOT_FOUND');
      expectProblem(await api.as('viewer').get('/funds/PHX/changes-in-net-assets?from=2019-07-01&to=2019-06-30'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('viewer').get('/funds/PHX/changes-in-net-assets?from=2019-02-30'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('viewer').get('/reports/changes-in-net-assets?fund=NOPE'), 404, 'NOT_FOUND');
      expectProblem(await api.as('viewer').get('/reports/changes-in-net-assets?from=2019-07-01&to=2019-06-30'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('viewer').get('/reports/changes-in-net-assets?to=2019-06-30&asOf=2019-07-01'), 400, 'VALIDATION_FAILED');
      expectProblem(await api.as('viewer').get('/reports/performance?from=2019-01-01'), 400, 'VALIDATION_FAILED');
    });
  });

  describe('under fund terms: late interest, management fees and their payment, an expense', () => {
    let fees: bigint;
    beforeEach(async () => {
      api = await testApi();
      await seedReference(api);
      const m = api.as('fund_manager');
      await ok(m.post('/investors', { code: 'BANK-A', name: '合作银行A（测试）', category: 'financial_institution', capitalClass: 'social' }));
      await ok(m.post('/investors', { code: 'MGR-A', name: '管理人A（测试）', category: 'manager', capitalClass: 'social' }));
      await ok(m.patch('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }), 200);
      await ok(request(api.app).put('/api/v1/funds/PHX-RELIEF/terms').set('Authorization', `Bearer ${api.tokens.fund_manager}`).send({ ...EXAMPLE_TERMS, investmentPeriodEnd: '2026-12-31' }));
      await ok(m.post('/funds/PHX-RELIEF/commitments', { investor: 'BANK-A', amount: '10000000.00', date: '2024-01-02' }));
      const call = await ok(m.post('/funds/PHX-RELIEF/capital-calls', { amount: '1000000.00', date: '2024-03-01', dueDate: '2024-03-31' }));
      await ok(m.post(`/capital-calls/${call.id}/payments`, { investor: 'BANK-A', amount: '400000.00', date: '2024-04-10' }));
      const fee = await ok(m.post('/funds/PHX-RELIEF/management-fees', { period: '2024Q1', date: '2024-04-01' }));
      fees = fen(fee.amount);
      await ok(m.post(`/capital-calls/${call.id}/late-interest`, { investor: 'BANK-A', date: '2024-04-30' }));
      await ok(m.post(`/capital-calls/${call.id}/late-interest-payments`, { investor: 'BANK-A', amount: '5000.00', date: '2024-05-06' }));
      await ok(m.post('/funds/PHX-RELIEF/fee-payments', { amount: '20000.00', date: '2024-05-07' }));
      await ok(m.post('/funds/PHX-RELIEF/expenses', { amount: '1234.56', date: '2024-05-08', kind: 'audit' }));
    });

    it('late interest counts only as collected, fees charged to capital and other expenses lower NAV, paying the manager does not', async () => {
      const s = await ok(api.as('viewer').get('/funds/PHX-RELIEF/changes-in-net-assets?to=2024-06-30'), 200);
      expect(fees > 0n).to.equal(true);
      // 11,000.00 late interest charged, 5,000.00 of it paid; 400,000.00 of the 1,000,000.00 call paid.
      expect(s).to.include({
        openingNav: '0.00',
        contributions: '400000.00',
        distributions: '0.00',
        lateInterestCollected: '5000.00',
        managementFees: yuan(fees),
        otherExpenses: '1234.56',
        closingNav: yuan(400_000_00n + 5_000_00n - fees - 1_234_56n),
      });
      expect(s.closingNav).to.equal((await ok(api.as('viewer').get('/funds/PHX-RELIEF?asOf=2024-06-30'), 200)).nav);
      for (const [from, to] of [
        ['2024-01-01', '2024-06-30'],
        ['2024-04-11', '2024-05-06'],
        ['2024-05-07', '2024-05-07'],
      ]) {
        const part = await ok(api.as('viewer').get(`/funds/PHX-RELIEF/changes-in-net-assets?from=${from}&to=${to}`), 200);
        expect(Object.fromEntries(LINES.map((k) => [k, part[k]])), `${from}..${to}`).to.deep.equal(await expectedFromTrialBalance(api, 'PHX-RELIEF', from, to));
        expect(yuan(explained(part))).to.equal(part.closingNav);
      }
      const paidDay = await ok(api.as('viewer').get('/funds/PHX-RELIEF/changes-in-net-assets?from=2024-05-07&to=2024-05-07'), 200);
      expect(paidDay.openingNav).to.equal(paidDay.closingNav);
    });
  });
});
