import { expect } from 'chai';
import fc from 'fast-check';
import { duplicateKey } from '../../../src/http/strict-json';

describe('duplicate keys in a JSON text', () => {
  it('names the first key given twice in one object, at any depth', () => {
    expect(duplicateKey('{"amount":"0.01","amount":"5000.00"}')).to.equal('amount');
    expect(duplicateKey('{"a":{"b":1,"b":2}}')).to.equal('b');
    expect(duplicateKey('[{"x":1},{"x":2,"y":[{"z":1,"z":1}]}]')).to.equal('z');
    // An escaped key is the same key.
    expect(duplicateKey('{"amount":1,"\\u0061mount":2}')).to.equal('amount');
  });

  it('lets the same key in sibling objects, keys inside strings, and values that look like keys pass', () => {
    expect(duplicateKey('[{"a":1},{"a":2}]')).to.equal(null);
    expect(duplicateKey('{"a":"\\"a\\":1,","b":{"a":1}}')).to.equal(null);
    expect(duplicateKey('{"a":"a","b":"a"}')).to.equal(null);
    expect(duplicateKey('{"memo":"{\\"k\\":1,\\"k\\":2}"}')).to.equal(null);
  });

  it('agrees with JSON.parse on any JSON value: no duplicate in what JSON.stringify writes', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => duplicateKey(JSON.stringify(value)) === null), { numRuns: 1000 });
  });

  it('finds a key repeated in any object', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (object, pick) => {
        const keys = Object.keys(object);
        const key = keys[pick % keys.length];
        const text = `${JSON.stringify(object).slice(0, -1)},${JSON.stringify(key)}:0}`;
        return duplicateKey(text) === key;
      }),
      { numRuns: 500 },
    );
  });
});
