import { expect } from 'chai';

type Format = typeof import('../../../src/dashboard/public/js/format.mjs');

describe('dashboard number formats', () => {
  let f: Format;
  before(async () => {
    f = await import('../../../src/dashboard/public/js/format.mjs');
  });

  const readable: Array<[string, string]> = [
    ['24800000000.00', '248亿元'],
    ['6000000000.00', '60亿元'],
    ['2100000000.00', '21亿元'],
    ['490000000.00', '4.9亿元'],
    ['300500000.00', '3.01亿元'], // 3.005亿 rounds half up, exactly (no binary-float 3.00499…)
    ['100000000.00', '1亿元'],
    ['99999999.99', '1亿元'], // not "10,000万元"
    ['99994999.99', '9,999.5万元'],
    ['40500000.00', '4,050万元'],
    ['10000.00', '1万元'],
    ['9999.99', '9,999.99元'],
    ['0.00', '0元'],
    ['0.5', '0.5元'],
    ['-20000000.00', '-2,000万元'],
    ['-1020000000.00', '-10.2亿元'],
    ['123456789012345.67', '1,234,567.89亿元'],
  ];
  for (const [amount, expected] of readable) {
    it(`shows ${amount} yuan as ${expected}`, () => {
      expect(f.readableYuan(amount)).to.equal(expected);
    });
  }

  it('gives the exact figure, grouped, for the tooltip', () => {
    expect(f.exactYuan('2000000000.00')).to.equal('2,000,000,000.00 元');
    expect(f.exactYuan('-0.5')).to.equal('-0.50 元');
    expect(f.exactYuan('123456789012345.67')).to.equal('123,456,789,012,345.67 元');
  });

  it('shows a dash, not a wrong number, for anything that is not a money string', () => {
    for (const bad of [null, undefined, '', 'abc', '1.234', '1e9', '12,000']) {
      expect(f.readableYuan(bad as string), String(bad)).to.equal('—');
      expect(f.exactYuan(bad as string), String(bad)).to.equal('—');
    }
  });

  it('shows share prices to two decimals, rounded half up exactly', () => {
    expect(f.price('9.4050')).to.equal('9.41 元');
    expect(f.price('9.4049')).to.equal('9.40 元');
    expect(f.price('11.2')).to.equal('11.20 元');
    expect(f.price('0.0050')).to.equal('0.01 元');
    expect(f.price('abc')).to.equal('—');
    expect(f.price(null)).to.equal('—');
  });

  it('turns ratios into multiples and percentages', () => {
    expect(f.multiple('4.1333')).to.equal('4.13×');
    expect(f.multiple(null)).to.equal('—');
    expect(f.percent('0.0847')).to.equal('8.47%');
    expect(f.percent('-0.4398')).to.equal('-43.98%');
    expect(f.percent('0.9', 1)).to.equal('90.0%');
  });

  it('rounds multiples and percentages half up from the decimal string, never through a float', () => {
    expect(f.multiple('2.2750')).to.equal('2.28×'); // a float renders 2.275 as 2.27
    expect(f.multiple('1.005')).to.equal('1.01×');
    expect(f.multiple('-0.125')).to.equal('-0.13×');
    expect(f.multiple('4')).to.equal('4.00×');
    expect(f.multiple('abc')).to.equal('—');
    expect(f.percent('0.0001005', 4)).to.equal('0.0101%');
    expect(f.percent('1.0005', 1)).to.equal('100.1%');
    expect(f.percent('-0.00001')).to.equal('0.00%');
    expect(f.percent(null)).to.equal('—');
  });

  it('divides money and ratios exactly as decimal strings, and refuses a zero or missing base', () => {
    expect(f.moneyRatio('500000000.00', '2000000000.00')).to.equal('0.250000');
    expect(f.moneyRatio('1.00', '3.00')).to.equal('0.333333');
    expect(f.moneyRatio('2.00', '3.00')).to.equal('0.666667');
    expect(f.moneyRatio('1.00', '0.00')).to.equal(null);
    expect(f.moneyRatio('1.00', null)).to.equal(null);
    expect(f.ratioOf('0.3000', '4.1333')).to.equal('0.072581');
    expect(f.ratioOf('-1', '4')).to.equal('-0.250000');
    expect(f.ratioOf('1', '0')).to.equal(null);
  });

  it('draws bars from exact percent strings, clamped to the bar', () => {
    expect(f.barWidth('0.375')).to.equal('37.5%');
    expect(f.barWidth('1.7')).to.equal('100.0%');
    expect(f.barWidth('-0.2')).to.equal('0%');
    expect(f.barWidth(null)).to.equal('0%');
    expect(f.barWidth('0.4398', '0.5')).to.equal('22.0%');
    expect(f.barWidth('3', '0.5')).to.equal('50.0%');
  });

  it('compares decimal strings exactly', () => {
    expect(f.compareDecimal('-0.4398', '0.1')).to.equal(-1);
    expect(f.compareDecimal('0.10', '0.1')).to.equal(0);
    expect(f.compareDecimal('10000000000000000.0000001', '10000000000000000')).to.equal(1);
    expect(f.isDecimal('1e9')).to.equal(false);
  });

  it('labels codes in Chinese with the English key, and passes unknown codes through', () => {
    expect(f.label(f.LEVELS, 'critical')).to.equal('平仓 critical');
    expect(f.label(f.DECISIONS, 'needs_review')).to.equal('待复核 needs review');
    expect(f.label(f.ROUTES, 'something-new')).to.equal('something-new');
    expect(f.label(f.ROUTES, null)).to.equal('—');
  });

  it("dates a download by the fund's time zone, not the machine's", () => {
    expect(f.todayInShanghai(new Date('2019-12-31T17:00:00Z'))).to.equal('2020-01-01');
  });
});
