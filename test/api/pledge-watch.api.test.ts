import { expect } from 'chai';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { eligibleApplicant, tranche } from '../helpers/applicant-builders';

const count = async (api: TestApi, table: string) => Number((await api.db.writer(table).count({ n: '*' }).first())!.n);

/**
 * Two companies screened on 2019-06-28 at 10.00, both coverage 3.20 (normal):
 * A (600001.SH) 160M shares against 500M, liquidation price 4.3750, warning price 5.0000;
 * B (300001.SZ) 160M shares against 800M, liquidation price 7.0000, warning price 8.0000.
 */
describe(`market prices and pledge watchlist API (${TEST_DIALECT})`, () => {
  let api: TestApi;
  let a: number;
  let b: number;
  beforeEach(async () => {
    api = await testApi({ clock: { now: () => new Date('2019-07-10T02:00:00Z') } });
    const screen = (applicant: object) => api.as('risk_officer').post('/screenings', { applicant, screenedOn: '2019-06-28' });
    a = (await screen(eligibleApplicant())).body.id;
    b = (await screen(eligibleApplicant({ stockCode: '300001.SZ', exchange: 'SZSE', sharePrice: '16.00', pledges: [tranche({ principal: '800000000.00' })] }))).body.id;
  });
  afterEach(() => api.dispose());

  it("re-evaluates the latest screening at a new price; the gate's summary follows while the stored result stays", async () => {
    const res = await api.as('risk_officer').post('/market-prices', [{ stockCode: '600001.SH', date: '2019-07-01', close: '4.80' }]);
    expect(res.status).to.equal(201);
    expect(res.body.stored).to.equal(1);
    expect(res.body.evaluations).to.deep.equal([
      { stockCode: '600001.SH', screeningId: a, priceDate: '2019-07-01', close: '4.8000', level: 'warning', previousLevel: 'normal', levelChanged: true, route: 'relief', minBuffer: '0.0971' },
    ]);
    const summary = await api.db.read((repos) => repos.screenings.latestFor('600001.SH'));
    expect(summary).to.deep.equal({
      id: a,
      stockCode: '600001.SH',
      companyName: '杭州示例股份有限公司',
      decision: 'eligible',
      route: 'relief',
      pledgeLevel: 'warning',
      screenedOn: '2019-06-28',
      rulesetVersion: 1,
    });
    const detail = await api.as('viewer').get(`/screenings/${a}`);
    expect(detail.body.pledgeRisk.level).to.equal('normal');
    expect(detail.body.route).to.equal(null);
    expect(detail.body.current).to.deep.equal({ pledgeLevel: 'warning', route: 'relief' });
    expect(detail.body.evaluations).to.have.length(1);
    expect(detail.body.evaluations[0].pledgeRisk.tranches[0].coverage).to.equal('1.5360');
    expect((await api.as('viewer').get('/screenings?level=warning')).body.screenings.map((s: { id: number }) => s.id)).to.deep.equal([a]);
  });

  it('lists companies by buffer to the liquidation line, weakest first, flagging level changes since the previous price', async () => {
    const before = await api.as('viewer').get('/pledge-watchlist');
    // At 10.00: A's buffer 10 / 4.375 − 1 = 1.2857; B's at 16.00: 16 / 7 − 1 = 1.2857 too, so by code.
    expect(before.body.rows.map((r: { stockCode: string }) => r.stockCode)).to.deep.equal(['300001.SZ', '600001.SH']);
    expect(before.body.rows.every((r: { levelChanged: boolean; previousLevel: unknown }) => !r.levelChanged && r.previousLevel === null)).to.equal(true);

    await api.as('risk_officer').post('/market-prices', [
      { stockCode: '600001.SH', date: '2019-07-01', close: '9.00' },
      { stockCode: '300001.SZ', date: '2019-07-01', close: '7.00' },
    ]);
    const day1 = await api.as('viewer').get('/pledge-watchlist');
    expect(day1.body.rows.map((r: { stockCode: string; level: string; levelChanged: boolean; buffer: string }) => [r.stockCode, r.level, r.levelChanged, r.buffer])).to.deep.equal([
      ['300001.SZ', 'critical', true, '0.0000'],
      ['600001.SH', 'normal', false, '1.0571'],
    ]);

    await api.as('risk_officer').post('/market-prices', [
      { stockCode: '600001.SH', date: '2019-07-02', close: '9.10' },
      { stockCode: '300001.SZ', date: '2019-07-02', close: '7.50' },
    ]);
    const day2 = await api.as('viewer').get('/pledge-watchlist');
    const rowB = day2.body.rows.find((r: { stockCode: string }) => r.stockCode === '300001.SZ');
    expect(rowB).to.include({ level: 'warning', previousLevel: 'critical', levelChanged: true, priceDate: '2019-07-02', price: '7.5000' });
    const rowA = day2.body.rows.find((r: { stockCode: string }) => r.stockCode === '600001.SH');
    expect(rowA).to.include({ level: 'normal', previousLevel: 'normal', levelChanged: false });
    const changed = await api.as('viewer').get('/pledge-watchlist?changed=true');
    expect(changed.body.rows.map((r: { stockCode: string }) => r.stockCode)).to.deep.equal(['300001.SZ']);
    expect((await api.as('viewer').get('/pledge-watchlist?level=critical')).body.rows).to.deep.equal([]);
  });

  it('re-screening a company makes the new screening the one prices re-evaluate', async () => {
    const again = await api.as('risk_officer').post('/screenings', { applicant: eligibleApplicant({ pledges: [] }), screenedOn: '2019-07-05' });
    const res = await api.as('risk_officer').post('/market-prices', [{ stockCode: '600001.SH', date: '2019-07-08', close: '4.00' }]);
    expect(res.body.evaluations[0]).to.include({ screeningId: again.body.id, level: 'normal' });
    expect((await api.db.read((repos) => repos.screenings.latestFor('600001.SH')))!.id).to.equal(again.body.id);
    expect((await api.db.read((repos) => repos.screenings.get(a)))!.pledgeLevel).to.equal('normal');
  });

  it('leaves screenings alone for prices older than the screening or for companies never screened', async () => {
    const res = await api.as('risk_officer').post('/market-prices', [
      { stockCode: '600001.SH', date: '2019-06-27', close: '1.00' },
      { stockCode: '830001.BJ', date: '2019-07-01', close: '3.00' },
    ]);
    expect(res.body).to.include({ stored: 2 });
    expect(res.body.evaluations).to.deep.equal([]);
    expect(res.body.skipped.map((s: { stockCode: string }) => s.stockCode).sort()).to.deep.equal(['600001.SH', '830001.BJ']);
    expect((await api.db.read((repos) => repos.screenings.get(a)))!.pledgeLevel).to.equal('normal');
  });

  const BAD: Array<[string, object, string]> = [
    ['a close that is not a decimal', [{ stockCode: '600001.SH', date: '2019-07-01', close: 'ten' }], '0.close'],
    ['a close with five decimals', [{ stockCode: '600001.SH', date: '2019-07-01', close: '1.00001' }], '0.close'],
    ['a close of zero', [{ stockCode: '600001.SH', date: '2019-07-01', close: '0.00' }], '0.close'],
    ['a close as a JSON number', [{ stockCode: '600001.SH', date: '2019-07-01', close: 4.8 }], '0.close'],
    ['a date that does not exist', [{ stockCode: '600001.SH', date: '2019-02-30', close: '4.80' }], '0.date'],
    ['a date in the future', [{ stockCode: '600001.SH', date: '2019-07-11', close: '4.80' }], '0.date'],
    ['a bad stock code', [{ stockCode: '600001.SS', date: '2019-07-01', close: '4.80' }], '0.stockCode'],
    [
      'the same stock and date twice',
      [
        { stockCode: '600001.SH', date: '2019-07-01', close: '4.80' },
        { stockCode: '600001.SH', date: '2019-07-01', close: '4.90' },
      ],
      '1',
    ],
  ];
  for (const [label, body, field] of BAD) {
    it(`refuses ${label} with a 400 naming ${field}, storing and re-evaluating nothing`, async () => {
      const problem = expectProblem(await api.as('risk_officer').post('/market-prices', body), 400, 'VALIDATION_FAILED');
      expect((problem.errors as Array<{ field: string }>).map((e) => e.field)).to.include(field);
      expect(await count(api, 'market_prices')).to.equal(0);
      expect(await count(api, 'pledge_evaluations')).to.equal(0);
    });
  }

  it('a repeated price for the same day replaces the close and is not evaluated twice', async () => {
    await api.as('risk_officer').post('/market-prices', [{ stockCode: '300001.SZ', date: '2019-07-01', close: '7.00' }]);
    const same = await api.as('risk_officer').post('/market-prices', [{ stockCode: '300001.SZ', date: '2019-07-01', close: '7.00' }]);
    expect(same.body.evaluations).to.deep.equal([]);
    const corrected = await api.as('risk_officer').post('/market-prices', [{ stockCode: '300001.SZ', date: '2019-07-01', close: '7.20' }]);
    expect(corrected.body.evaluations[0]).to.include({ level: 'warning', previousLevel: 'critical' });
    expect(await count(api, 'market_prices')).to.equal(1);
    expect((await api.db.read((repos) => repos.screenings.get(b)))!.pledgeLevel).to.equal('warning');
  });
});
