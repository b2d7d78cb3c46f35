import { expect } from 'chai';
import fc from 'fast-check';
import { BIGINT_ID_PATTERN, INT4_ID_PATTERN, upToPattern } from '../../../src/http/schemas/common';

/** The id patterns accept exactly 1..max in canonical form (issue 22: ids past a column's range). */
describe('id patterns: the whole numbers 1 to a column\'s maximum', () => {
  const accepts = (pattern: string, max: bigint, value: string) => new RegExp(pattern).test(value) === (/^[1-9][0-9]*$/.test(value) && BigInt(value) <= max);

  for (const [name, pattern, max] of [
    ['int4', INT4_ID_PATTERN, 2147483647n],
    ['BIGINT (safe integers)', BIGINT_ID_PATTERN, BigInt(Number.MAX_SAFE_INTEGER)],
  ] as const) {
    it(`${name}: the edges, and any whole number, are judged as the range says`, () => {
      for (const value of ['0', '01', '1', '9', '10', String(max - 1n), String(max), String(max + 1n), String(max * 10n), '-1', '1.0', '']) {
        expect(accepts(pattern, max, value), value).to.equal(true);
      }
      fc.assert(fc.property(fc.bigInt({ min: 0n, max: max * 3n }), (n) => accepts(pattern, max, String(n))), { numRuns: 2000 });
      fc.assert(fc.property(fc.stringMatching(/^[0-9]{1,20}$/), (s) => accepts(pattern, max, s)), { numRuns: 2000 });
    });
  }

  it('works for any maximum', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n }), fc.bigInt({ min: 0n, max: 10n ** 19n }), (max, n) => accepts(upToPattern(String(max)), max, String(n))),
      { numRuns: 3000 },
    );
  });
});
