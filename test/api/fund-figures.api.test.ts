import { expect } from 'chai';
import { testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { seedReference } from '../helpers/fund-scenario';
import { fundLife } from '../helpers/report-scenario';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fen = (yuan: string) => BigInt(yuan.replace('.', ''));

describe(`fund figures: leverage, look-through, exact parts, consolidation (${TEST_DIALECT})`, () => {
  let api: TestApi;
  const json = async (path: string): Promise<Json> => {
    const res = await api.as('viewer').get(path);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body;
  };

  describe('leverage with a district SOE committing directly to PHX-MA', () => {
    before(async () => {
      api = await testApi();
      await seedReference(api);
      const m = api.as('fund_manager');
      const ok = async (path: string, body: object, status = 201, method: 'post' | 'patch' = 'post') => {
        const res = await m[method](path, body);
        expect(res.status, JSON.stringify(res.body)).to.equal(status);
      };
      await ok('/investors', { code: 'YH-GOV', name: 'g', category: 'government_fund', capitalClass: 'government' });
      await ok('/investors', { code: 'SOE-B', name: '区属国有公司B', category: 'state_owned', capitalClass: 'government' });
      await ok('/investors', { code: 'BANK-A', name: 'b', category: 'financial_institution', capitalClass: 'social' });
      await ok('/investors', { code: 'SEC-A', name: 's', category: 'securities_firm', capitalClass: 'social' });
      await ok('/investors', { code: 'PRIV-A', name: 'p', category: 'private', capitalClass: 'social' });
      await ok('/funds/PHX/commitments', { investor: 'YH-GOV', amount: '1000000000.00', date: '2019-01-02' });
      await ok('/funds/PHX-RELIEF', { targetSize: '2000000000.00', status: 'active' }, 200, 'patch');
      // The government-share cap is an admin's to set.
      expect((await api.as('admin').patch('/funds/PHX-MA', { targetSize: '1000000000.00', status: 'active', policy: { maxGovernmentShare: '0.50' } })).status).to.equal(200);
      for (const [investor, amount] of [['PHX', '300000000.00'], ['BANK-A', '1000000000.00'], ['SEC-A', '700000000.00']]) {
        await ok('/funds/PHX-RELIEF/commitments', { investor, amount, date: '2019-01-03' });
      }
      for (const [investor, amount] of [['PHX', '200000000.00'], ['SOE-B', '150000000.00'], ['PRIV-A', '500000000.00']]) {
        await ok('/funds/PHX-MA/commitments', { investor, amount, date: '2019-01-03' });
      }
    });
    after(() => api.dispose());

    it('counts the SOE’s 150m in G: S/G is 1.91 (not 2.20) and PHX-MA’s multiplier 2.43 (not 4.25)', async () => {
      const l = await json('/programmes/YH-GIF/leverage');
      expect(l).to.include({
        governmentCommitted: '1150000000.00',
        governmentInMemberFunds: '1000000000.00',
        governmentDirectInSubfunds: '150000000.00',
        socialCommitted: '2200000000.00',
        socialLeverage: '1.9130',
        totalLeverage: '2.9130',
        governmentTargetProgress: '0.1667',
      });
      expect(l.subfunds.find((s: Json) => s.fund === 'PHX-MA')).to.deep.equal({
        fund: 'PHX-MA',
        parent: 'PHX',
        totalCommitted: '850000000.00',
        parentCommitted: '200000000.00',
        governmentDirectCommitted: '150000000.00',
        governmentSideCommitted: '350000000.00',
        multiplier: '2.4286',
      });
      expect(l.definitions.everyCommitmentOnce).to.match(/exactly one of G or S/);
    });

    it('the leverage report carries the split of G in its totals and the government side per sub-fund', async () => {
      const report = await json('/reports/leverage?asOf=2019-12-31');
      expect(report.totals).to.include({ governmentCommitted: '1150000000.00', governmentInMemberFunds: '1000000000.00', governmentDirectInSubfunds: '150000000.00', socialLeverage: '1.9130' });
      expect(report.rows.map((r: Json) => [r.fund, r.governmentSideCommitted, r.multiplier])).to.deep.equal([
        ['PHX-MA', '350000000.00', '2.4286'],
        ['PHX-RELIEF', '300000000.00', '6.6667'],
      ]);
    });
  });

  describe('a fund life with PHX holding 25% of PHX-RELIEF', () => {
    before(async () => {
      api = await testApi();
      await fundLife(api);
    });
    after(() => api.dispose());

    it('values PHX’s interest look-through at any date: above cost after a gain, not zero-ish after a distribution', async () => {
      const march = await json('/funds/PHX?asOf=2019-03-31');
      // PHX-RELIEF NAV 106,000,000.00 after the valuation; PHX paid 25m of its 100m.
      expect(march).to.include({ invested: '25000000.00', fundInterests: '26500000.00', nav: '301500000.01' });
      const december = await json('/funds/PHX?asOf=2019-12-31');
      // The distribution returned 12,500,000.01 of cost; PHX still owns 25% of a NAV of 59,999,999.97.
      expect(december).to.include({ invested: '12499999.99', fundInterests: '14999999.99', nav: '302500000.01' });
      const overview = await json('/reports/overview?asOf=2019-03-31');
      expect(overview.rows.find((r: Json) => r.code === 'PHX')).to.include({ fundInterests: '26500000.00', nav: '301500000.01' });
    });

    it('PHX’s performance uses the look-through NAV: a positive IRR, not a loss', async () => {
      const perf = await json('/funds/PHX/performance?asOf=2019-12-31');
      expect(perf).to.include({ paidIn: '300000000.01', nav: '302500000.01', rvpi: '1.0083' });
      expect(Number(perf.irr)).to.be.greaterThan(0);
      const report = await json('/reports/performance?asOf=2019-12-31');
      expect(report.rows.find((r: Json) => r.fund === 'PHX')).to.include({ nav: '302500000.01', tvpi: '1.0083' });
    });

    it('splits NAV among investors to the fen: the shares sum to the NAV', async () => {
      const accounts = await json('/reports/capital-accounts?asOf=2019-12-31');
      const relief = accounts.rows.filter((r: Json) => r.fund === 'PHX-RELIEF');
      const sum = relief.reduce((s: bigint, r: Json) => s + fen(r.navShare), 0n);
      // By floor the four shares summed to 59,999,999.95; the two fen left go to the largest remainders.
      expect(sum).to.equal(fen('59999999.97'));
      expect(relief.map((r: Json) => [r.investor, r.navShare])).to.deep.equal([
        ['BANK-A', '23999999.99'],
        ['PHX', '14999999.99'],
        ['PRIV-A', '9000000.00'],
        ['SEC-A', '11999999.99'],
      ]);
      const perf = await json('/funds/PHX-RELIEF/performance?asOf=2019-12-31');
      expect(perf.investors.reduce((s: bigint, i: Json) => s + fen(i.navShare), 0n)).to.equal(fen(perf.nav));
    });

    it('totals of overview, capital accounts and performance are consolidated and say so', async () => {
      const overview = await json('/reports/overview?asOf=2019-12-31');
      // External commitments: PHX 2bn + PHX-RELIEF 750m (PHX's 250m is internal), not 3bn.
      // NAV: PHX cash 287,500,000.02 + PHX-RELIEF cash 26,999,999.97 + holding 33,000,000.00.
      expect(overview.totals).to.include({ committed: '2750000000.00', paidIn: '375000000.01', invested: '30000000.00', fundInterests: '0.00', nav: '347499999.99' });
      expect(overview).to.include({ totalsBasis: 'consolidated', totalsLabel: '合并 consolidated' });
      const accounts = await json('/reports/capital-accounts?asOf=2019-12-31');
      expect(accounts.totals).to.include({ committed: '2750000000.00', paidIn: '375000000.01', distributed: '37500000.02', navShare: '347499999.99' });
      expect(accounts.totalsLabel).to.equal('合并 consolidated');
      const performance = await json('/reports/performance?asOf=2019-12-31');
      expect(performance.totals).to.include({ paidIn: '375000000.01', distributed: '37500000.02', nav: '347499999.99', tvpi: '1.0267' });
    });
  });
});
