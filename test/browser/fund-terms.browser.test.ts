import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createToken, tokenAuthenticator } from '../../src/application/token-service';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import { runSeeds } from '../../seeds';
import { TEST_DIALECT, freshDatabase, type TestDatabase } from '../helpers/database';

const CHROMIUM = '/usr/bin/chromium';
/** The terms panel as drawn, for a reader to look at; an ignored folder, like the dashboard's screenshot. */
const SCREENSHOT = path.resolve(__dirname, '..', '..', 'test-output', 'fund-terms.png');

const TERMS = {
  effectiveFrom: '2019-01-01',
  manager: 'MGR-A',
  investmentPeriodEnd: '2023-12-31',
  managementFee: { investmentPeriodRate: '0.0200', postPeriodRate: '0.0100' },
  hurdleRate: '0.0800',
  catchUp: '1.00',
  carry: '0.20',
  equalisationRate: '0.0600',
};
/** The version in force: 让利, late interest, an exempt investor and a rate with six decimals. */
const SECOND = {
  ...TERMS,
  effectiveFrom: '2020-07-01',
  managementFee: { investmentPeriodRate: '0.015125', postPeriodRate: '0.0100', exempt: ['PHX'] },
  carry: '0.15',
  governmentProfitShare: { cededFraction: '0.50' },
  lateInterestRate: '0.0005',
};
const LATER = { ...SECOND, effectiveFrom: '2099-01-01', carry: '0.10' };

describe(`the dashboard shows each fund's terms (${TEST_DIALECT})`, function () {
  this.timeout(90_000);

  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];

  const cell = (fund: string, field: string) => page.locator(`.fund-terms[data-fund="${fund}"] .terms-in-force [data-field="${field}"]`);

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
      this.skip();
    }
    t = await freshDatabase();
    await runSeeds(t.db, 'reference');
    const managerToken = (await createToken(t.db, { role: 'fund_manager', name: 'terms-setup', createdBy: 'test' })).token;
    const viewerToken = (await createToken(t.db, { role: 'viewer', name: 'terms-browser', createdBy: 'test' })).token;
    const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent' });
    const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: tokenAuthenticator(t.db), version: 'test', pdf: new PdfRenderer() });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const send = async (method: string, apiPath: string, body: unknown) => {
      const res = await fetch(`${base}/api/v1${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${managerToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `${method} ${apiPath}: ${await res.clone().text()}`).to.equal(201);
    };
    await send('POST', '/investors', { code: 'MGR-A', name: '凤凰基金管理人（测试）', category: 'manager', capitalClass: 'social' });
    for (const version of [TERMS, SECOND, LATER]) await send('PUT', '/funds/PHX-RELIEF/terms', version);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${base}/`);
    await page.fill('input[name="token"]', viewerToken);
    await page.press('input[name="token"]', 'Enter');
    await page.locator('.fund-terms[data-fund="PHX-RELIEF"]').waitFor();
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.dispose();
  });

  it('shows the version in force with every rate exact, Chinese labels beside the English keys', async () => {
    const terms = page.locator('.fund-terms[data-fund="PHX-RELIEF"]');
    expect(await terms.locator('p.sub').first().innerText()).to.contain('version 2 in force since 2020-07-01');
    const shown: Array<[string, string, string]> = [
      ['effectiveFrom', '2020-07-01', '2020-07-01'],
      ['manager', 'MGR-A', 'MGR-A'],
      ['investmentPeriodEnd', '2023-12-31', '2023-12-31'],
      ['managementFee.investmentPeriodRate', '0.015125', '1.5125% / 年'],
      ['managementFee.postPeriodRate', '0.0100', '1.00% / 年'],
      ['managementFee.exempt', 'PHX', 'PHX'],
      ['hurdleRate', '0.0800', '8.00% / 年'],
      ['catchUp', '1.00', '100.00%'],
      ['carry', '0.15', '15.00%'],
      ['governmentProfitShare.cededFraction', '0.50', '50.00%'],
      ['lateInterestRate', '0.0005', '0.05% / 日'],
      ['equalisationRate', '0.0600', '6.00% / 年'],
    ];
    for (const [field, value, text] of shown) {
      expect(await cell('PHX-RELIEF', field).getAttribute('data-value'), field).to.equal(value);
      expect(await cell('PHX-RELIEF', field).innerText(), field).to.contain(text);
    }
    const labels = await terms.locator('.terms-in-force th').allInnerTexts();
    for (const label of ['管理费率', '门槛收益率', '附带收益比例', '追补比例', '政府让利比例', '免收管理费出资人', '投资期截止']) {
      expect(labels.some((l) => l.includes(label)), label).to.equal(true);
    }
    expect(labels.find((l) => l.includes('政府让利比例'))).to.contain('governmentProfitShare.cededFraction');
    expect(labels.find((l) => l.includes('附带收益比例'))).to.contain('carry');
  });

  it('lists the version history newest first, marking the one in force and one not yet effective', async () => {
    const rows = page.locator('.fund-terms[data-fund="PHX-RELIEF"] table.terms-history tbody tr');
    const versions: Array<string | null> = [];
    for (const row of await rows.all()) versions.push(await row.getAttribute('data-version'));
    expect(versions).to.deep.equal(['3', '2', '1']);
    expect(await page.locator('table.terms-history tr.in-force').getAttribute('data-version')).to.equal('2');
    expect(await rows.nth(0).innerText()).to.contain('待生效 pending').and.contain('2099-01-01').and.contain('10.00%');
    expect(await rows.nth(1).innerText()).to.contain('现行 in force').and.contain('1.5125% / 1.00%');
    expect(await rows.nth(2).innerText()).to.contain('2019-01-01').and.contain('20.00%').and.contain('terms-setup');
  });

  it('names the funds without terms, and loads without an error', async () => {
    const none: Array<string | null> = [];
    for (const code of await page.locator('.terms-none [data-fund]').all()) none.push(await code.getAttribute('data-fund'));
    expect(none).to.have.members(['PHX', 'PHX-MA', 'YH-IF', 'YH-TUF']);
    expect(await page.locator('.fund-terms').count()).to.equal(1);
    expect(await page.locator('#terms-panel .error, #terms-panel .loading').count()).to.equal(0);
    expect(pageErrors).to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.locator('#terms-panel').screenshot({ path: SCREENSHOT });
    expect(fs.statSync(SCREENSHOT).size).to.be.greaterThan(5_000);
  });
});
