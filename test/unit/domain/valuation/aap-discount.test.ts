import { expect } from 'chai';
import fc from 'fast-check';
import { DomainError } from '../../../../src/domain/errors';
import { aapDiscount, aapFairValue, type AapInputs } from '../../../../src/domain/valuation/aap-discount';

/**
 * The guideline's formula in JS floats, an independent oracle: Φ by Simpson's rule on the density
 * (not the series or continued fraction of exact-math), and e^a − a − 1 by its own Taylor series
 * below a = 1, where the float subtraction would cancel.
 */
function floatDiscount(volatility: number, days: number, dividendYield: number): number {
  const years = days / 365;
  const a = volatility * volatility * years;
  let excess = 0;
  if (a < 1) {
    let term = a;
    for (let n = 2; n < 60; n++) excess += term *= a / n;
  } else {
    excess = Math.exp(a) - a - 1;
  }
  const w = Math.sqrt(a + Math.log(2 * excess) - 2 * Math.log(Math.expm1(a))) / 2;
  const steps = 400;
  const h = w / steps;
  let integral = 0;
  for (let i = 0; i <= steps; i++) integral += (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2) * Math.exp((-(i * h) * (i * h)) / 2);
  const centralMass = (2 * integral * h) / 3 / Math.sqrt(2 * Math.PI);
  return Math.exp(-dividendYield * years) * centralMass;
}

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError && error.code === 'VALIDATION_FAILED') return (error.details.errors as Array<{ field: string }>).map((e) => e.field);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('AAP liquidity discount (流动性折扣, 平均价格亚式期权)', () => {
  // Expected figures computed independently with mpmath at 300 digits. The first row is the example
  // of a published implementation of the guideline's formula (S = 10, T = 1 year, σ = 50%, q = 5%),
  // which prints no figure of its own.
  const CASES: Array<[AapInputs, string, string]> = [
    [{ volatility: '0.5', remainingDays: 365, dividendYield: '0.05' }, '0.1069', '0.106900162364'],
    [{ volatility: '0.4', remainingDays: 180, dividendYield: '0' }, '0.0642', '0.064203759198'],
    [{ volatility: '0.3', remainingDays: 365, dividendYield: '0.02' }, '0.0671', '0.067139074525'],
    [{ volatility: '0.45', remainingDays: 1, dividendYield: '0' }, '0.0054', '0.005424904466'],
    [{ volatility: '0.45', remainingDays: 90, dividendYield: '0.015' }, '0.0510', '0.051029265258'],
    [{ volatility: '0.6', remainingDays: 730, dividendYield: '0.01' }, '0.1784', '0.178398213949'],
    [{ volatility: '1', remainingDays: 183, dividendYield: '0' }, '0.1552', '0.155234083874'],
    // σ²T = 75: v²T is within 1e-30 of its limit ln 2, the largest discount the model gives
    [{ volatility: '5', remainingDays: 1095, dividendYield: '0' }, '0.3228', '0.322792902827'],
    // σ²T = 2.7e-19: e^(σ²T) − σ²T − 1 cancels 38 digits, which the working precision carries
    [{ volatility: '0.00000001', remainingDays: 1, dividendYield: '0' }, '0.0000', '0.000000000121'],
  ];
  for (const [inputs, discount, exactDiscount] of CASES) {
    it(`σ ${inputs.volatility}, ${inputs.remainingDays} days, q ${inputs.dividendYield}: ${discount} (${exactDiscount})`, () => {
      const result = aapDiscount(inputs);
      expect([result.discount, result.exactDiscount]).to.deep.equal([discount, exactDiscount]);
    });
  }

  it('counts T in calendar days over 365', () => {
    expect(aapDiscount({ volatility: '0.4', remainingDays: 180, dividendYield: '0' }).years).to.equal('0.493150684932');
    expect(aapDiscount({ volatility: '0.4', remainingDays: 730, dividendYield: '0' }).years).to.equal('2.000000000000');
  });

  it('never discounts shares whose lock-up is over', () => {
    expect(aapDiscount({ volatility: '0.8', remainingDays: 0, dividendYield: '0.03' })).to.deep.equal({ discount: '0.0000', exactDiscount: '0.000000000000', years: '0.000000000000' });
  });

  const BAD: Array<[Partial<AapInputs>, string[]]> = [
    [{ volatility: '0' }, ['inputs.volatility']],
    [{ volatility: '5.00000001' }, ['inputs.volatility']],
    [{ volatility: '45%' }, ['inputs.volatility']],
    [{ volatility: '0.000000001' }, ['inputs.volatility']],
    [{ remainingDays: -1 }, ['inputs.remainingDays']],
    [{ remainingDays: 1.5 }, ['inputs.remainingDays']],
    [{ remainingDays: 36_501 }, ['inputs.remainingDays']],
    [{ dividendYield: '1' }, ['inputs.dividendYield']],
    [{ dividendYield: '-0.01' }, ['inputs.dividendYield']],
    [{ volatility: '-1', remainingDays: Number.NaN, dividendYield: '2' }, ['inputs.volatility', 'inputs.remainingDays', 'inputs.dividendYield']],
  ];
  for (const [change, fields] of BAD) {
    it(`refuses ${JSON.stringify(change)}, naming ${fields.join(', ')}`, () => {
      expect(fieldsOf(() => aapDiscount({ volatility: '0.4', remainingDays: 100, dividendYield: '0', ...change }))).to.deep.equal(fields);
    });
  }

  const volatility = fc.integer({ min: 500, max: 50_000 }).map((n) => n / 10_000);
  const dividendYield = fc.integer({ min: 0, max: 1_000 }).map((n) => n / 10_000);
  const asInputs = (v: number, days: number, q: number): AapInputs => ({ volatility: v.toFixed(4), remainingDays: days, dividendYield: q.toFixed(4) });

  it('agrees with the float oracle within 1e-9 (property)', () => {
    fc.assert(
      fc.property(volatility, fc.integer({ min: 1, max: 3_650 }), dividendYield, (v, days, q) => {
        const exact = Number(aapDiscount(asInputs(v, days, q)).exactDiscount);
        return Math.abs(exact - floatDiscount(v, days, q)) <= 1e-9;
      }),
      { numRuns: 60 },
    );
  });

  it('rises with the lock-up left (without dividends), rises with volatility, and stays in [0, 1) (property)', () => {
    fc.assert(
      fc.property(volatility, volatility, fc.integer({ min: 0, max: 3_650 }), fc.integer({ min: 0, max: 3_650 }), dividendYield, (v1, v2, d1, d2, q) => {
        const [lowV, highV] = v1 <= v2 ? [v1, v2] : [v2, v1];
        const [fewer, more] = d1 <= d2 ? [d1, d2] : [d2, d1];
        const discount = (v: number, days: number, yieldRate: number) => Number(aapDiscount(asInputs(v, days, yieldRate)).exactDiscount);
        const byDays = discount(lowV, fewer, 0) <= discount(lowV, more, 0);
        const byVolatility = discount(lowV, more, q) <= discount(highV, more, q);
        const inRange = [discount(highV, more, q), discount(lowV, fewer, q)].every((d) => d >= 0 && d < 1);
        return byDays && byVolatility && inRange;
      }),
      { numRuns: 40 },
    );
  });

  it('is lowered by a dividend yield, and then need not rise with the lock-up: e^(−qT) wins over long horizons', () => {
    const at = (days: number) => aapDiscount({ volatility: '0.5', remainingDays: days, dividendYield: '0.5' }).discount;
    expect([at(100), at(365), at(1000), at(3000)]).to.deep.equal(['0.0522', '0.0682', '0.0453', '0.0044']);
  });
});

describe('fair value after the AAP discount', () => {
  const CASES: Array<[bigint, string, bigint]> = [
    [1_000n, '0.1069', 893n], // the guideline example: 10.00 yuan a share → 8.93
    [12_345n, '0.1069', 11_025n], // 11025.3195
    [25n, '0.1', 23n], // 22.5 → 23 half-up (half-even would give 22)
    [2_000_000_000_00n, '0.3228', 1_354_400_000_00n],
    [999n, '0', 999n],
    [999n, '1.0000', 0n],
  ];
  for (const [value, discount, expected] of CASES) {
    it(`${value} fen less ${discount} is ${expected} fen`, () => expect(aapFairValue(value, discount)).to.equal(expected));
  }

  it('refuses a discount that is not 0 to 1 with at most 4 decimals', () => {
    for (const bad of ['0.12345', '1.1', '-0.1', '.5', '10%']) expect(fieldsOf(() => aapFairValue(100n, bad)), bad).to.deep.equal(['discount']);
  });
});
