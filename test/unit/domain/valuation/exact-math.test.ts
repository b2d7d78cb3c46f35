import { expect } from 'chai';
import Big from 'big.js';
import fc from 'fast-check';
import { expDecimal, lnDecimal, normalCdf, sqrtDecimal } from '../../../../src/domain/valuation/exact-math';

// Reference values computed independently with mpmath at 120 digits (e, ln 2, ln 10 and √2 also agree
// with their published expansions).
const E_100 = '2.718281828459045235360287471352662497757247093699959574966967627724076630353547594571382178525166427';
const LN2 = '0.69314718055994530941723212145817656807550013436025525412068';
const LN10 = '2.30258509299404568401799145468436420760110148862877297603333';
const SQRT2 = '1.41421356237309504880168872420969807856967187537694807317668';
const PHI_1 = '0.841344746068542948585232545632037922477912966726604390987394450242991441987204829500884918405639327528273';

/** True when `actual` is within one unit of the `digits`-th significant digit of `expected`. */
function within(actual: Big, expected: string, digits: number): boolean {
  const exact = new Big(expected);
  return actual.minus(exact).abs().lte(new Big(`1e${exact.e - digits + 1}`));
}

function expectDigits(actual: Big, expected: string, digits = 30): void {
  expect(within(actual, expected, digits), `${actual} vs ${expected} to ${digits} digits`).to.equal(true);
}

describe('exact-decimal elementary functions', () => {
  it('give e, ln 2, ln 10 and √2 to 30 significant digits, and more when asked', () => {
    expectDigits(expDecimal(new Big(1)), E_100);
    expectDigits(expDecimal(new Big(1), 100), E_100, 100);
    expectDigits(lnDecimal(new Big(2)), LN2);
    expectDigits(lnDecimal(new Big(10), 50), LN10, 50);
    expectDigits(sqrtDecimal(new Big(2)), SQRT2);
    expectDigits(sqrtDecimal(new Big(2), 55), SQRT2, 55);
  });

  const EXP: Array<[string, string]> = [
    ['0', '1'],
    ['0.5', '1.648721270700128146848650787814163571654'],
    ['-100', '3.720075976020835962959695803863118337359e-44'],
    ['20', '485165195.4097902779691068305415405586846'],
  ];
  for (const [x, expected] of EXP) it(`e^${x} = ${expected}`, () => expectDigits(expDecimal(new Big(x)), expected));

  const LN: Array<[string, string]> = [
    ['1', '0'],
    ['1e-300', '-690.7755278982137052053974364053092622803'],
    // ln(1 + 1e-10) = 1e-10 − 5e-21 + …: every digit kept next to 1, where cancellation would lose them
    ['1.0000000001', '0.00000000009999999999500000000033333333330833333334'],
    ['0.3', '-1.203972804325935992622746217761838502954'],
  ];
  for (const [x, expected] of LN) {
    it(`ln ${x} = ${expected}`, () => (expected === '0' ? expect(lnDecimal(new Big(x)).eq(0)).to.equal(true) : expectDigits(lnDecimal(new Big(x)), expected)));
  }

  it('takes √ of small numbers to significant digits, not decimal places', () => {
    expectDigits(sqrtDecimal(new Big('0.0002')), '0.0141421356237309504880168872420969807857');
    expect(sqrtDecimal(new Big(0)).eq(0)).to.equal(true);
  });

  const PHI: Array<[string, string]> = [
    ['0', '0.5'],
    ['1', PHI_1],
    ['-2', '0.022750131948179207200282637166533437471776223701678433983666'],
    ['-4.99', '0.0000003018964625208487680938778167009937748081'], // last point of the series
    ['-5', '0.0000002866515718791939116737523328746453538544'], // first point of the continued fraction
    ['5', '0.9999997133484281208060883262476671253546'],
    ['-10', '7.619853024160526065973343251599308363504e-24'],
    ['-38', '2.885428360068784308350970481566904094662e-316'],
  ];
  for (const [x, expected] of PHI) it(`Φ(${x}) = ${expected}`, () => expectDigits(normalCdf(new Big(x)), expected));

  it('gives Φ(1) to 100 digits when asked', () => expectDigits(normalCdf(new Big(1), 100), PHI_1, 100));

  it('refuses arguments outside the domain, and digits outside 1…100', () => {
    expect(() => lnDecimal(new Big(0))).to.throw(RangeError, /x > 0/);
    expect(() => lnDecimal(new Big(-1))).to.throw(RangeError);
    expect(() => sqrtDecimal(new Big('-0.01'))).to.throw(RangeError, /x ≥ 0/);
    expect(() => expDecimal(new Big(100_001))).to.throw(RangeError);
    expect(() => normalCdf(new Big(-401))).to.throw(RangeError);
    for (const digits of [0, 101, 1.5]) expect(() => expDecimal(new Big(1), digits), String(digits)).to.throw(RangeError, /digits/);
  });

  it('leaves the global big.js settings alone and hands back default-constructor values', () => {
    expDecimal(new Big(3), 80);
    normalCdf(new Big('-7'));
    expect([Big.DP, Big.RM]).to.deep.equal([20, Big.roundHalfUp]);
    // A result divides like any other Big: to Big.DP = 20 places, not the 80+ used inside.
    expect(expDecimal(new Big(1)).div(3).toFixed().split('.')[1]).to.have.length(20);
  });

  const decimal = (min: number, max: number) => fc.double({ min, max, noNaN: true }).map((d) => new Big(d.toFixed(6)));

  it('agrees with the float functions of JS to 1e-12 relative (property; floats only as an oracle)', () => {
    fc.assert(
      fc.property(decimal(-50, 50), decimal(0.000001, 1e9), decimal(-9, 9), (x, y, z) => {
        const rel = (a: Big, b: number) => Math.abs(Number(a) - b) <= 1e-12 * Math.abs(b) + 1e-300;
        const cdf = 0.5 * erfc(-Number(z) / Math.SQRT2);
        return rel(expDecimal(x), Math.exp(Number(x))) && rel(lnDecimal(y), Math.log(Number(y))) && rel(sqrtDecimal(y), Math.sqrt(Number(y))) && Math.abs(Number(normalCdf(z)) - cdf) <= 1e-12;
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the identities ln(e^x) = x, (√y)² = y and Φ(x) + Φ(−x) = 1 to 28 digits (property)', () => {
    fc.assert(
      fc.property(decimal(-30, 30), decimal(0.001, 1e6), decimal(-8, 8), (x, y, z) => {
        const tiny = new Big('1e-28');
        const logOfExp = lnDecimal(expDecimal(x, 40), 40);
        const root = sqrtDecimal(y, 40);
        const sum = normalCdf(z).plus(normalCdf(z.neg()));
        return logOfExp.minus(x).abs().lte(tiny) && root.times(root).minus(y).abs().lte(tiny.times(y)) && sum.minus(1).abs().lte(tiny);
      }),
      { numRuns: 60 },
    );
  });
});

/**
 * erfc in floats, the oracle of the first property: the Taylor series of erf below 2 (its
 * alternating terms stay under 25, so it keeps 14 digits), a continued fraction from 2.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  let value: number;
  if (z < 2) {
    // erf(z) = 2/√π Σ (−1)^n z^(2n+1) / (n!(2n+1))
    let term = z;
    let sum = z;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    value = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(z) = e^(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …))))
    let d = 0;
    for (let n = 200; n >= 1; n--) d = n / 2 / (z + d);
    value = Math.exp(-z * z) / Math.sqrt(Math.PI) / (z + d);
  }
  return x >= 0 ? value : 2 - value;
}
