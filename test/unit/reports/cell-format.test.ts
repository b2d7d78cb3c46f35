import { expect } from 'chai';
import fc from 'fast-check';
import { formatMoney, jsonValue, moneyNumber, sheetValue } from '../../../src/reports/cell-format';
import { formatYuan } from '../../../src/domain/money';

describe('report cells', () => {
  it('formats fen exactly in yuan, 万元 and 亿元', () => {
    expect(formatMoney(123456789n, 'yuan')).to.equal('1234567.89');
    expect(formatMoney(123456789n, 'wan')).to.equal('123.456789');
    expect(formatMoney(123456789n, 'yi')).to.equal('0.0123456789');
    expect(formatMoney(-1n, 'wan')).to.equal('-0.000001');
    expect(formatMoney(0n, 'yi')).to.equal('0.0000000000');
  });

  it('yuan formatting agrees with the money module for any amount', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }), (fen) => formatMoney(fen, 'yuan') === formatYuan(fen)));
  });

  it('a spreadsheet number is the double nearest the exact decimal, for every safe amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 53n) + 1n, max: 2n ** 53n - 1n }), fc.constantFrom('yuan', 'wan', 'yi' as const), (fen, unit) =>
        moneyNumber(fen, unit) === Number(formatMoney(fen, unit)),
      ),
    );
    expect(moneyNumber(30000000001n, 'yuan')).to.equal(300000000.01);
    expect(moneyNumber(10n ** 17n, 'yuan')).to.equal(1e15);
  });

  it('keeps null as null and types cells by kind', () => {
    expect(jsonValue({ kind: 'money' }, null, 'yuan')).to.equal(null);
    expect(jsonValue({ kind: 'money' }, 5n, 'yuan')).to.equal('0.05');
    expect(sheetValue({ kind: 'ratio' }, '0.3750', 'yuan')).to.equal(0.375);
    expect(sheetValue({ kind: 'date' }, '2019-06-30', 'yuan')).to.deep.equal(new Date('2019-06-30T00:00:00Z'));
    expect(sheetValue({ kind: 'text' }, 'PHX', 'yuan')).to.equal('PHX');
  });
});
