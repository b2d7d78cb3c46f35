import { expect } from 'chai';
import fc from 'fast-check';
import { allocateProRata, formatYuan, formatYuanGrouped, MAX_FEN, parseYuan, ratio, sumFen } from '../../../src/domain/money';
import { DomainError } from '../../../src/domain/errors';

describe('money', () => {
  describe('parseYuan', () => {
    const accepted: Array<[string, bigint]> = [
      ['0', 0n],
      ['0.5', 50n],
      ['0.05', 5n],
      ['1234.5', 123450n],
      ['2000000000.00', 200000000000n],
      ['24800000000', 2480000000000n],
    ];
    for (const [text, fen] of accepted) {
      it(`reads "${text}" as ${fen} fen`, () => expect(parseYuan(text)).to.equal(fen));
    }

    const refused = ['1.005', '1e6', '1E2', '-1.00', '+1', ' 1', '1 ', '01', '.5', '5.', '1,000.00', '１２', '٣', '0x10', 'NaN', 'Infinity', ''];
    for (const text of refused) {
      it(`refuses ${JSON.stringify(text)} with a validation error, never rounding`, () => {
        expect(() => parseYuan(text)).to.throw(DomainError).with.property('code', 'VALIDATION_FAILED');
      });
    }

    it('refuses a value that is not a string', () => {
      expect(() => parseYuan(12.5 as unknown as string)).to.throw(DomainError);
    });

    it('accepts a negative amount only when asked to', () => {
      expect(parseYuan('-3.10', { allowNegative: true })).to.equal(-310n);
    });

    it('refuses amounts above the ledger range', () => {
      expect(parseYuan(formatYuan(MAX_FEN))).to.equal(MAX_FEN);
      expect(() => parseYuan(formatYuan(MAX_FEN + 1n))).to.throw(DomainError);
    });

    it('names the field in the error', () => {
      try {
        parseYuan('1.001', { field: 'proceeds' });
        expect.fail('should throw');
      } catch (error) {
        expect((error as DomainError).details.errors).to.deep.equal([
          { field: 'proceeds', message: 'must be a decimal string in yuan with at most 2 decimals, e.g. "1000000.00"' },
        ]);
      }
    });
  });

  describe('formatYuan', () => {
    it('always shows two decimals', () => {
      expect(formatYuan(0n)).to.equal('0.00');
      expect(formatYuan(5n)).to.equal('0.05');
      expect(formatYuan(-105n)).to.equal('-1.05');
      expect(formatYuan(200000000000n)).to.equal('2000000000.00');
    });

    it('groups thousands for messages', () => {
      expect(formatYuanGrouped(15000000000n)).to.equal('150,000,000.00');
      expect(formatYuanGrouped(-123456n)).to.equal('-1,234.56');
    });

    it('round-trips every amount in range (property)', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -MAX_FEN, max: MAX_FEN }), (fen) => {
          expect(parseYuan(formatYuan(fen), { allowNegative: true })).to.equal(fen);
        }),
      );
    });
  });

  describe('allocateProRata (largest remainder)', () => {
    it('splits 100.00 three ways to the fen, summing exactly', () => {
      expect(allocateProRata(10000n, [1n, 1n, 1n])).to.deep.equal([3334n, 3333n, 3333n]);
    });

    it('gives leftover fen to the largest remainders', () => {
      // quotas 3.333.., 6.666.. -> floors 3, 6; remainders 1/3 and 2/3: the fen goes to the second
      expect(allocateProRata(10n, [1n, 2n])).to.deep.equal([3n, 7n]);
    });

    it('allocates zero to zero weights', () => {
      expect(allocateProRata(101n, [0n, 5n, 0n, 5n])).to.deep.equal([0n, 51n, 0n, 50n]);
    });

    it('refuses weights that sum to zero', () => {
      expect(() => allocateProRata(1n, [0n, 0n])).to.throw(RangeError);
    });

    it('always sums to the total, and each part is within one fen of its exact share (property)', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: MAX_FEN }),
          fc.array(fc.bigInt({ min: 0n, max: 10n ** 14n }), { minLength: 1, maxLength: 40 }).filter((ws) => sumFen(ws) > 0n),
          (total, weights) => {
            const parts = allocateProRata(total, weights);
            const weightSum = sumFen(weights);
            expect(sumFen(parts)).to.equal(total);
            parts.forEach((part, i) => {
              const floor = (total * weights[i]) / weightSum;
              expect(part === floor || part === floor + 1n).to.equal(true);
            });
          },
        ),
      );
    });
  });

  describe('ratio', () => {
    it('divides exactly with half-up rounding', () => {
      expect(ratio(2480000000000n, 600000000000n, 4)).to.equal('4.1333');
      expect(ratio(2n, 3n, 2)).to.equal('0.67');
    });

    it('is null for a zero denominator', () => {
      expect(ratio(1n, 0n)).to.equal(null);
    });
  });
});
