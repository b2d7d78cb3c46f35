import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createToken, tokenAuthenticator } from '../../src/application/token-service';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { addDays, todayIn } from '../../src/domain/dates';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import { runSeeds } from '../../seeds';
import { TEST_DIALECT, freshDatabase, type TestDatabase } from '../helpers/database';
import { reliefApplicant } from '../helpers/applicant-builders';

const CHROMIUM = '/usr/bin/chromium';
/** docs/deal-book-form.png and docs/deal-book-position.png with PHOENIX_SCREENSHOTS=docs, else test-output/. */
const SHOTS = path.resolve(__dirname, '..', '..', process.env.PHOENIX_SCREENSHOTS === 'docs' ? 'docs' : 'test-output');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const INVESTORS = [
  { code: 'YH-GOV', name: '余杭区政府产业基金出资平台（测试）', category: 'government_fund', capitalClass: 'government' },
  { code: 'BANK-A', name: '合作银行A（测试）', category: 'financial_institution', capitalClass: 'social' },
  { code: 'SEC-A', name: '合作券商A（测试）', category: 'securities_firm', capitalClass: 'social' },
  { code: 'PRIV-A', name: '社会资本A（测试）', category: 'private', capitalClass: 'social' },
];
const MANAGER = { username: 'wang', displayName: '王经理', role: 'fund_manager', password: 'wang-correct-horse' };
/** The controlling shareholder of 600000.SH whose share-pledge financing the relief fund takes over. */
const HOLDER = { code: 'ZJHOLD', name: '浙江某控股集团有限公司（测试）', creditCode: '91330110MA2B12345F', listedCompany: '600000.SH' };

interface Position {
  lockupEndsOn: string | null;
  lockupRule: string | null;
  window: { from: string; to: string };
  sellableShares: { exchange: number | null; blockTrade: number | null };
  agreementTransferMinimum: number | null;
  limited: boolean | null;
  reason: string;
  afterLockup: { from: string; exchange: number | null; blockTrade: number | null } | null;
}

/**
 * The deal book in the browser: a fund manager records an investee (a wrong credit code refused next
 * to its field), takes over a share-pledge financing through the investment form, which shows only
 * that instrument's fields and greys out what the fund's policy does not permit, and opens a listed
 * equity position from the fund page: its lock-up end and sellable shares by channel, as the API has them.
 */
describe(`the deal book in a real browser: investees, instruments, positions (${TEST_DIALECT})`, function () {
  this.timeout(120_000);

  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The app's PDF renderer (unused here, but part of its deps): the run must end it. */
  const pdf = new PdfRenderer();
  const tokens = {} as Record<'admin' | 'fund_manager' | 'risk_officer' | 'viewer', string>;
  const pageErrors: string[] = [];
  const offMachine: string[] = [];
  const today = todayIn('Asia/Shanghai', new Date());
  /** Block-trade shares bought 150 days ago: locked 6 months, so free within the next 90 days. */
  const boughtOn = addDays(today, -150);
  let equityId = 0;
  let pledgeScreening = 0;

  const api = async <T>(apiPath: string): Promise<T> => {
    const res = await fetch(`${base}/api/v1${apiPath}`, { headers: { Authorization: `Bearer ${tokens.viewer}` } });
    expect(res.status, `${apiPath}: ${res.status}`).to.equal(200);
    return (await res.json()) as T;
  };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- set-up bodies are read loosely
  const post = async (apiPath: string, body: unknown, role: keyof typeof tokens = 'fund_manager', method = 'POST'): Promise<any> => {
    const res = await fetch(`${base}/api/v1${apiPath}`, { method, headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${apiPath}: ${await res.clone().text()}`).to.be.oneOf([200, 201]);
    return res.json();
  };

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
      this.skip();
    }
    t = await freshDatabase();
    await runSeeds(t.db, 'reference');
    for (const role of ['admin', 'fund_manager', 'risk_officer', 'viewer'] as const) {
      tokens[role] = (await createToken(t.db, { role, name: `browser-${role}`, createdBy: 'test' })).token;
    }
    const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent', PHOENIX_APPROVALS: 'off' });
    const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: tokenAuthenticator(t.db), version: 'test', pdf });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await post('/users', MANAGER, 'admin');

    // PHX-RELIEF, 1bn, with PHX's (government-class) commitment: a loan is not permitted (210号 第十二条).
    for (const investor of INVESTORS) await post('/investors', investor);
    await post('/funds/PHX/commitments', { investor: 'YH-GOV', amount: '1200000000.00', date: '2018-12-10' });
    const phxCall = await post('/funds/PHX/capital-calls', { amount: '300000000.00', date: '2018-12-20', dueDate: '2019-01-10' });
    await post(`/capital-calls/${phxCall.id}/payments`, { investor: 'YH-GOV', amount: '300000000.00', date: '2019-01-05' });
    await post('/funds/PHX-RELIEF', { targetSize: '1000000000.00', status: 'active' }, 'fund_manager', 'PATCH');
    for (const [investor, amount] of [['PHX', '250000000.00'], ['BANK-A', '400000000.00'], ['SEC-A', '200000000.00'], ['PRIV-A', '150000000.00']]) {
      await post('/funds/PHX-RELIEF/commitments', { investor, amount, date: '2019-01-15' });
    }
    const call = await post('/funds/PHX-RELIEF/capital-calls', { amount: '600000000.00', date: '2019-02-01', dueDate: '2019-02-28' });
    for (const a of call.allocations as Array<{ investor: string; amount: string }>) {
      await post(`/capital-calls/${call.id}/payments`, { investor: a.investor, amount: a.amount, date: '2019-02-15' });
    }
    // A listed equity position: 60,000,000 of 1,000,000,000 shares (6%), bought by block trade.
    const equityScreening = await post('/screenings', { applicant: reliefApplicant('600519.SH'), screenedOn: addDays(boughtOn, -10) }, 'risk_officer');
    equityId = (await post('/funds/PHX-RELIEF/investments', {
      company: { stockCode: '600519.SH', name: '测试公司 600519.SH' }, instrument: 'equity', acquisitionMode: 'block_trade', shares: 60_000_000,
      amount: '250000000.00', date: boughtOn, screeningId: equityScreening.id,
    })).id;
    pledgeScreening = (await post('/screenings', { applicant: reliefApplicant('600000.SH'), screenedOn: addDays(today, -5) }, 'risk_officer')).id;
    // Obligations of the position: one due in 30 days (inside the 90-day window), one overdue, one far off.
    await post(`/investments/${equityId}/obligations`, { kind: 'buyback', counterparty: '控股股东回购', dueDate: addDays(today, 30), amount: '100000000.00' });
    await post(`/investments/${equityId}/obligations`, { kind: 'covenant', counterparty: '业绩对赌方', dueDate: addDays(today, -3) });
    await post(`/investments/${equityId}/obligations`, { kind: 'performance_commitment', counterparty: '远期承诺方', dueDate: addDays(today, 400), amount: '1.00' });

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) offMachine.push(request.url());
    });
    await page.goto(`${base}/`);
    await page.fill('#username', MANAGER.username);
    await page.fill('#password', MANAGER.password);
    await page.press('#password', 'Enter');
    await page.locator('#nav a[data-view="record"]').waitFor();
  });

  after(async () => {
    await context?.close();
    await browser?.close();
    await pdf.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.dispose();
  });

  const form = () => page.locator('#form-investment');
  const visibleFields = () => form().locator('.field:not([hidden])').evaluateAll((els) => els.map((el) => el.getAttribute('data-name')));

  it('offers every instrument, greys out what the fund’s policy does not permit, and shows only the chosen instrument’s fields', async () => {
    await page.click('#nav a[data-view="record"]');
    await page.selectOption('#event-type', 'investment');
    const labels = await form().locator('select[name="instrument"] option').evaluateAll((os) => os.map((o) => [o.getAttribute('value'), o.textContent]));
    expect(labels.map(([value]) => value)).to.deep.equal(['equity', 'unlisted_equity', 'exchangeable_bond', 'convertible_bond', 'pledge_refinancing', 'loan']);
    expect(labels[0][1]).to.equal('股权（上市） equity');
    expect(labels[4][1]).to.equal('股票质押纾困 pledge_refinancing');

    await form().locator('select[name="target"] option[value="PHX-RELIEF"]').waitFor({ state: 'attached' });
    await form().locator('select[name="target"]').selectOption('PHX-RELIEF');
    await form().locator('select[name="instrument"] option[data-permitted]').first().waitFor({ state: 'attached' });
    const policy = await api<{ permittedInstruments: string[] }>('/funds/PHX-RELIEF/investment-policy');
    expect(policy.permittedInstruments).to.not.include('loan');
    const marks = await form().locator('select[name="instrument"] option').evaluateAll((os) => os.map((o) => [o.getAttribute('value'), o.getAttribute('data-permitted'), o.hasAttribute('disabled')]));
    for (const [value, permitted, disabled] of marks) {
      const ok = policy.permittedInstruments.includes(value as string);
      expect([permitted, disabled], String(value)).to.deep.equal([String(ok), !ok]);
    }

    expect(await visibleFields()).to.include.members(['company.stockCode', 'shares', 'acquisitionMode', 'holderCategory', 'lockupEndsOn']).and.not.include('warningLine');
    await form().locator('select[name="instrument"]').selectOption('pledge_refinancing');
    expect(await visibleFields()).to.deep.equal([
      'target', 'investee', 'screeningId', 'instrument', 'amount', 'date',
      'underlying.stockCode', 'underlying.pledgedShares', 'principal', 'rate', 'maturityDate', 'warningLine', 'liquidationLine',
    ]);
  });

  it('records an investee: a wrong credit code is refused next to its field, in Chinese and English; the right one is chosen in the investment form', async () => {
    const investee = page.locator('#form-investee');
    await investee.locator('select[name="kind"]').selectOption('controlling_shareholder');
    expect(await investee.locator('.field[data-name="stockCode"]').isHidden()).to.equal(true);
    await investee.locator('[name="code"]').fill(HOLDER.code);
    await investee.locator('[name="name"]').fill(HOLDER.name);
    await investee.locator('[name="creditCode"]').fill('91330110MA2B12345G');
    await investee.locator('[name="listedCompany"]').fill(HOLDER.listedCompany);
    await investee.locator('[name="registeredDistrict"]').fill('330110');
    await investee.locator('button[type="submit"]').click();
    const error = investee.locator('.field-error[data-error-for="creditCode"]:not(:empty)');
    await error.waitFor();
    expect(await error.innerText()).to.match(/^统一社会信用代码校验未通过（GB 32100-2015）：the check character of "91330110MA2B12345G" is "G"; characters 1-17 give "F"$/);
    expect(await investee.locator('[name="creditCode"]').getAttribute('aria-invalid')).to.equal('true');
    expect((await api<{ investees: unknown[] }>('/investees?kind=controlling_shareholder')).investees).to.deep.equal([]);

    await investee.locator('[name="creditCode"]').fill(HOLDER.creditCode);
    await investee.locator('button[type="submit"]').click();
    await investee.locator('.form-status [data-investee="ZJHOLD"]').waitFor();
    const stored = (await api<{ investees: Array<Record<string, unknown>> }>('/investees?kind=controlling_shareholder')).investees;
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ code: 'ZJHOLD', kind: 'controlling_shareholder', creditCode: HOLDER.creditCode, listedCompany: '600000.SH' });
    // The investment form now offers it, chosen, with the company it controls as the underlying.
    await form().locator('select[name="investee"] option[value="ZJHOLD"]').waitFor({ state: 'attached' });
    await page.waitForFunction("document.querySelector('#form-investment [name=\"investee\"]').value === 'ZJHOLD'");
    expect(await form().locator('[name="underlying.stockCode"]').inputValue()).to.equal('600000.SH');
  });

  it('books a pledge refinancing through the form: a term the instrument needs is asked for, the rate typed as 6% goes as "0.06"', async () => {
    await form().locator(`select[name="screeningPick"] option[value="${pledgeScreening}"]`).waitFor({ state: 'attached' });
    await form().locator('select[name="screeningPick"]').selectOption(String(pledgeScreening));
    await page.waitForFunction(`document.querySelector('#form-investment [name="screeningId"]').value === '${pledgeScreening}'`);
    await form().locator('[name="amount"]').fill('1亿');
    // The 万/亿 buttons are one tab stop, a toolbar: → moves from 万 to 亿.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>("document.activeElement?.textContent ?? ''")).to.equal('万');
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate<string>("document.activeElement?.textContent ?? ''")).to.equal('亿');
    await form().locator('[name="date"]').fill(addDays(today, -1));
    await form().locator('[name="underlying.pledgedShares"]').fill('20000000');
    await form().locator('[name="rate"]').fill('6%');
    expect(await form().locator('.field[data-name="rate"] .hint').innerText()).to.match(/^= 6%/);
    await form().locator('[name="maturityDate"]').fill(addDays(today, 365));
    await form().locator('[name="liquidationLine"]').fill('1.40');
    await form().locator('button[type="submit"]').click();
    const missing = form().locator('.field-error[data-error-for="warningLine"]:not(:empty)');
    await missing.waitFor();
    expect(await missing.innerText()).to.equal('is required for pledge_refinancing');

    await form().locator('[name="warningLine"]').fill('1.60');
    await form().screenshot({ path: path.join(SHOTS, 'deal-book-form.png') });
    await form().locator('button[type="submit"]').click();
    await form().locator('.form-status .ok, .form-status .error, .field-error:not(:empty)').first().waitFor();
    expect(await form().locator('.form-status').innerText()).to.match(/已记账 Booked: 投资 Investment #\d+ 1亿元，分录 entry #\d+/);
    const investments = (await api<{ investments: Array<{ instrument: string; investee: string; amount: string; terms: Record<string, unknown> }> }>('/funds/PHX-RELIEF/investments')).investments;
    const pledge = investments.find((i) => i.instrument === 'pledge_refinancing');
    expect(pledge).to.deep.include({ investee: 'ZJHOLD', amount: '100000000.00' });
    expect(pledge!.terms).to.deep.equal({ underlying: { stockCode: '600000.SH', pledgedShares: 20_000_000 }, rate: '0.06', maturityDate: addDays(today, 365), warningLine: '1.60', liquidationLine: '1.40' });
  });

  it('opens a listed equity position from the fund page: its lock-up end and sellable shares by channel, as the API gives them', async () => {
    const position = (await api<{ lockupEndsOn: string; sellableShares: { exchange: number; blockTrade: number }; position: Position }>(`/investments/${equityId}`));
    expect(position.position.lockupEndsOn).to.be.a('string');
    expect(position.position.afterLockup, 'the lock-up ends within the window').to.not.equal(null);

    await page.click('#nav a[data-view="funds"]');
    await page.locator('.fund-tree tr[data-fund="PHX-RELIEF"] button.code').click();
    const row = page.locator(`table.investments tr[data-investment="${equityId}"]`);
    await row.waitFor();
    expect(await page.locator('table.investments tbody tr').count()).to.equal(2);
    await row.locator('button.open-investment').click();
    const panel = page.locator(`.investment[data-investment="${equityId}"] .position`);
    await panel.waitFor();
    const p = position.position;
    expect(await panel.locator('[data-field="lockupEndsOn"]').innerText()).to.equal(p.lockupEndsOn);
    expect(position.lockupEndsOn).to.equal(p.lockupEndsOn);
    expect(await panel.locator('[data-field="lockupRule"]').innerText()).to.equal(p.lockupRule);
    expect(await panel.locator('[data-field="reason"]').innerText()).to.equal(p.reason);
    expect(await panel.locator('[data-field="window"]').getAttribute('data-value')).to.equal(`${p.window.from}/${p.window.to}`);
    const value = (field: string) => panel.locator(`[data-field="${field}"]`).getAttribute('data-value');
    expect([await value('sellable.exchange'), await value('sellable.blockTrade')]).to.deep.equal([String(position.sellableShares.exchange), String(position.sellableShares.blockTrade)]);
    expect([await value('afterLockup.exchange'), await value('afterLockup.blockTrade')]).to.deep.equal([String(p.afterLockup!.exchange), String(p.afterLockup!.blockTrade)]);
    // 1% and 2% of the 1,000,000,000 total shares once free: the fund holds 6%.
    expect(await panel.locator('tr[data-channel="exchange"]').innerText()).to.contain('集中竞价').and.contain('10,000,000 股');
    expect(await panel.locator('tr[data-channel="blockTrade"]').innerText()).to.contain('大宗交易').and.contain('20,000,000 股');
    expect(await panel.locator('thead').innerText()).to.contain(`${p.window.from} – ${p.window.to}`).and.contain(`解禁后 From ${p.afterLockup!.from}`);
    await page.locator(`.investment[data-investment="${equityId}"]`).screenshot({ path: path.join(SHOTS, 'deal-book-position.png') });
  });

  it('refuses a block-trade sale inside the lock-up next to the shares, with the API’s figures; the valuation form books an AAP valuation from its inputs', async () => {
    await page.click('#nav a[data-view="record"]');
    await page.selectOption('#event-type', 'exit');
    const exit = page.locator('#form-exit');
    await exit.locator('select[name="fund"]').selectOption('PHX-RELIEF');
    await exit.locator(`select[name="target"] option[value="${equityId}"]`).waitFor({ state: 'attached' });
    await exit.locator('select[name="target"]').selectOption(String(equityId));
    const channels = await exit.locator('select[name="channel"] option').evaluateAll((os) => os.map((o) => o.textContent));
    expect(channels.slice(1)).to.deep.equal(['集中竞价 exchange', '大宗交易 block_trade', '协议转让 agreement_transfer', '回购 buyback']);
    await exit.locator('[name="shares"]').fill('1000000');
    await exit.locator('select[name="channel"]').selectOption('block_trade');
    await exit.locator('[name="proceeds"]').fill('1000万');
    await exit.locator('[name="date"]').fill(today);
    await exit.locator('button[type="submit"]').click();
    const refused = exit.locator('.field-error[data-error-for="shares"]:has-text("SELLING_LIMIT_EXCEEDED")');
    await refused.waitFor();
    const lock = (await api<{ position: Position }>(`/investments/${equityId}`)).position.lockupEndsOn;
    expect(await refused.innerText()).to.contain(`限售期至 locked until ${lock}`).and.contain('可减持 sellable 0 股');
    // Income has no channel: the field goes away.
    await exit.locator('select[name="kind"]').selectOption('income');
    expect(await exit.locator('.field[data-name="channel"]').isHidden()).to.equal(true);

    await page.selectOption('#event-type', 'valuation');
    const valuation = page.locator('#form-valuation');
    expect(await valuation.locator('.field[data-name="inputs.volatility"]').isHidden()).to.equal(true);
    await valuation.locator('select[name="method"]').selectOption('aap');
    for (const name of ['inputs.price', 'inputs.volatility', 'inputs.dividendYield']) expect(await valuation.locator(`.field[data-name="${name}"]`).isVisible(), name).to.equal(true);
    expect(await valuation.locator('.field[data-name="fairValue"] .optional').isVisible(), 'aap computes the fair value').to.equal(true);
    await valuation.locator('select[name="fund"]').selectOption('PHX-RELIEF');
    await valuation.locator(`select[name="target"] option[value="${equityId}"]`).waitFor({ state: 'attached' });
    await valuation.locator('select[name="target"]').selectOption(String(equityId));
    await valuation.locator('[name="date"]').fill(today);
    await valuation.locator('[name="inputs.price"]').fill('5.00');
    await valuation.locator('[name="inputs.volatility"]').fill('45%');
    await valuation.locator('button[type="submit"]').click();
    await valuation.locator('.form-status .ok, .form-status .error, .field-error:not(:empty)').first().waitFor();
    expect(await valuation.locator('.form-status').innerText()).to.match(/已记账 Booked: 估值 Valuation #\d+ /);
    const booked = (await api<{ valuations: Array<{ method: string; fairValue: string; inputs: Record<string, unknown> }> }>(`/investments/${equityId}`)).valuations;
    expect(booked).to.have.length(1);
    expect(booked[0]).to.include({ method: 'aap' });
    expect(booked[0].inputs).to.include({ price: '5.0000', volatility: '0.45', lockupEndsOn: lock });
  });

  it('shows the obligations due within 90 days or overdue on the watch, not the ones far off', async () => {
    await page.locator('#nav a[data-view="funds"]').click();
    const panel = page.locator('#obligation-alerts');
    await panel.locator('li.obligation').first().waitFor();
    expect(await panel.locator('li.obligation').count()).to.equal(2);
    const text = await panel.innerText();
    expect(text).to.contain('投后义务提醒').and.contain('回购 buyback').and.contain('已逾期 overdue').and.contain('100000000.00');
    expect(text).to.not.contain('远期承诺方');
  });

  it('made no request off this machine and raised no script error', () => {
    expect(pageErrors).to.deep.equal([]);
    expect(offMachine).to.deep.equal([]);
  });
});
