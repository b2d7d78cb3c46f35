import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { reliefInvested } from '../helpers/fund-scenario';
import { getBytes, readWorkbook } from '../helpers/report-client';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const count = async (api: TestApi, table: string) => Number((await api.db.writer(table).count({ n: '*' }).first())!.n);

/**
 * 600000.SH screened on 2019-02-20 at 10.00: the controlling shareholder holds 400M shares and
 * pledges 240M against D = 500,000,000 (lines 1.60 / 1.40), a 0.60 ratio, so `elevated`.
 * Warning price 800M / 240M = 3.3333, liquidation price 700M / 240M = 2.9167.
 * PHX-RELIEF bought 7,000,000 shares for 60,000,000.00 by private placement on 2019-03-01
 * (average cost 8.5714; six months' lock-up to 2019-09-01). Today is 2019-07-10.
 */
describe(`the risk officer's watch: alerts, holdings, mark-to-market (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let investment: number;
  const ok = async (res: PromiseLike<{ status: number; body: Body }>, status = 201): Promise<Body> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).to.equal(status);
    return r.body;
  };
  const prices = (date: string, close: string, query = '', role: 'risk_officer' | 'fund_manager' = 'risk_officer') =>
    api.as(role).post(`/market-prices${query}`, [{ stockCode: '600000.SH', date, close }]);
  const holdings = async (query = '') => ok(api.as('viewer').get(`/holdings${query}`), 200);

  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date('2019-07-10T02:00:00Z') } });
    investment = (await reliefInvested(api, { shares: 7_000_000, acquisitionMode: 'private_placement' })).investmentId;
  });
  afterEach(() => api.dispose());

  it('two days of prices: each level change is an alert with its price, time and sender; the holding is revalued each day', async () => {
    // Day 1, 3.20: coverage 240M × 3.20 / 500M = 1.536 ≤ 1.60: elevated → warning.
    const day1 = await ok(prices('2019-07-08', '3.20'));
    expect(day1.alerts).to.have.length(1);
    expect(day1.alerts[0]).to.include({ fromLevel: 'elevated', toLevel: 'warning', close: '3.2000', priceDate: '2019-07-08', actor: 'test-risk_officer' });
    let held = await holdings();
    expect(held.holdings).to.have.length(1);
    // 7,000,000 × 3.20 = 22,400,000.00; less cost 60,000,000.00.
    expect(held.holdings[0]).to.include({
      fund: 'PHX-RELIEF',
      investment,
      sharesHeld: 7_000_000,
      cost: '60000000.00',
      averageCost: '8.5714',
      priceDate: '2019-07-08',
      close: '3.2000',
      marketValue: '22400000.00',
      unrealisedGain: '-37600000.00',
      stale: false,
      // Placement shares issued before 2020-02-14: locked 12 months (selling-rules.md), to 2020-03-01.
      lockUpEnds: '2020-03-01',
      remainingLockUpDays: 235,
      liquidityDiscount: '0.1500',
      discountedValue: '19040000.00',
      carryingValue: '60000000.00',
      shareOfFund: '1.0000',
    });

    // Day 2, 2.80: coverage 1.344 ≤ 1.40: warning → critical.
    const day2 = await ok(prices('2019-07-09', '2.80'));
    expect(day2.alerts.map((a: Body) => [a.fromLevel, a.toLevel, a.close])).to.deep.equal([['warning', 'critical', '2.8000']]);
    held = await holdings();
    expect(held.holdings[0]).to.include({ priceDate: '2019-07-09', close: '2.8000', marketValue: '19600000.00', unrealisedGain: '-40400000.00' });
    expect(held.funds).to.deep.equal([
      { fund: 'PHX-RELIEF', holdings: 1, cost: '60000000.00', marketValue: '19600000.00', unrealisedGain: '-40400000.00', unpriced: 0, stale: 0 },
    ]);
    expect(held.companies[0]).to.include({ stockCode: '600000.SH', sharesHeld: 7_000_000, averageCost: '8.5714', marketValue: '19600000.00' });

    // The history, newest first, with who and what sent each price.
    const alerts = await ok(api.as('viewer').get('/pledge-alerts?since=2019-07-10'), 200);
    expect(alerts.alerts.map((a: Body) => [a.stockCode, a.fromLevel, a.toLevel, a.priceDate, a.close, a.actor, a.cause, a.occurredAt])).to.deep.equal([
      ['600000.SH', 'warning', 'critical', '2019-07-09', '2.8000', 'test-risk_officer', 'POST /market-prices', '2019-07-10T02:00:00.000Z'],
      ['600000.SH', 'elevated', 'warning', '2019-07-08', '3.2000', 'test-risk_officer', 'POST /market-prices', '2019-07-10T02:00:00.000Z'],
    ]);
    expect(alerts.nextBefore).to.equal(null);
    const firstPage = await ok(api.as('viewer').get('/pledge-alerts?limit=1'), 200);
    expect(firstPage.alerts.map((a: Body) => a.toLevel)).to.deep.equal(['critical']);
    const secondPage = await ok(api.as('viewer').get(`/pledge-alerts?limit=1&before=${firstPage.nextBefore}`), 200);
    expect(secondPage.alerts.map((a: Body) => a.toLevel)).to.deep.equal(['warning']);
    expect((await ok(api.as('viewer').get('/pledge-alerts?since=2019-07-11'), 200)).alerts).to.deep.equal([]);

    // And back: a recovery to 10.00 is a change too.
    const back = await ok(prices('2019-07-10', '10.00'));
    expect(back.alerts.map((a: Body) => [a.fromLevel, a.toLevel])).to.deep.equal([['critical', 'elevated']]);
    expect(await count(api, 'pledge_alerts')).to.equal(3);
  });

  it('the same file twice changes nothing the second time (idempotent per stock and date)', async () => {
    await ok(prices('2019-07-08', '3.20'));
    const again = await ok(prices('2019-07-08', '3.20'));
    expect(again.alerts).to.deep.equal([]);
    expect(again.skipped).to.deep.equal([{ stockCode: '600000.SH', reason: 'price of 2019-07-08 already evaluated' }]);
    expect(await count(api, 'market_prices')).to.equal(1);
    expect(await count(api, 'pledge_alerts')).to.equal(1);
  });

  it('the watchlist carries top-up capacity, limit-down days, staleness and the fund holding', async () => {
    await ok(prices('2019-07-08', '3.20'));
    const rows = (await ok(api.as('viewer').get('/pledge-watchlist'), 200)).rows;
    const row = rows.find((r: Body) => r.stockCode === '600000.SH');
    // 1.60 × 500M / 3.20 = 250,000,000 − 240,000,000 pledged = 10,000,000 needed; 160,000,000 unpledged.
    expect(row.topUp).to.include({ unpledgedShares: 160_000_000, sharesNeeded: 10_000_000, insufficient: false, shortfall: 0 });
    // Main board 10%: 3.20 → 2.88, and 240M × 2.88 = 691.2M ≤ 1.40 × 500M = 700M.
    expect(row.limitDown).to.include({ board: 'main', limitRatio: '0.10', days: 1 });
    expect(row.priceStale).to.equal(false);
    expect(row.holding).to.include({ sharesHeld: 7_000_000, marketValue: '22400000.00', unrealisedGain: '-37600000.00' });
    expect(row.holding.funds).to.deep.equal(['PHX-RELIEF']);
  });

  it('the pledge-watchlist report carries the new columns in JSON, CSV and XLSX', async () => {
    await ok(prices('2019-07-08', '3.20'));
    const json = await ok(api.as('viewer').get('/reports/pledge-watchlist?asOf=2019-07-10'), 200);
    const keys = json.columns.map((c: Body) => c.key);
    const added = ['board', 'limitRatio', 'limitDownDays', 'unpledgedShares', 'topUpShares', 'topUpInsufficient', 'priceStale', 'heldShares', 'averageCost', 'marketValue', 'unrealisedGain'];
    expect(keys).to.include.members(added);
    const row = json.rows.find((r: Body) => r.stockCode === '600000.SH');
    expect(row).to.include({
      board: 'main',
      limitRatio: '0.10',
      limitDownDays: 1,
      unpledgedShares: 160_000_000,
      topUpShares: 10_000_000,
      topUpInsufficient: 'false',
      priceStale: 'false',
      heldShares: 7_000_000,
      averageCost: '8.5714',
      marketValue: '22400000.00',
      unrealisedGain: '-37600000.00',
    });
    expect(json.totals).to.include({ topUpInsufficient: 0, marketValue: '22400000.00', unrealisedGain: '-37600000.00' });

    const csv = await getBytes(api, '/reports/pledge-watchlist?asOf=2019-07-10&format=csv');
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const header = lines.find((l) => l.includes('stockCode'))!.split(',');
    const data = lines.find((l) => l.startsWith('600000.SH'))!.split(',');
    expect(header).to.include('跌停板数 limitDownDays');
    expect(data[header.indexOf('跌停板数 limitDownDays')]).to.equal('1');
    expect(data[header.indexOf('补仓所需股数 topUpShares')]).to.equal('10000000');
    expect(data[header.indexOf('持仓市值 marketValue')]).to.equal('22400000.00');

    const sheet = await readWorkbook((await getBytes(api, '/reports/pledge-watchlist?asOf=2019-07-10&format=xlsx')).body);
    let headerRow = 0;
    sheet.eachRow((r, n) => {
      if (headerRow === 0 && r.values && (r.values as unknown[]).includes('跌停板数 limitDownDays')) headerRow = n;
    });
    const headers = sheet.getRow(headerRow).values as unknown[];
    const first = sheet.getRow(headerRow + 1);
    expect(first.getCell(headers.indexOf('跌停板数 limitDownDays')).value).to.equal(1);
    expect(first.getCell(headers.indexOf('持仓市值 marketValue')).value).to.equal(22400000);
    expect(first.getCell(headers.indexOf('补仓能力不足 topUpInsufficient')).value).to.equal('false');
  });

  it('marks prices stale after the configured trading days', async () => {
    await ok(prices('2019-07-05', '3.20'));
    // Friday's price on Thursday 2019-07-11: 4 trading days, more than the default 3.
    const later = await holdings('?asOf=2019-07-11');
    expect(later.holdings[0]).to.include({ stale: true, priceAgeTradingDays: 4 });
    expect(later.funds[0].stale).to.equal(1);
    expect((await holdings('?asOf=2019-07-10')).holdings[0]).to.include({ stale: false, priceAgeTradingDays: 3 });
    const strict = await testApi({ clock: { now: () => new Date('2019-07-10T02:00:00Z') }, env: { PHOENIX_STALE_PRICE_DAYS: '0' } });
    try {
      expect((await ok(strict.as('viewer').get('/holdings'), 200)).staleAfterTradingDays).to.equal(0);
    } finally {
      await strict.dispose();
    }
  });

  it('mark-to-market books a valuation through the valuation event, with the lock-up discount', async () => {
    const res = await ok(prices('2019-07-09', '2.80', '?markToMarket=true', 'fund_manager'));
    // 236 days of the 12-month placement lock-up left on 2019-07-09: the 181–365 band, 15%.
    // 7,000,000 × 2.80 × 0.85 = 16,660,000.00.
    expect(res.markToMarket.valuations).to.have.length(1);
    const v = res.markToMarket.valuations[0];
    expect(v).to.include({ investment, fund: 'PHX-RELIEF', date: '2019-07-09', close: '2.8000', sharesHeld: 7_000_000, remainingLockUpDays: 236, liquidityDiscount: '0.1500', fairValue: '16660000.00', unrealizedChange: '-43340000.00' });
    const entry = await ok(api.as('viewer').get(`/journal/${v.entryId}`), 200);
    expect(entry.type).to.equal('valuation');
    expect((await holdings()).holdings[0].carryingValue).to.equal('16660000.00');
    // Again at the same price: nothing new to book.
    const again = await ok(prices('2019-07-09', '2.80', '?markToMarket=true', 'fund_manager'));
    expect(again.markToMarket.valuations[0]).to.include({ unrealizedChange: '0.00', entryId: null });
  });

  it('mark-to-market skips, with its reason, a holding whose cost was released by a sale that named no shares', async () => {
    // Sold while locked: only an admin's override with a reason lets it through (issue 24).
    expectProblem(await api.as('fund_manager').post(`/investments/${investment}/exits`, { kind: 'sale', proceeds: '61000000.00', cost: '60000000.00', date: '2019-07-01' }), 422, 'SELLING_LIMIT_EXCEEDED');
    const sale = { kind: 'sale', proceeds: '61000000.00', cost: '60000000.00', date: '2019-07-01', override: { reason: '证监会同意的协议转让豁免（测试）' } };
    await ok(api.as('admin').post(`/investments/${investment}/exits`, sale));
    const res = await ok(prices('2019-07-09', '2.80', '?markToMarket=true', 'fund_manager'));
    expect(res.stored).to.equal(1);
    expect(res.markToMarket.valuations).to.deep.equal([]);
    expect(res.markToMarket.skipped).to.have.length(1);
    expect(res.markToMarket.skipped[0]).to.include({ investment, stockCode: '600000.SH' });
    expect(res.markToMarket.skipped[0].reason).to.contain('fully exited');
    expect(await count(api, 'valuations')).to.equal(0);
    expect((await holdings()).holdings).to.deep.equal([]);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    expectProblem(await prices('2019-07-09', '2.80', '?markToMarket=true'), 403, 'FORBIDDEN');
    expectProblem(await prices('2019-07-09', '2.80', '', 'fund_manager'), 403, 'FORBIDDEN');
    expectProblem(await prices('2019-07-09', '-2.80'), 400, 'VALIDATION_FAILED');
    expectProblem(await prices('2019-07-11', '2.80'), 400, 'VALIDATION_FAILED');
    const bad = await api.as('risk_officer').post('/market-prices', [
      { stockCode: '600000.SH', date: '2019-07-08', close: '3.20' },
      { stockCode: '600000.SH', date: '2019-07-09', close: '0' },
    ]);
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').get('/pledge-alerts?since=yesterday'), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').get('/holdings?asOf=2019-02-30'), 400, 'VALIDATION_FAILED');
    expectProblem(await api.as('viewer').get('/pledge-alerts?limit=0'), 400, 'VALIDATION_FAILED');
    expect(await count(api, 'market_prices')).to.equal(0);
    expect(await count(api, 'pledge_alerts')).to.equal(0);
    expect(await count(api, 'valuations')).to.equal(0);
  });
});
