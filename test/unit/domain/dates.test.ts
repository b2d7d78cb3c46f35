import { expect } from 'chai';
import { addMonths, daysBetween, isIsoDate, todayIn } from '../../../src/domain/dates';

describe('dates', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2018-12-01')).to.equal(true);
    expect(isIsoDate('2020-02-29')).to.equal(true);
    for (const bad of ['2019-02-29', '2018-13-01', '2018-00-10', '2018-04-31', '18-12-01', '2018-12-1', '2018-12-01T00:00:00Z', 20181201]) {
      expect(isIsoDate(bad), String(bad)).to.equal(false);
    }
  });

  it('computes day differences and month arithmetic', () => {
    expect(daysBetween('2018-12-01', '2019-12-01')).to.equal(365);
    expect(addMonths('2019-01-31', 1)).to.equal('2019-02-28');
    expect(addMonths('2019-03-15', -36)).to.equal('2016-03-15');
  });

  it('gives today in the fund time zone, not UTC', () => {
    expect(todayIn('Asia/Shanghai', new Date('2018-11-30T17:00:00Z'))).to.equal('2018-12-01');
  });
});
