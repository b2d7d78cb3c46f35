import { expect } from 'chai';

type MoneyInput = typeof import('../../../src/dashboard/public/js/money-input.mjs');

describe('dashboard money input: yuan typed with 万/亿, parsed exactly', () => {
  let m: MoneyInput;
  before(async () => {
    m = await import('../../../src/dashboard/public/js/money-input.mjs');
  });

  const good: Array<[string, string]> = [
    ['1000', '1000.00'],
    ['1,234.5', '1234.50'],
    ['1234.56元', '1234.56'],
    ['0', '0.00'],
    ['3000万', '30000000.00'],
    ['3,000 万元', '30000000.00'],
    ['1.5亿', '150000000.00'],
    ['0.1亿', '10000000.00'], // 0.1 is not exact in binary floating point; here it is
    ['20亿', '2000000000.00'],
    ['248亿', '24800000000.00'],
    ['1.23456789亿', '123456789.00'],
    ['0.0001万', '1.00'],
    ['0.000001万', '0.01'],
    ['１２万', '120000.00'], // full-width digits from a Chinese keyboard
    ['12．5', '12.50'],
    ['999999999999999.99', '999999999999999.99'],
    ['9007199254740.99', '9007199254740.99'],
  ];
  for (const [typed, yuan] of good) {
    it(`"${typed}" is ${yuan} yuan`, () => {
      const parsed = m.parseYuan(typed);
      expect(parsed).to.include({ ok: true, yuan });
    });
  }

  const bad: Array<[string, RegExp]> = [
    ['', /Enter an amount/],
    ['  ', /Enter an amount/],
    ['abc', /Not an amount/],
    ['1e3', /Not an amount/],
    ['1.2.3', /Not an amount/],
    ['万', /Not an amount/],
    ['1.234', /at most 2 decimals/],
    ['0.0000001万', /at most 2 decimals/],
    ['-5', /negative/],
    ['10000000亿', /too large/],
  ];
  for (const [typed, reason] of bad) {
    it(`"${typed}" is refused: ${reason.source}`, () => {
      const parsed = m.parseYuan(typed);
      expect(parsed.ok).to.equal(false);
      if (!parsed.ok) expect(parsed.message).to.match(reason);
    });
  }

  it('keeps fen exact past 2^53 fen, where a float would round', () => {
    const parsed = m.parseYuan('90071992547409.93');
    expect(parsed.ok && parsed.fen).to.equal(9007199254740993n);
    expect(m.fenToYuan(9007199254740993n)).to.equal('90071992547409.93');
    expect(m.fenToYuan(-5n)).to.equal('-0.05');
  });

  it('the 万/亿 buttons put the unit on the typed number, replacing one already there', () => {
    expect(m.withUnit('3000', '万')).to.equal('3000万');
    expect(m.withUnit('3000万', '亿')).to.equal('3000亿');
    expect(m.withUnit('1,500', '亿')).to.equal('1500亿');
    expect(m.withUnit('', '万')).to.equal('');
    expect(m.parseYuan(m.withUnit('2.5', '亿'))).to.include({ yuan: '250000000.00' });
  });
});
