import { expect } from 'chai';

type DecimalInput = typeof import('../../../src/dashboard/public/js/decimal-input.mjs');

describe('dashboard decimal input: rates, prices and lines typed as text, read as exact decimal strings', () => {
  let d: DecimalInput;
  before(async () => {
    d = await import('../../../src/dashboard/public/js/decimal-input.mjs');
  });

  const rates: Array<[string, string]> = [
    ['0.06', '0.06'],
    ['6%', '0.06'],
    ['6.25%', '0.0625'],
    ['0.5%', '0.005'],
    ['10%', '0.1'],
    ['100%', '1'],
    ['６％', '0.06'], // full-width digits and percent sign from a Chinese keyboard
    [' 0．045 ', '0.045'],
    ['0.1%', '0.001'],
  ];
  for (const [typed, value] of rates) {
    it(`a rate typed "${typed}" is "${value}"`, () => {
      expect(d.readDecimal(typed, { percent: 'fraction' })).to.deep.equal({ ok: true, value });
    });
  }

  it('a field in percent keeps its figure and drops the sign; a price takes a trailing 元', () => {
    expect(d.readDecimal('15.5%', { percent: 'unit' })).to.deep.equal({ ok: true, value: '15.5' });
    expect(d.readDecimal('11.5000元')).to.deep.equal({ ok: true, value: '11.5000' });
    expect(d.readDecimal('1.60')).to.deep.equal({ ok: true, value: '1.60' });
  });

  it('refuses what is not a non-negative decimal, and a percent sign where none is meant', () => {
    for (const bad of ['', 'abc', '-0.06', '1.2.3', '6 %%', '1e-2']) {
      const read = d.readDecimal(bad, { percent: 'fraction' });
      expect(read.ok, bad).to.equal(false);
    }
    const price = d.readDecimal('5%');
    expect(price.ok).to.equal(false);
    if (!price.ok) expect(price.message).to.contain('No percent sign');
  });

  it('says how many places an exact percentage of a fraction needs', () => {
    expect(d.percentDigits('0.06')).to.equal(0);
    expect(d.percentDigits('0.0625')).to.equal(2);
    expect(d.percentDigits('1')).to.equal(0);
  });
});
