import { expect } from 'chai';
import { measureLeverage, type CapitalPosition } from '../../../../src/domain/funds/leverage';
import { performance, xirr } from '../../../../src/domain/funds/performance';
import { fundFigures } from '../../../../src/domain/funds/fund-figures';
import { roleOf, chart, mustStayNonNegative } from '../../../../src/domain/funds/chart-of-accounts';
import { assertReversalKeepsBalances } from '../../../../src/domain/funds/reversal-guard';
import { codeOf, yuan } from './builders';

const programme = { code: 'YH-GIF', name: 'p', governmentCapitalTarget: yuan('6000000000'), socialCapitalTarget: yuan('24800000000') };
const position = (fund: string, investor: string, capitalClass: 'government' | 'social', committed: string, extra: Partial<CapitalPosition> = {}): CapitalPosition => ({
  fund,
  fundKind: fund.includes('-') && fund.startsWith('PHX-') ? 'subfund' : 'fund',
  parent: fund.startsWith('PHX-') ? 'PHX' : null,
  investor,
  capitalClass,
  internal: false,
  committed: yuan(committed),
  paidIn: 0n,
  ...extra,
});

describe('leverage', () => {
  it('matches hand-computed figures and never counts fund-to-fund capital twice', () => {
    const l = measureLeverage(programme, [
      position('PHX', 'YH-GOV', 'government', '1200000000', { paidIn: yuan('180000000.01') }),
      position('PHX', 'SOE-A', 'government', '800000000', { paidIn: yuan('120000000') }),
      position('YH-IF', 'YH-GOV', 'government', '2000000000'),
      position('PHX-RELIEF', 'PHX', 'government', '250000000', { internal: true, paidIn: yuan('25000000') }),
      position('PHX-RELIEF', 'BANK-A', 'social', '400000000', { paidIn: yuan('40000000') }),
      position('PHX-RELIEF', 'SEC-A', 'social', '200000000'),
      position('PHX-MA', 'PHX', 'government', '100000000', { internal: true }),
      position('PHX-MA', 'PRIV-A', 'social', '350000000'),
    ]);
    expect(l.governmentCommitted).to.equal(yuan('4000000000'));
    expect(l.socialCommitted).to.equal(yuan('950000000'));
    expect(l.governmentPaidIn).to.equal(yuan('300000000.01'));
    expect(l.socialPaidIn).to.equal(yuan('40000000'));
    expect(l.socialLeverage).to.equal('0.2375');
    expect(l.totalLeverage).to.equal('1.2375');
    expect(l.socialTargetProgress).to.equal('0.0383');
    expect(l.governmentTargetProgress).to.equal('0.6667');
    expect(l.targetSocialLeverage).to.equal('4.1333');
    expect(l.subfunds.map((s) => [s.fund, s.multiplier])).to.deep.equal([
      ['PHX-MA', '4.5000'],
      ['PHX-RELIEF', '3.4000'],
    ]);
  });

  it('reports no ratio before any government capital is committed', () => {
    const l = measureLeverage(programme, []);
    expect([l.socialLeverage, l.totalLeverage]).to.deep.equal([null, null]);
    expect(l.socialTargetProgress).to.equal('0.0000');
  });
});

describe('performance', () => {
  it('solves XIRR: 100 paid, 110 back a year later is 10%', () => {
    expect(xirr([{ date: '2019-01-01', amount: -10000n }, { date: '2020-01-01', amount: 11000n }])).to.be.closeTo(0.1, 1e-6);
  });

  it('solves a known multi-flow XIRR (spreadsheet reference 0.3734)', () => {
    const flows = [
      { date: '2008-01-01', amount: yuan('-10000') },
      { date: '2008-03-01', amount: yuan('2750') },
      { date: '2008-10-30', amount: yuan('4250') },
      { date: '2009-02-15', amount: yuan('3250') },
      { date: '2009-04-01', amount: yuan('2750') },
    ];
    expect(xirr(flows)).to.be.closeTo(0.373362535, 1e-6);
  });

  it('has no IRR without both inflows and outflows', () => {
    expect(xirr([{ date: '2019-01-01', amount: -5n }])).to.equal(null);
  });

  it('computes DPI, RVPI and TVPI from paid-in, distributed and NAV', () => {
    const p = performance([{ date: '2019-01-01', amount: yuan('-100') }, { date: '2019-07-01', amount: yuan('30') }], yuan('90'), '2020-01-01');
    expect(p).to.include({ dpi: '0.3000', rvpi: '0.9000', tvpi: '1.2000' });
    expect(p.irr).to.equal('0.2335'); // bisection in an independent script: 0.23350…
  });
});

describe('chart of accounts', () => {
  it('reads back every account it builds', () => {
    expect(roleOf(chart.cash('PHX'))).to.deep.equal({ role: 'cash' });
    expect(roleOf(chart.investmentCost('PHX-RELIEF', '600000.SH', 'equity', 12))).to.deep.equal({
      role: 'investment-cost',
      stockCode: '600000.SH',
      instrument: 'equity',
      investmentId: 12,
    });
    expect(roleOf(chart.uncalled('PHX', 'YH-GOV'))).to.deep.equal({ role: 'uncalled', investor: 'YH-GOV' });
    expect(mustStayNonNegative(chart.investmentFairValue('PHX', '600000.SH', 'equity', 1))).to.equal(null);
  });

  it('derives the figures of section 9 from balances, NAV without what partners owe', () => {
    const b = (account: string, debit: string, credit: string) => ({ account, fund: 'F', debit: yuan(debit), credit: yuan(credit) });
    const figures = fundFigures([
      b('memo:F:commitments:committed:A', '0', '100'),
      b('memo:F:commitments:uncalled:A', '100', '40'),
      b('memo:F:commitments:called:A', '40', '0'),
      b('assets:F:receivable:A', '40', '30'),
      b('equity:F:contributed:A', '0', '40'),
      b('assets:F:cash', '30', '20'),
      b('assets:F:investments:600000.SH:equity:1:cost', '20', '0'),
      b('assets:F:investments:600000.SH:equity:1:fair-value', '2', '0'),
    ]);
    expect(figures).to.deep.equal({
      committed: yuan('100'),
      called: yuan('40'),
      paidIn: yuan('30'),
      unfunded: yuan('60'),
      receivable: yuan('10'),
      lateInterestReceivable: 0n,
      invested: yuan('20'),
      cash: yuan('10'),
      distributed: 0n,
      fundInterests: 0n,
      // Cash 10 + cost 20 + fair value 2; the 10 still receivable is a deduction from partners' capital (issue 23).
      nav: yuan('32'),
    });
  });

  it('refuses a reversal that would leave cash negative', () => {
    const balances = new Map([['assets:F:cash', { account: 'assets:F:cash', fund: 'F', debit: yuan('100'), credit: yuan('90') }]]);
    const lines = [
      { account: 'assets:F:cash', fund: 'F', debit: 0n, credit: yuan('10.01') },
      { account: 'assets:F:receivable:A', fund: 'F', debit: yuan('10.01'), credit: 0n },
    ];
    expect(codeOf(() => assertReversalKeepsBalances(lines, balances))).to.equal('REVERSAL_NOT_ALLOWED');
    expect(codeOf(() => assertReversalKeepsBalances([{ ...lines[0], credit: yuan('10') }], balances))).to.equal(null);
  });
});
