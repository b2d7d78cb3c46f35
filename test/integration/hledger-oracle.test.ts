import { execFileSync, spawnSync } from 'node:child_process';
import { reliefApplicant } from '../helpers/applicant-builders';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { testApi, type TestApi } from '../helpers/api';
import { STANDARD_TERMS } from '../helpers/fund-scenario';
import { TEST_DIALECT } from '../helpers/database';
import { fundLife } from '../helpers/report-scenario';

/** hledger's version line, or null when it is not installed. */
function hledgerVersion(): string | null {
  const probe = spawnSync('hledger', ['--version'], { encoding: 'utf8' });
  return probe.error || probe.status !== 0 ? null : probe.stdout.trim();
}

/** Yuan text as hledger prints it ("CNY 1,234.50", "CNY -0.01", "0") to fen. */
function fenOf(amount: string): bigint {
  const text = amount.replace(/CNY|,|\s/g, '');
  const [whole, cents = ''] = text.replace('-', '').split('.');
  const magnitude = BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'));
  return text.startsWith('-') ? -magnitude : magnitude;
}

/**
 * An external oracle: Debian's hledger (installed by .ci/run) must accept the exported journal under
 * --strict, and its balance of every account must equal our trial balance.
 */
describe(`the hledger journal, checked by hledger itself (${TEST_DIALECT})`, function () {
  let api: TestApi;
  let dir: string;

  before(function () {
    const version = hledgerVersion();
    if (!version) {
      if (process.env.CI) throw new Error('hledger is not installed: CI must run `apt-get install -y hledger` (see .ci/run) so this oracle runs');
      this.skip();
    }
  });
  beforeEach(async () => {
    api = await testApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phoenix-hledger-'));
    await fundLife(api);
    // More history: a second PHX call paid in part, a late fee on PHX, and a reversed payment.
    const m = api.as('fund_manager');
    const call = (await m.post('/funds/PHX/capital-calls', { amount: '10000000.00', date: '2019-08-01', dueDate: '2019-08-31' })).body;
    const [first, second] = call.allocations as Array<{ investor: string; amount: string }>;
    const paid = (await m.post(`/capital-calls/${call.id}/payments`, { investor: first.investor, amount: first.amount, date: '2019-08-20' })).body;
    expect(paid.entryId).to.be.a('number');
    await m.post(`/capital-calls/${call.id}/payments`, { investor: second.investor, amount: '1000.01', date: '2019-08-21' });
    expect((await m.post(`/journal/${paid.entryId}/reversal`, { reason: 'bounced', date: '2019-08-25' })).status).to.equal(201);
    expect((await m.post('/funds/PHX/expenses', { amount: '12345.67', date: '2019-09-01', kind: 'audit_fee', memo: 'audit; 2019 (first half)' })).status).to.equal(201);
    // Fund terms: a management fee payable to the manager, and a waterfall distribution by tier
    // (PHX's part landing in its own cash).
    expect((await m.post('/investors', { code: 'MGR-A', name: '管理人A', category: 'manager', capitalClass: 'social' })).status).to.equal(201);
    const terms = { ...STANDARD_TERMS, equalisationRate: '0' };
    const put = await request(api.app).put('/api/v1/funds/PHX-RELIEF/terms').set('Authorization', `Bearer ${api.tokens.fund_manager}`).send(terms);
    expect(put.status, put.text).to.equal(201);
    expect((await m.post('/funds/PHX-RELIEF/management-fees', { period: '2019Q3' })).status).to.equal(201);
    const waterfall = await m.post('/funds/PHX-RELIEF/distributions', { amount: '1000000.00', date: '2019-10-01' });
    expect(waterfall.status, waterfall.text).to.equal(201);
    expect(waterfall.body.allocations[0]).to.have.property('returnOfCapital');
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await api.dispose();
  });

  async function exportJournal(query: string): Promise<string> {
    const res = await api.as('viewer').get(`/reports/journal?format=hledger${query}`);
    expect(res.status, res.text).to.equal(200);
    const file = path.join(dir, `export${query.replace(/\W/g, '_')}.journal`);
    fs.writeFileSync(file, res.text);
    return file;
  }

  function hledgerBalances(file: string): Map<string, bigint> {
    execFileSync('hledger', ['-f', file, 'check', '--strict'], { encoding: 'utf8' });
    const csv = execFileSync('hledger', ['-f', file, 'bal', '--flat', '--no-total', '--empty', '-O', 'csv'], { encoding: 'utf8' });
    const rows: string[][] = parse(csv);
    expect(rows[0]).to.deep.equal(['account', 'balance']);
    return new Map(rows.slice(1).map(([account, balance]) => [account, fenOf(balance)]));
  }

  async function trialBalance(query: string): Promise<Map<string, bigint>> {
    const tb = (await api.as('viewer').get(`/ledger/trial-balance${query}`)).body;
    return new Map(tb.accounts.map((a: { account: string; balance: string }) => [a.account, fenOf(a.balance)]));
  }

  function expectSameBalances(ours: Map<string, bigint>, theirs: Map<string, bigint>): void {
    expect(ours.size).to.be.greaterThan(10);
    for (const [account, balance] of ours) expect(theirs.get(account) ?? 0n, account).to.equal(balance);
    for (const [account, balance] of theirs) expect(ours.get(account) ?? 0n, account).to.equal(balance);
  }

  it('passes `hledger check --strict` and `hledger bal` equals the trial balance, account by account', async () => {
    const theirs = hledgerBalances(await exportJournal(''));
    expectSameBalances(await trialBalance(''), theirs);
    expect(theirs.get('assets:PHX:cash')).to.be.a('bigint');
  });

  it('agrees with the deal book: a pledge financing taken over, an exchangeable bond, its coupon and an AAP valuation', async () => {
    const m = api.as('fund_manager');
    const holder = { code: 'ZJHOLD', name: '控股股东（测试）', creditCode: '91330110MA2B12345F', kind: 'controlling_shareholder', listedCompany: '600000.SH' };
    expect((await m.post('/investees', holder)).status).to.equal(201);
    const screening = (await api.as('risk_officer').post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: '2019-09-20' })).body.id;
    const common = { investee: 'ZJHOLD', date: '2019-10-02', screeningId: screening, underlying: { stockCode: '600000.SH', pledgedShares: 1_000_000 }, maturityDate: '2021-10-02' };
    const pledge = await m.post('/funds/PHX-RELIEF/investments', { ...common, instrument: 'pledge_refinancing', amount: '1000000.00', rate: '0.06', warningLine: '1.60', liquidationLine: '1.40' });
    expect(pledge.status, pledge.text).to.equal(201);
    const bond = await m.post('/funds/PHX-RELIEF/investments', { ...common, instrument: 'exchangeable_bond', amount: '500000.00', exchangePrice: '9.5000', couponRate: '0.03' });
    expect(bond.status, bond.text).to.equal(201);
    expect((await m.post(`/investments/${pledge.body.id}/exits`, { kind: 'income', proceeds: '30000.00', cost: '0.00', date: '2019-11-01' })).status).to.equal(201);
    expect((await m.post(`/investments/${pledge.body.id}/exits`, { kind: 'repayment', proceeds: '400000.00', cost: '400000.00', date: '2019-11-02', channel: 'buyback' })).status).to.equal(201);
    const theirs = hledgerBalances(await exportJournal(''));
    expectSameBalances(await trialBalance(''), theirs);
    expect(theirs.get(`assets:PHX-RELIEF:investments:ZJHOLD:pledge_refinancing:${pledge.body.id}:cost`)).to.equal(60_000_000n);
    expect((await api.as('viewer').get('/ledger/verify')).body.ok).to.equal(true);
  });

  it('agrees as of a date, and for one fund', async () => {
    expectSameBalances(await trialBalance('?asOf=2019-05-31'), hledgerBalances(await exportJournal('&asOf=2019-05-31')));
    const phx = hledgerBalances(await exportJournal('&fund=PHX'));
    expectSameBalances(await trialBalance('?fund=PHX'), phx);
    expect([...phx.keys()].every((a) => a.split(':')[1] === 'PHX')).to.equal(true);
  });

  it('agrees after a period close that booked a look-through revaluation', async () => {
    const closed = await api.as('fund_manager').post('/funds/PHX/periods/close', { through: '2019-06-30' });
    expect(closed.status, closed.text).to.equal(200);
    expect(closed.body.entryIds).to.have.length(1);
    const theirs = hledgerBalances(await exportJournal(''));
    expectSameBalances(await trialBalance(''), theirs);
    expect(theirs.get('assets:PHX:fund-interests:PHX-RELIEF:look-through')).to.be.a('bigint').and.not.equal(0n);
    expectSameBalances(await trialBalance('?asOf=2019-06-30'), hledgerBalances(await exportJournal('&asOf=2019-06-30')));
  });

  it('the report answers the same journal as the hledger register: every entry, in order', async () => {
    const file = await exportJournal('');
    const register = execFileSync('hledger', ['-f', file, 'print', '-O', 'csv'], { encoding: 'utf8' });
    const codes = new Set((parse(register) as string[][]).slice(1).map((r) => r[4]));
    const entries = (await api.as('viewer').get('/journal?limit=1000')).body.entries as Array<{ id: number }>;
    expect([...codes].map(Number).sort((a, b) => a - b)).to.deep.equal(entries.map((e) => e.id));
  });
});
