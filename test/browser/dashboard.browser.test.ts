import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect } from 'chai';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createToken, tokenAuthenticator } from '../../src/application/token-service';
import { systemClock } from '../../src/domain/ledger/ledger-service';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import { runSeeds } from '../../seeds';
import { TEST_DIALECT, freshDatabase, type TestDatabase } from '../helpers/database';

const CHROMIUM = '/usr/bin/chromium';
/**
 * Where the run saves its screenshot: an ignored folder, so a test run never rewrites the image
 * the README shows; PHOENIX_SCREENSHOT=docs/dashboard.png refreshes that one (CJK fonts needed).
 */
const SCREENSHOT = path.resolve(__dirname, '..', '..', process.env.PHOENIX_SCREENSHOT ?? path.join('test-output', 'dashboard.png'));
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** "2000000000.00" -> "2,000,000,000.00 元", written independently of the page's formatter. */
function grouped(amount: string): string {
  const [whole, cents = '00'] = amount.split('.');
  return `${Number(whole).toLocaleString('en-US')}.${cents.padEnd(2, '0')} 元`;
}

interface Leverage {
  governmentCommitted: string;
  socialCommitted: string;
  governmentPaidIn: string;
  governmentInMemberFunds: string;
  governmentDirectInSubfunds: string;
  socialLeverage: string;
  totalLeverage: string;
  socialTargetProgress: string;
}
interface Fund {
  code: string;
  parent: string | null;
  committed: string;
  called: string;
  paidIn: string;
  invested: string;
  cash: string;
}
interface WatchRow {
  stockCode: string;
  level: string;
  buffer: string;
  levelChanged: boolean;
}
interface Screening {
  id: number;
  stockCode: string;
  decision: string;
  route: string | null;
}

describe(`the dashboard in a real browser (${TEST_DIALECT})`, function () {
  this.timeout(90_000);

  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let viewerToken: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: Array<{ text: string; url: string }> = [];

  const api = async <T>(apiPath: string, token: string | null = viewerToken): Promise<{ status: number; type: string; body: T }> => {
    const res = await fetch(`${base}/api/v1${apiPath}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as T };
  };
  const attr = (selector: string, name: string) => page.locator(selector).getAttribute(name);
  const text = async (selector: string) => (await page.locator(selector).innerText()).trim();
  /** "a:b" per row from two attributes (or the class list), in page order. */
  const rowKeys = async (selector: string, first: string, second: string) => {
    const keys: string[] = [];
    for (const row of await page.locator(selector).all()) {
      const pick = (name: string) => (name === 'className' ? row.getAttribute('class') : row.getAttribute(name === 'fund' ? 'data-fund' : name));
      keys.push(`${await pick(first)}:${await pick(second)}`);
    }
    return keys;
  };

  before(async function () {
    if (!fs.existsSync(CHROMIUM)) {
      if (process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (see .ci/run)`);
      this.skip();
    }
    t = await freshDatabase();
    await runSeeds(t.db, 'demo');
    viewerToken = (await createToken(t.db, { role: 'viewer', name: 'browser-test', createdBy: 'test' })).token;
    const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent' });
    const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: tokenAuthenticator(t.db), version: 'test', pdf: new PdfRenderer() });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
  });

  after(async () => {
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.dispose();
  });

  it('refuses a wrong token with the API’s own message, and the API refuses a request without one', async () => {
    await page.goto(`${base}/`);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.locator('#dashboard').isHidden()).to.equal(true);
    await page.fill('input[name="token"]', 'not-a-real-token');
    await page.click('#sign-in-form button[type="submit"]');
    await page.locator('#sign-in-message', { hasText: '登录失败' }).waitFor();
    const message = await text('#sign-in-message');
    expect(message).to.contain('The API token is unknown, expired or revoked');
    expect(message).to.contain('401');
    expect(await page.locator('#dashboard').isHidden()).to.equal(true);
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).to.equal(0);

    const anonymous = await api<{ code: string }>('/funds', null);
    expect(anonymous.status).to.equal(401);
    expect(anonymous.type).to.match(/^application\/problem\+json/);
    expect(anonymous.body.code).to.equal('UNAUTHENTICATED');
  });

  it('signs in from the keyboard and shows the API’s figures for the programme, funds, watchlist and screenings', async () => {
    await page.fill('input[name="token"]', viewerToken);
    await page.press('input[name="token"]', 'Enter');
    await page.locator('#dashboard').waitFor({ state: 'visible' });
    await page.locator('.fund-tree').waitFor();
    await page.locator('table.watchlist').waitFor();
    await page.locator('table.screenings').waitFor();
    await page.locator('[data-field="socialLeverage"]').waitFor();
    expect(await page.locator('.loading, #dashboard .error').count(), 'every section loaded').to.equal(0);
    // The token lives in this tab's session only.
    expect(await page.evaluate('Object.values(sessionStorage)')).to.deep.equal([viewerToken]);
    expect(await page.evaluate('localStorage.length')).to.equal(0);
    expect(await page.evaluate('document.cookie')).to.equal('');

    const lev = (await api<Leverage>('/programmes/YH-GIF/leverage')).body;
    for (const field of ['governmentCommitted', 'socialCommitted', 'governmentPaidIn', 'governmentInMemberFunds', 'governmentDirectInSubfunds'] as const) {
      expect(await attr(`[data-field="${field}"]`, 'data-value'), field).to.equal(lev[field]);
      expect(await attr(`[data-field="${field}"]`, 'title'), field).to.equal(grouped(lev[field]));
    }
    expect(await text('[data-field="governmentCommitted"]')).to.equal('60亿元');
    expect(await text('[data-field="socialCommitted"]')).to.equal('21亿元');
    expect(await text('[data-field="governmentCapitalTarget"]')).to.equal('60亿元');
    expect(await text('[data-field="socialCapitalTarget"]')).to.equal('248亿元');
    expect(await attr('[data-field="socialLeverage"]', 'data-value')).to.equal(lev.socialLeverage);
    expect(await text('[data-field="socialLeverage"]')).to.equal(`${Number(lev.socialLeverage).toFixed(2)}×`);
    expect(await text('[data-field="totalLeverage"]')).to.equal(`${Number(lev.totalLeverage).toFixed(2)}×`);
    expect(await text('.leverage-card')).to.contain('目标 target 4.13×');
    expect(await text('.definitions')).to.contain('S / G: social capital leveraged per yuan of government capital');

    const funds = (await api<{ funds: Fund[] }>('/funds')).body.funds;
    const order = await rowKeys('.fund-tree tbody tr', 'fund', 'className');
    expect(order).to.deep.equal(['PHX:member', 'PHX-MA:subfund', 'PHX-RELIEF:subfund', 'YH-IF:member', 'YH-TUF:member']);
    for (const fund of funds) {
      for (const key of ['committed', 'called', 'paidIn', 'invested', 'cash'] as const) {
        expect(await attr(`.fund-tree tr[data-fund="${fund.code}"] td[data-field="${key}"]`, 'data-value'), `${fund.code} ${key}`).to.equal(fund[key]);
      }
    }
    const phx = funds.find((f) => f.code === 'PHX')!;
    expect(await text('.fund-tree tr[data-fund="PHX"] td[data-field="committed"] .money')).to.equal('20亿元');
    expect(await attr('.fund-tree tr[data-fund="PHX"] td[data-field="committed"] .money', 'title')).to.equal(grouped(phx.committed));
    expect(await text('.fund-tree tr[data-fund="PHX-RELIEF"] td[data-field="paidIn"] .money')).to.equal('4亿元');
    expect(await attr('.fund-tree tr[data-fund="PHX-RELIEF"] td[data-field="paidIn"] .bar', 'aria-label')).to.contain('40%');

    const watch = (await api<{ rows: WatchRow[] }>('/pledge-watchlist')).body.rows;
    const byBuffer = [...watch].sort((a, b) => Number(a.buffer) - Number(b.buffer)).map((r) => `${r.stockCode}:${r.level}`);
    const shownWatch = await rowKeys('table.watchlist tbody tr', 'data-stock-code', 'data-level');
    expect(shownWatch).to.deep.equal(byBuffer);
    const changed = watch.find((r) => r.stockCode === '002903.SZ')!;
    expect(changed.level).to.equal('critical');

    // Level-change alerts sit above the watchlist; on a first load the last day's are new, and all come newest first.
    const alerts = (await api<{ alerts: Array<{ id: number }> }>('/pledge-alerts')).body.alerts;
    const shownAlerts: Array<string | null> = [];
    for (const item of await page.locator('#alerts li.alert').all()) shownAlerts.push(await item.getAttribute('data-alert-id'));
    expect(shownAlerts).to.deep.equal(alerts.map((a) => String(a.id)));
    if (!alerts.length) expect(await text('#alerts')).to.contain('No level changes yet');
    expect(changed.levelChanged).to.equal(true);
    const changedRow = page.locator('table.watchlist tr[data-stock-code="002903.SZ"]');
    expect(await changedRow.locator('.level').first().innerText()).to.equal('平仓 critical');
    expect(await changedRow.locator('[data-changed="true"]').innerText()).to.contain('预警 warning → 平仓 critical');
    expect(await changedRow.locator('[data-field="buffer"] .num').innerText()).to.equal(`${(Number(changed.buffer) * 100).toFixed(2)}%`);
    expect(await page.locator('table.watchlist [data-changed="true"]').count()).to.equal(watch.filter((r) => r.levelChanged).length);

    const screenings = (await api<{ screenings: Screening[] }>('/screenings')).body.screenings;
    expect(await page.locator('table.screenings tbody tr').count()).to.equal(screenings.length);
    for (const s of screenings) {
      const row = page.locator(`table.screenings tr[data-screening="${s.id}"]`);
      expect(await row.locator('[data-field="decision"]').getAttribute('data-value'), s.stockCode).to.equal(s.decision);
      expect(await row.locator('[data-field="route"]').getAttribute('data-value'), s.stockCode).to.equal(s.route ?? '');
    }
    expect(await page.locator('table.screenings tr[data-stock-code="300905.SZ"] [data-field="decision"]').innerText()).to.equal('不符合 ineligible');

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(fs.statSync(SCREENSHOT).size).to.be.greaterThan(10_000);
  });

  it('downloads a report with the bearer token, named by report and date', async () => {
    const seen: Array<{ url: URL; authorization: string | undefined }> = [];
    await page.route('**/api/v1/reports/**', async (route) => {
      const url = new URL(route.request().url());
      seen.push({ url, authorization: route.request().headers().authorization });
      const format = url.searchParams.get('format');
      await route.fulfill({
        status: 200,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        headers: format === 'csv' ? { 'Content-Disposition': 'attachment; filename="trial-balance-server.csv"' } : {},
        body: `stub ${url.pathname} ${format}`,
      });
    });

    await page.click('#nav a[data-view="reports"]');
    await page.locator('#view-reports').waitFor({ state: 'visible' });
    expect(await page.locator('a.download').count()).to.equal(9 * 2);
    await page.fill('#report-as-of', '2019-12-31');
    const xlsx = page.locator('a.download[data-report="leverage"][data-format="xlsx"]');
    expect(await xlsx.getAttribute('href')).to.equal(`${base}/api/v1/reports/leverage?format=xlsx`);
    await xlsx.focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).to.equal('leverage-2019-12-31.xlsx');
    expect(fs.readFileSync(await download.path(), 'utf8')).to.equal('stub /api/v1/reports/leverage xlsx');

    await page.fill('#report-as-of', '');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('a.download[data-report="trial-balance"][data-format="csv"]')]);
    expect(csv.suggestedFilename(), 'the server’s Content-Disposition name wins').to.equal('trial-balance-server.csv');

    expect(seen.map((s) => `${s.url.origin}${s.url.pathname}${s.url.search}`)).to.deep.equal([
      `${base}/api/v1/reports/leverage?format=xlsx&asOf=2019-12-31`,
      `${base}/api/v1/reports/trial-balance?format=csv`,
    ]);
    for (const s of seen) expect(s.authorization).to.equal(`Bearer ${viewerToken}`);
    expect(await text('#reports [role="status"]')).to.contain('trial-balance-server.csv');
    await page.unroute('**/api/v1/reports/**');
  });

  it('signs out, forgetting the token and the figures', async () => {
    await page.click('#sign-out');
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.locator('#dashboard').isHidden()).to.equal(true);
    expect(await page.evaluate('sessionStorage.length')).to.equal(0);
    expect(await page.locator('[data-field]').count()).to.equal(0);
    await page.reload();
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.locator('#dashboard').isHidden()).to.equal(true);
  });

  it('serves Swagger UI at /api/docs over the OpenAPI document, from this service only', async () => {
    const docs = await context.newPage();
    docs.on('request', (request) => requests.push(request.url()));
    docs.on('pageerror', (error) => pageErrors.push(error.message));
    docs.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push({ text: message.text(), url: message.location().url });
    });
    await docs.goto(`${base}/api/docs`);
    expect(docs.url()).to.equal(`${base}/api/docs/`);
    await docs.locator('.opblock').first().waitFor({ timeout: 20_000 });
    const openApi = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as { paths: Record<string, object> };
    const operations = Object.values(openApi.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(await docs.locator('.opblock').count()).to.equal(operations);
    expect(await docs.locator('.opblock-summary-path', { hasText: '/pledge-watchlist' }).count()).to.be.greaterThan(0);
    expect(requests).to.include(`${base}/api/v1/openapi.json`);
    await docs.close();
  });

  it('made no request off this machine and raised no script error', () => {
    expect(requests.length).to.be.greaterThan(10);
    const local = new RegExp(`^${base.replace(/[.:/]/g, '\\$&')}/`);
    expect(requests.filter((url) => !local.test(url)), 'requests that left the machine').to.deep.equal([]);
    expect(pageErrors, 'page errors').to.deep.equal([]);
    // The wrong token's 401 is one failure Chromium may log, and only for that request; the other is
    // GET /auth/me's 404 on a server without user accounts (the page then shows every view).
    const expected = (e: { url: string; text: string }) =>
      (e.url === `${base}/api/v1/programmes` && e.text.includes('401')) || (e.url === `${base}/api/v1/auth/me` && e.text.includes('404'));
    const unexpected = consoleErrors.filter((e) => !expected(e));
    expect(unexpected, 'console errors').to.deep.equal([]);
  });
});
