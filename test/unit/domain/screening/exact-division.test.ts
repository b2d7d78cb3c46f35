import { expect } from 'chai';
import Big from 'big.js';
import fc from 'fast-check';
import { divideCeil, divideToFixed } from '../../../../src/domain/screening/exact-division';

describe('exact division', () => {
  const CASES: Array<[string, string, number, string]> = [
    ['1', '3', 4, '0.3333'],
    ['2', '3', 4, '0.6667'],
    ['0.00005', '1', 4, '0.0001'],
    ['0.000049999', '1', 4, '0.0000'],
    ['-0.00005', '1', 4, '-0.0001'],
    ['-0.00001', '1', 4, '0.0000'],
    ['1600000', '100000', 4, '16.0000'],
    ['10', '-4', 2, '-2.50'],
    ['123456789012345678.9', '0.01', 0, '12345678901234567890'],
  ];
  for (const [num, den, dp, expected] of CASES) {
    it(`${num} / ${den} to ${dp} dp is ${expected}`, () => expect(divideToFixed(new Big(num), new Big(den), dp)).to.equal(expected));
  }

  it('rounds up to whole numbers exactly', () => {
    expect(divideCeil(new Big('1300000'), new Big('3'))).to.equal(433_334n);
    expect(divideCeil(new Big('9'), new Big('3'))).to.equal(3n);
    expect(divideCeil(new Big('-7'), new Big('2'))).to.equal(-3n);
  });

  it('agrees with big.js at high precision, rounding once (property)', () => {
    const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 })).map(([int, scale]) => new Big(int.toString()).div(10 ** scale));
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: 0, max: 6 }), (num, den, dp) => {
        fc.pre(!den.eq(0));
        const Precise = Big();
        Precise.DP = 80;
        const expected = new Precise(num).div(new Precise(den)).toFixed(dp, Big.roundHalfUp).replace(/^-(0\.?0*)$/, '$1');
        return divideToFixed(num, den, dp) === expected;
      }),
    );
  });
});
