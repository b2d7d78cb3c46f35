import { expect } from 'chai';

type Timeline = typeof import('../../../src/dashboard/public/js/timeline.mjs');

describe('dashboard timeline: the dates and exact differences the fund page charts', () => {
  let t: Timeline;
  before(async () => {
    t = await import('../../../src/dashboard/public/js/timeline.mjs');
  });

  it('lists quarter ends from the first date, ending on today', () => {
    expect(t.quarterEnds('2018-12-10', '2019-08-15')).to.deep.equal(['2018-12-31', '2019-03-31', '2019-06-30', '2019-08-15']);
    expect(t.quarterEnds('2019-02-28', '2019-03-31')).to.deep.equal(['2019-03-31']);
    expect(t.quarterEnds('2020-01-01', '2020-01-01')).to.deep.equal(['2020-01-01']);
    expect(t.quarterEnds('2023-11-30', '2024-04-02')).to.deep.equal(['2023-12-31', '2024-03-31', '2024-04-02']);
  });

  it('thins a long series to at most n points, always keeping the last', () => {
    const dates = t.quarterEnds('2010-01-01', '2026-11-28');
    expect(dates).to.have.length(68);
    const few = t.thin(dates, 24);
    expect(few.length).to.be.at.most(24);
    expect(few.at(-1)).to.equal('2026-11-28');
    expect(t.thin(['a', 'b'], 24)).to.deep.equal(['a', 'b']);
  });

  it('net cash flow is distributed minus paid-in, to the fen, negative while capital is out', () => {
    expect(t.netCashFlow('0.00', '300000000.00')).to.equal('-300000000.00');
    expect(t.netCashFlow('40000000.10', '40000000.00')).to.equal('0.10');
    expect(t.netCashFlow('0.01', '0.02')).to.equal('-0.01');
    expect(t.netCashFlow('90071992547409.93', '0.00')).to.equal('90071992547409.93');
    expect(t.netCashFlow('x', '1.00')).to.equal(null);
  });
});
