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
import type { Role } from '../../src/domain/access/roles';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import { runSeeds } from '../../seeds';
import { TEST_DIALECT, freshDatabase, type TestDatabase } from '../helpers/database';
import { reliefApplicant } from '../helpers/applicant-builders';

const CHROMIUM = '/usr/bin/chromium';
/**
 * Screenshots for docs/ are written by this test: to test-output/ on every run, and over the
 * committed PNGs in docs/ with PHOENIX_SCREENSHOTS=docs (CJK fonts needed: fonts-noto-cjk).
 */
const SHOTS = path.resolve(__dirname, '..', '..', process.env.PHOENIX_SCREENSHOTS === 'docs' ? 'docs' : 'test-output');
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

const INVESTORS = [
  { code: 'YH-GOV', name: '余杭区政府产业基金出资平台', category: 'government_fund', capitalClass: 'government' },
  { code: 'SOE-A', name: '区属国有平台A', category: 'state_owned', capitalClass: 'government' },
  { code: 'BANK-A', name: '合作银行A', category: 'financial_institution', capitalClass: 'social' },
];

/** The people who run the fund's year, one per role; each signs in with a username and password. */
const USERS: Record<Exclude<Role, 'admin'>, { username: string; displayName: string; role: Role; password: string }> = {
  fund_manager: { username: 'wang', displayName: '王经理', role: 'fund_manager', password: 'wang-correct-horse' },
  risk_officer: { username: 'li', displayName: '李风控', role: 'risk_officer', password: 'li-correct-horse' },
  viewer: { username: 'zhao', displayName: '赵审计', role: 'viewer', password: 'zhao-correct-horse' },
  approver: { username: 'chen', displayName: '陈委员', role: 'approver', password: 'chen-correct-horse' },
};
type Person = keyof typeof USERS;

describe(`the workplace in a real browser: record, import, screen, approve, read (${TEST_DIALECT})`, function () {
  this.timeout(120_000);

  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let browser: Browser;
  /** The server renders statements as PDF in a browser of its own, which the run must end. */
  const pdf = new PdfRenderer();
  /** Tokens for the test's own reads and set-up through the API (automation keeps its tokens). */
  const tokens = {} as Record<Exclude<Role, 'approver'>, string>;
  const pageErrors: string[] = [];
  const offMachine: string[] = [];
  /** The investment the fund manager proposes and the approver approves. */
  let proposalId = 0;

  const api = async <T>(apiPath: string, role: keyof typeof tokens = 'viewer'): Promise<T> => {
    const res = await fetch(`${base}/api/v1${apiPath}`, { headers: { Authorization: `Bearer ${tokens[role]}` } });
    expect(res.status, `${apiPath}: ${res.status}`).to.equal(200);
    return (await res.json()) as T;
  };
  const post = async (apiPath: string, body: unknown, role: keyof typeof tokens = 'fund_manager') => {
    const res = await fetch(`${base}/api/v1${apiPath}`, { method: 'POST', headers: { Authorization: `Bearer ${tokens[role]}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${apiPath}: ${await res.clone().text()}`).to.be.oneOf([200, 201]);
    return res.json();
  };

  /**
   * Each person sets the password the admin gave them as their own (a committee member decides only
   * on a password they set themselves).
   */
  async function setOwnPassword(username: string, password: string): Promise<void> {
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(login.status).to.equal(200);
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const changed = await fetch(`${base}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ currentPassword: password, newPassword: password }),
    });
    expect(changed.status, await changed.clone().text()).to.equal(200);
  }

  /** A page signed in as `who`, by username and password on the sign-in form. */
  async function signedIn(who: Person): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) offMachine.push(request.url());
    });
    await page.goto(`${base}/`);
    await page.fill('#username', USERS[who].username);
    await page.fill('#password', USERS[who].password);
    await page.press('#password', 'Enter');
    await page.locator('#nav a').first().waitFor();
    return { context, page };
  }

  const navTo = async (page: Page, view: string) => {
    await page.click(`#nav a[data-view="${view}"]`);
    await page.locator(`#view-${view}`).waitFor({ state: 'visible' });
  };

  /** Fills and submits one event form; waits for its status line. */
  async function record(page: Page, event: string, target: Record<string, string>, values: Record<string, string>): Promise<string> {
    await page.selectOption('#event-type', event);
    const form = page.locator(`#form-${event}`);
    if (target.fund) {
      await form.locator('select[name="target"], select[name="fund"]').first().locator(`option[value="${target.fund}"]`).waitFor({ state: 'attached' });
      await form.locator('select[name="target"], select[name="fund"]').first().selectOption(target.fund);
    }
    if (target.call) {
      await form.locator(`select[name="target"] option[value="${target.call}"]`).waitFor({ state: 'attached' });
      await form.locator('select[name="target"]').selectOption(target.call);
    }
    for (const [name, value] of Object.entries(values)) {
      const input = form.locator(`[name="${name}"]`);
      if ((await input.evaluate((el) => el.tagName)) === 'SELECT') {
        await input.locator(`option[value="${value}"]`).waitFor({ state: 'attached' });
        await input.selectOption(value);
      } else await input.fill(value);
    }
    await form.locator('button[type="submit"]').click();
    await form.locator('.form-status .ok, .field-error:not(:empty), .form-status .error').first().waitFor();
    return (await form.locator('.form-status').innerText()).trim();
  }

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
    // Approvals on, as a fresh install runs: an investment waits for the committee.
    const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent', PHOENIX_APPROVALS: 'on' });
    const app = createApp({ db: t.db, config, logger: pino({ level: 'silent' }), clock: systemClock, authenticator: tokenAuthenticator(t.db), version: 'test', pdf });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const investor of INVESTORS) await post('/investors', investor);
    for (const { username, displayName, role, password } of Object.values(USERS)) {
      await post('/users', { username, displayName, role, password }, 'admin');
      await setOwnPassword(username, password);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await pdf.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    await t?.dispose();
  });

  describe('a fund manager', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      ({ context, page } = await signedIn('fund_manager'));
    });
    after(() => context?.close());

    it('sees the views a fund manager may use, named in Chinese and English, and not screening', async () => {
      const views = await page.locator('#nav a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view')));
      expect(views).to.deep.equal(['funds', 'record', 'approvals', 'import', 'journal', 'reports']);
      expect(await page.locator('#nav a[data-view="record"]').innerText()).to.match(/录入\s*Record/);
      expect(await page.locator('#who').innerText()).to.contain('王经理');
      expect(await page.locator('#who').innerText()).to.contain('基金管理人 fund manager');
    });

    it('records two commitments typed in 亿, a call and both payments, and the API agrees to the fen', async () => {
      await navTo(page, 'record');
      expect(await record(page, 'commitment', { fund: 'PHX' }, { investor: 'YH-GOV', amount: '12亿', date: '2018-12-10' })).to.match(/已记账 Booked: 认缴 Commitment #\d+ 12亿元，分录 entry #\d+/);
      expect(await record(page, 'commitment', { fund: 'PHX' }, { investor: 'SOE-A', amount: '80,000万', date: '2018-12-10' })).to.contain('已记账 Booked');
      expect(await record(page, 'capital_call', { fund: 'PHX' }, { amount: '3亿', date: '2018-12-20', dueDate: '2019-01-10' })).to.contain('催缴 Capital call');
      const calls = (await api<{ capitalCalls: Array<{ id: number; allocations: Array<{ investor: string; amount: string }> }> }>('/funds/PHX/capital-calls')).capitalCalls;
      expect(calls).to.have.length(1);
      const share = (investor: string) => calls[0].allocations.find((a) => a.investor === investor)!.amount;
      expect([share('YH-GOV'), share('SOE-A')]).to.deep.equal(['180000000.00', '120000000.00']);
      expect(await record(page, 'payment', { fund: 'PHX', call: String(calls[0].id) }, { investor: 'YH-GOV', amount: '1.8亿', date: '2019-01-05' })).to.contain('实缴 Payment');
      expect(await record(page, 'payment', { fund: 'PHX', call: String(calls[0].id) }, { investor: 'SOE-A', amount: '12000万', date: '2019-01-05' })).to.contain('实缴 Payment');
      const phx = await api<{ committed: string; called: string; paidIn: string }>('/funds/PHX');
      expect(phx).to.include({ committed: '2000000000.00', called: '300000000.00', paidIn: '300000000.00' });
    });

    it('labels every control of every event form, in Chinese with the English key, and reaches them by keyboard', async () => {
      const events = await page.locator('#event-type option').evaluateAll((options) => options.map((o) => o.getAttribute('value')!));
      expect(events).to.deep.equal(['commitment', 'capital_call', 'payment', 'investment', 'exit', 'valuation', 'distribution', 'expense', 'management_fee', 'late_interest', 'reversal']);
      for (const event of events) {
        await page.selectOption('#event-type', event);
        const unlabelled = await page.locator(`#form-${event}`).evaluate((form) =>
          [...form.querySelectorAll('input, select, textarea')]
            .filter((el) => {
              const label = el.id ? form.ownerDocument.querySelector(`label[for="${el.id}"]`) : null;
              return !label || !/[\u4e00-\u9fff]/.test(label.textContent ?? '') || !/[A-Za-z]/.test(label.textContent ?? '');
            })
            .map((el) => el.getAttribute('name')),
        );
        expect(unlabelled, event).to.deep.equal([]);
      }
      await page.selectOption('#event-type', 'valuation');
      await page.focus('#event-type');
      const reached: string[] = [];
      // A date input takes a Tab for each of its parts (year, month, day).
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        reached.push(await page.evaluate<string>("document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim() ?? ''"));
      }
      expect(reached.slice(0, 2)).to.deep.equal(['fund', 'target']);
      expect(reached).to.include.members(['fairValue', 'date']);
      expect(reached.some((r) => r.startsWith('提交')), reached.join(' / ')).to.equal(true);
    });

    it('shows a refusal next to the field it names: the browser’s schema check, and the API’s 422', async () => {
      await page.selectOption('#event-type', 'commitment');
      const form = page.locator('#form-commitment');
      await form.locator('select[name="target"]').selectOption('PHX');
      await form.locator('[name="amount"]').fill('1.234');
      await form.locator('button[type="submit"]').click();
      const amountError = form.locator('.field-error[data-error-for="amount"]');
      await amountError.waitFor();
      expect(await amountError.innerText()).to.contain('at most 2 decimals');
      expect(await form.locator('.field-error[data-error-for="date"]').innerText()).to.equal('is required');
      expect(await form.locator('.field-error[data-error-for="investor"]').innerText()).to.equal('is required');
      expect(await form.locator('[name="amount"]').getAttribute('aria-invalid')).to.equal('true');

      // Over the target size: only the API can know; its problem lands next to the amount.
      await form.locator('[name="investor"]').selectOption('BANK-A');
      await form.locator('[name="amount"]').fill('1万');
      await form.locator('[name="date"]').fill('2018-12-11');
      await form.locator('button[type="submit"]').click();
      await form.locator('.field-error[data-error-for="amount"]:has-text("COMMITMENT_EXCEEDS_TARGET")').waitFor();
      expect(await form.locator('.field-error[data-error-for="amount"]').innerText()).to.match(/Commitments would exceed the fund target size.*\(HTTP 422\) \[COMMITMENT_EXCEEDS_TARGET\]/);
      await page.screenshot({ path: path.join(SHOTS, 'form-error.png'), fullPage: false });
      expect((await api<{ committed: string }>('/funds/PHX')).committed).to.equal('2000000000.00');
    });

    it('proposes an investment through the screening picker, which explains the gate; the 202 shows the proposal and books nothing', async () => {
      const screening = (await post('/screenings', { applicant: reliefApplicant('600519.SH'), screenedOn: '2019-02-20' }, 'risk_officer')) as { id: number; decision: string };
      expect(screening.decision).to.equal('eligible');
      await page.selectOption('#event-type', 'investment');
      const form = page.locator('#form-investment');
      await form.locator('select[name="target"] option[value="PHX"]').waitFor({ state: 'attached' });
      await form.locator('select[name="target"]').selectOption('PHX');
      await form.locator(`select[name="screeningPick"] option[value="${screening.id}"]`).waitFor({ state: 'attached' });
      await form.locator('select[name="screeningPick"]').selectOption(String(screening.id));
      await form.locator('.gate-notes p').first().waitFor();
      expect(await form.locator('.gate-notes').innerText()).to.contain('The screening carries the investment');
      expect(await form.locator('[name="company.stockCode"]').inputValue()).to.equal('600519.SH');
      expect(await form.locator('[name="screeningId"]').inputValue()).to.equal(String(screening.id));
      await form.locator('[name="instrument"]').selectOption('equity');
      await form.locator('[name="amount"]').fill('5000万');
      await form.locator('[name="date"]').fill('2019-03-01');
      await form.locator('[name="shares"]').fill('5000000');
      await form.locator('[name="acquisitionMode"]').selectOption('block_trade');

      // The fund's policy (PHOENIX_APPROVALS=on) holds an investment for the committee: 202 with the proposal.
      await form.locator('button[type="submit"]').click();
      await form.locator('.form-status [data-proposal]').waitFor();
      proposalId = Number(await form.locator('.form-status [data-proposal]').getAttribute('data-proposal'));
      expect(await form.locator('.form-status').innerText()).to.contain(`已提交审批 Proposed for approval: #${proposalId}（0/1 批准 approvals）`);
      const proposal = await api<{ status: string; action: string; proposer: string; body: { amount: string; shares: number } }>(`/proposals/${proposalId}`);
      expect(proposal).to.deep.include({ status: 'pending', action: 'investment', proposer: 'wang' });
      expect(proposal.body).to.include({ amount: '50000000.00', shares: 5000000 });
      expect((await api<{ investments: unknown[] }>('/funds/PHX/investments')).investments, 'nothing booked before the approval').to.deep.equal([]);
    });

    it('dry-runs a 台账, row by row with the reasons, writing nothing; then books it', async () => {
      await navTo(page, 'import');
      const csv = [
        'type,date,fund,amount,kind,memo',
        'expense,2019-01-20,PHX,12.345,other,审计费',
        'expense,2019-01-31,PHX,100000.00,audit_fee,年度审计',
        'expense,2019-02-28,PHX,900000000.00,other,超过现金',
      ].join('\n');
      await page.setInputFiles('#import-file', { name: 'taizhang.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      expect(await page.locator('#import-book').isDisabled(), 'booking waits for a dry run').to.equal(true);
      await page.click('#import-dry-run');
      await page.locator('#view-import [data-summary]').waitFor();
      const outcomes = await page.locator('table.import-rows tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-line')}:${r.getAttribute('data-outcome')}`));
      expect(outcomes).to.deep.equal(['2:refused', '3:would_book', '4:refused']);
      expect(await page.locator('table.import-rows tr[data-line="4"]').innerText()).to.contain('INSUFFICIENT_CASH');
      // The rows sit under their headers: one row group, each cell as wide and as far left as its column's header.
      const layout = await page.locator('table.import-rows').evaluate((table) => {
        const heads = [...table.querySelectorAll('thead th')].map((c) => Math.round(c.getBoundingClientRect().left));
        const cells = [...(table.querySelector('tbody tr')?.children ?? [])].map((c) => Math.round(c.getBoundingClientRect().left));
        return { groups: table.querySelectorAll('tbody').length, heads, cells };
      });
      expect(layout.groups).to.equal(1);
      expect(layout.cells).to.deep.equal(layout.heads);
      expect(await page.locator('.import-progress').getAttribute('aria-valuenow')).to.equal('3');
      expect(await page.locator('.import-progress').getAttribute('aria-valuemax')).to.equal('3');
      expect((await api<{ cash: string }>('/funds/PHX')).cash).to.equal('300000000.00');

      await page.click('#import-book');
      await page.locator('#view-import [data-summary*="\\"dryRun\\":false"]').waitFor();
      expect(await page.locator('table.import-rows tr[data-line="3"]').getAttribute('data-outcome')).to.equal('booked');
      expect((await api<{ cash: string }>('/funds/PHX')).cash).to.equal('299900000.00');
    });

    it('shows the fund page: capital accounts against the API, charts, and a statement download with the token', async () => {
      await navTo(page, 'funds');
      await page.locator('.fund-tree tr[data-fund="PHX"] button.code').click();
      await page.locator('table.capital-accounts').waitFor();
      const perf = await api<{ investors: Array<{ investor: string; paidIn: string; committed: string }> }>('/funds/PHX/performance');
      for (const i of perf.investors) {
        const row = page.locator(`table.capital-accounts tr[data-investor="${i.investor}"]`);
        expect(await row.locator('[data-field="committed"]').getAttribute('data-value'), i.investor).to.equal(i.committed);
        expect(await row.locator('[data-field="paidIn"]').getAttribute('data-value'), i.investor).to.equal(i.paidIn);
      }
      expect(await page.locator('table.capital-accounts tr[data-investor="YH-GOV"] [data-field="paidIn"]').innerText()).to.equal('1.8亿元');
      await page.locator('#chart-nav canvas').waitFor();
      await page.locator('#chart-jcurve canvas').waitFor();
      const lastPaidIn = await page.locator('#chart-jcurve table.chart-table tbody tr:last-child [data-field="paidIn"]').getAttribute('data-value');
      expect(lastPaidIn).to.equal('300000000.00');
      expect(await page.locator('[data-call] .download-doc').count()).to.equal(2 * 2);

      const [request, download] = await Promise.all([
        page.waitForRequest('**/api/v1/investors/*/statement*'),
        page.waitForEvent('download'),
        page.locator('tr[data-investor="YH-GOV"] .download-doc[data-format="pdf"]').click(),
      ]);
      expect(new URL(request.url()).search).to.match(/^\?fund=PHX&from=2018-12-01&to=\d{4}-\d{2}-\d{2}&format=pdf$/);
      // A session sends its cookie, never a bearer token.
      expect(await request.headerValue('authorization')).to.equal(null);
      expect(download.suggestedFilename()).to.match(/\.pdf$/);
      expect(fs.readFileSync(await download.path()).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
      // The overview was read before the bookings above; back on the view, it shows them.
      await page.locator('.fund-tree tr[data-fund="PHX"] td[data-field="paidIn"][data-value="300000000.00"]').waitFor();
      await page.locator('section[aria-labelledby="fund-page-title"]').screenshot({ path: path.join(SHOTS, 'fund-page.png') });
    });

    it('reads the journal by fund and opens an entry: its lines and hash as the API has them, and its reversal', async () => {
      await navTo(page, 'journal');
      await page.selectOption('#journal-fund', 'PHX');
      await page.click('.journal-filters button[type="submit"]');
      await page.locator('table.journal tbody tr').first().waitFor();
      const listed = (await api<{ entries: Array<{ id: number }> }>('/journal?fund=PHX&limit=50')).entries;
      expect(await page.locator('table.journal tbody tr').count()).to.equal(listed.length);
      const first = listed[0].id;
      await page.locator(`table.journal tr[data-entry="${first}"] button`).click();
      await page.locator(`.entry[data-entry="${first}"]`).waitFor();
      const entry = await api<{ hash: string; lines: Array<{ debit: string }> }>(`/journal/${first}`);
      expect(await page.locator('.entry [data-field="hash"]').innerText()).to.equal(entry.hash);
      expect(await page.locator('.entry table.entry-lines tbody tr').count()).to.equal(entry.lines.length);

      // The reversal form opens from the entry, with its id; the reason is required.
      await page.click('.entry button.reverse');
      await page.locator('#form-reversal').waitFor();
      expect(await page.inputValue('#form-reversal [name="target"]')).to.equal(String(first));
      await page.click('#form-reversal button[type="submit"]');
      expect(await page.locator('#form-reversal .field-error[data-error-for="reason"]').innerText()).to.equal('is required');
    });
  });

  describe('a risk officer', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      ({ context, page } = await signedIn('risk_officer'));
    });
    after(() => context?.close());

    it('has screening and no recording, and screens a CSV batch with every criterion shown', async () => {
      const views = await page.locator('#nav a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view')));
      expect(views).to.deep.equal(['funds', 'screening', 'journal', 'reports']);
      await navTo(page, 'screening');
      const good = reliefApplicant('600000.SH');
      const csv = [
        'stockCode,name,exchange,listingStatus,riskWarning,registeredDistrict,industrySection,prospectsRating,managementRating',
        `600000.SH,${good.name},SSE,listed,none,330110,C,4,4`,
        '600001.SH,某地产,SSE,listed,none,330110,K,4,4',
        '600002.SH,坏行,SSE,listed,none,330110,C,9,4',
      ].join('\n');
      await page.setInputFiles('#screening-batch-file', { name: 'batch.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.click('#screening-batch-form button[type="submit"]');
      await page.locator('#screening-batch-form [data-counts]').waitFor();
      const counts = JSON.parse((await page.locator('#screening-batch-form [data-counts]').getAttribute('data-counts'))!);
      expect(counts).to.include({ ineligible: 1, failed: 1 });
      const stored = (await api<{ screenings: Array<{ stockCode: string; decision: string; criteria: unknown[] }> }>('/screenings')).screenings.filter((s) =>
        ['600000.SH', '600001.SH', '600002.SH'].includes(s.stockCode),
      );
      expect(stored).to.have.length(2);
      for (const s of stored) {
        const card = page.locator(`.batch-results .screening-result[data-stock-code="${s.stockCode}"]`);
        expect(await card.getAttribute('data-decision'), s.stockCode).to.equal(s.decision);
        expect(await card.locator('table.criteria tbody tr').count(), s.stockCode).to.equal(s.criteria.length);
      }
      expect(await page.locator('.batch-results tr[data-criterion="real_economy"][data-outcome="fail"]').count()).to.equal(1);
      expect(await page.locator('.batch-results p.error[data-line="4"]').innerText()).to.contain('VALIDATION_FAILED');
    });

    it('screens one applicant from the form, and names a bad field next to it', async () => {
      const form = page.locator('#screening-form');
      await form.locator('[name="stockCode"]').fill('600003.SH');
      await form.locator('[name="name"]').fill('某制造');
      await form.locator('[name="prospectsRating"]').fill('7');
      await form.locator('button[type="submit"]').click();
      await form.locator('.field-error[data-error-for="prospectsRating"]:not(:empty)').waitFor();
      expect(await form.locator('.field-error[data-error-for="prospectsRating"]').innerText()).to.equal('must be <= 5');
      await form.locator('[name="prospectsRating"]').fill('4');
      await form.locator('[name="netProfit"]').fill('-300万');
      await form.locator('button[type="submit"]').click();
      await page.locator('#view-screening .screening-results .screening-result[data-stock-code="600003.SH"]').first().waitFor();
      const stored = (await api<{ screenings: Array<{ stockCode: string; applicant?: { netProfit?: string }; id: number }> }>('/screenings?stockCode=600003.SH')).screenings;
      expect(stored).to.have.length(1);
      const full = await api<{ applicant: { netProfit: string } }>(`/screenings/${stored[0].id}`);
      expect(full.applicant.netProfit).to.equal('-3000000.00');
    });
  });

  describe('a viewer', () => {
    it('reads and may not write: no recording views, and downloads an investor’s statement as XLSX', async () => {
      const { context, page } = await signedIn('viewer');
      const views = await page.locator('#nav a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view')));
      expect(views).to.deep.equal(['funds', 'journal', 'reports']);
      await page.locator('.fund-tree tr[data-fund="PHX"] button.code').click();
      await page.locator('table.capital-accounts tr[data-investor="SOE-A"]').waitFor();
      expect(await page.locator('tr[data-investor="SOE-A"] [data-field="paidIn"]').innerText()).to.equal('1.2亿元');
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('tr[data-investor="SOE-A"] .download-doc[data-format="xlsx"]').click()]);
      expect(download.suggestedFilename()).to.match(/\.xlsx$/);
      const bytes = fs.readFileSync(await download.path());
      expect(bytes.subarray(0, 2).toString('latin1'), 'an XLSX is a zip').to.equal('PK');
      await context.close();
    });
  });

  describe('an approver', () => {
    let context: BrowserContext;
    let page: Page;
    before(async () => {
      ({ context, page } = await signedIn('approver'));
    });
    after(() => context?.close());

    it('sees the inbox and no recording; reads the proposed investment; approves it with a comment, and it is booked', async () => {
      const views = await page.locator('#nav a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view')));
      expect(views).to.deep.equal(['funds', 'approvals', 'journal', 'reports']);
      expect(await page.locator('#who').innerText()).to.contain('陈委员');
      await navTo(page, 'approvals');
      const card = page.locator(`.proposal[data-proposal="${proposalId}"]`);
      await card.waitFor();
      expect(await card.getAttribute('data-status')).to.equal('pending');
      expect(await card.locator('[data-field="amount"]').innerText()).to.equal('5,000万元（50000000.00 元）');
      expect(await card.locator('[data-field="company.stockCode"]').innerText()).to.equal('600519.SH');
      expect(await card.locator('.proposal-meta').innerText()).to.contain('提议人 proposed by wang').and.contain('批准 approvals 0/1');
      expect(await card.innerText()).to.contain('无附件 No documents attached.');
      await card.locator('textarea[name="comment"]').fill('同意');
      await page.screenshot({ path: path.join(SHOTS, 'approvals-inbox.png'), fullPage: false });
      await card.locator('button.approve').click();
      await card.locator('.ok').waitFor();

      const executed = await api<{ status: string; entryId: number; decisions: Array<{ person: string; decision: string; comment: string }> }>(`/proposals/${proposalId}`);
      expect(executed.status).to.equal('executed');
      expect(executed.decisions.map((d) => [d.person, d.decision, d.comment])).to.deep.equal([['chen', 'approve', '同意']]);
      expect(await card.locator('.ok').innerText()).to.contain(`executed，分录 entry #${executed.entryId}`);
      const entry = await api<{ id: number; lines: unknown[] }>(`/journal/${executed.entryId}`);
      expect(entry.id).to.equal(executed.entryId);
      expect(entry.lines.length).to.be.greaterThan(0);
      const investments = (await api<{ investments: Array<{ company: { stockCode: string }; amount: string; shares: number }> }>('/funds/PHX/investments')).investments;
      expect(investments.map((i) => `${i.company.stockCode}:${i.amount}:${i.shares}`)).to.deep.equal(['600519.SH:50000000.00:5000000']);
      expect((await api<{ cash: string }>('/funds/PHX')).cash).to.equal('249900000.00');

      // The inbox reloads: the proposal has left the pending list and shows under executed with its entry.
      await card.waitFor({ state: 'detached' });
      await page.selectOption('#proposal-status', 'executed');
      await page.locator(`.proposal[data-proposal="${proposalId}"][data-status="executed"] [data-field="entryId"]`).waitFor();
      expect(await page.locator(`.proposal[data-proposal="${proposalId}"] [data-field="entryId"]`).innerText()).to.equal(`分录 entry #${executed.entryId}`);
      expect(await page.locator(`.proposal[data-proposal="${proposalId}"] button.approve`).count()).to.equal(0);
    });
  });

  describe('a password session', () => {
    it('sends the CSRF token on writes and no bearer; signing out ends the session on the server', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const writes: Array<{ url: string; csrf?: string; authorization?: string }> = [];
      page.on('request', (request) => {
        const headers = request.headers();
        if (request.method() !== 'GET') writes.push({ url: new URL(request.url()).pathname, csrf: headers['x-csrf-token'], authorization: headers.authorization });
      });
      await page.goto(`${base}/`);
      await page.fill('#username', 'wang');
      await page.fill('#password', 'not the password');
      await page.press('#password', 'Enter');
      await page.locator('#sign-in-message', { hasText: '登录失败' }).waitFor();
      expect(await page.locator('#dashboard').isHidden()).to.equal(true);

      await page.fill('#username', 'wang');
      await page.fill('#password', USERS.fund_manager.password);
      await page.press('#password', 'Enter');
      await page.locator('#nav a[data-view="record"]').waitFor();
      expect(await page.inputValue('#password')).to.equal('');
      const csrf = (await page.evaluate('Object.values(sessionStorage)')) as string[];
      expect(csrf).to.have.length(1);
      expect(writes.find((w) => w.url === '/api/v1/auth/login')).to.deep.include({ authorization: undefined });

      await navTo(page, 'record');
      expect(await record(page, 'commitment', { fund: 'YH-IF' }, { investor: 'BANK-A', amount: '1万', date: '2018-12-12' })).to.contain('已记账 Booked');
      const commitment = writes.find((w) => w.url === '/api/v1/funds/YH-IF/commitments');
      expect(commitment).to.deep.include({ csrf: csrf[0], authorization: undefined });
      // The session cookie as the browser holds it, replayed from outside the page.
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const me = () => fetch(`${base}/api/v1/auth/me`, { headers: { Cookie: cookie } }).then((res) => res.status);
      expect(await me()).to.equal(200);

      await page.click('#sign-out');
      await page.locator('#sign-in').waitFor({ state: 'visible' });
      expect(writes.find((w) => w.url === '/api/v1/auth/logout')).to.deep.include({ csrf: csrf[0] });
      expect(await page.evaluate('sessionStorage.length')).to.equal(0);
      expect(await me(), 'the session is over on the server').to.equal(401);
      await context.close();
    });
  });

  // A suite of its own, so it runs after the suites above (mocha runs a suite's own tests first).
  describe('all along', () => {
    it('made no request off this machine and raised no script error', () => {
      expect(pageErrors).to.deep.equal([]);
      expect(offMachine).to.deep.equal([]);
    });
  });
});
