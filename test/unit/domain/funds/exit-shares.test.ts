import { expect } from 'chai';
import fc from 'fast-check';
import { averageCostOf, planExit, type ExitRequest } from '../../../../src/domain/funds/exit';
import { assertPostable } from '../../../../src/domain/ledger/entry-rules';
import { codeOf, subfund, yuan } from './builders';

const equity = { id: 5, stockCode: '600000.SH', instrument: 'equity' as const, date: '2019-03-10' };
const sale = (over: Partial<ExitRequest> = {}) =>
  planExit({
    fund: subfund(),
    investment: equity,
    kind: 'sale',
    proceeds: yuan('30000000'),
    cost: null,
    shares: 3_000_000,
    date: '2019-06-01',
    actor: 'm',
    remainingCost: yuan('60000000'),
    fairValue: 0n,
    sharesHeld: 7_000_000,
    ...over,
  });

describe('equity positions held in shares', () => {
  it('releases cost at average cost, half-up to the fen, and all that remains with the last share', () => {
    // 60,000,000.00 × 3,000,000 / 7,000,000 = 25,714,285.714… → 25,714,285.71
    const first = sale();
    expect(first.cost).to.equal(yuan('25714285.71'));
    expect(first.realizedGain).to.equal(yuan('4285714.29'));
    assertPostable(first.draft);
    expect(sale({ shares: 4_000_000, sharesHeld: 4_000_000, remainingCost: yuan('34285714.29') }).cost).to.equal(yuan('34285714.29'));
    // Half a fen rounds up: 0.05 × 1 / 2 = 0.025 yuan = 2.5 fen → 3 fen.
    expect(averageCostOf(5n, 1, 2)).to.equal(3n);
  });

  it('accepts cost with shares only when it agrees, and cost alone as given', () => {
    expect(codeOf(() => sale({ cost: yuan('25714285.71') }))).to.equal(null);
    expect(codeOf(() => sale({ cost: yuan('25714285.97') }))).to.equal('EXIT_COST_MISMATCH');
    expect(sale({ shares: null, cost: yuan('1000000') }).cost).to.equal(yuan('1000000'));
    expect(codeOf(() => sale({ shares: null, cost: null }))).to.equal('VALIDATION_FAILED');
  });

  it('refuses shares on income, on a loan, beyond what is held, or on a position never counted in shares', () => {
    expect(codeOf(() => sale({ kind: 'income' }))).to.equal('VALIDATION_FAILED');
    expect(codeOf(() => sale({ investment: { ...equity, instrument: 'loan' }, kind: 'repayment' }))).to.equal('VALIDATION_FAILED');
    expect(codeOf(() => sale({ shares: 7_000_001 }))).to.equal('EXIT_EXCEEDS_SHARES');
    expect(codeOf(() => sale({ sharesHeld: null }))).to.equal('VALIDATION_FAILED');
    expect(sale({ kind: 'income', shares: null, proceeds: yuan('1000000') }).cost).to.equal(0n);
  });

  it('releases exactly the cost in total over any sell-down (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 15 }), (cost, lots) => {
        let held = lots.reduce((s, n) => s + n, 0);
        let remaining = cost;
        for (const lot of lots) {
          const released = averageCostOf(remaining, lot, held);
          expect(released >= 0n && released <= remaining).to.equal(true);
          remaining -= released;
          held -= lot;
        }
        expect(remaining).to.equal(0n);
      }),
    );
  });
});
