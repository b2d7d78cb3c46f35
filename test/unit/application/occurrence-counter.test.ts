import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { OccurrenceCounter } from '../../../src/application/occurrence-counter';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

describe('counting repeated row contents in an import', () => {
  it('numbers each content 1, 2, 3 in file order, independently of other contents', () => {
    const counter = new OccurrenceCounter();
    const seen = ['a', 'b', 'a', 'c', 'a', 'b'].map((c) => counter.next(hash(c)));
    expect(seen).to.deep.equal([1, 1, 2, 1, 3, 2]);
  });

  it('agrees with a plain map of full hashes over many rows, through every growth of its table', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 3_000 }), (rows) => {
        const counter = new OccurrenceCounter();
        const plain = new Map<string, number>();
        for (const row of rows) {
          const h = hash(String(row));
          const n = (plain.get(h) ?? 0) + 1;
          plain.set(h, n);
          expect(counter.next(h)).to.equal(n);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('keeps 100,000 distinct contents apart', () => {
    const counter = new OccurrenceCounter();
    let repeats = 0;
    for (let i = 0; i < 100_000; i += 1) if (counter.next(hash(`row ${i}`)) !== 1) repeats += 1;
    expect(repeats).to.equal(0);
    expect(counter.next(hash('row 7'))).to.equal(2);
  });
});
