import { expect } from 'chai';

type AlertsView = typeof import('../../../src/dashboard/public/js/alerts-view.mjs');

describe('dashboard alerts: new level changes first', () => {
  let v: AlertsView;
  before(async () => {
    v = await import('../../../src/dashboard/public/js/alerts-view.mjs');
  });

  const alert = (id: number, occurredAt = '2019-07-10T02:00:00.000Z') => ({ id, occurredAt, stockCode: '600000.SH', fromLevel: 'warning', toLevel: 'critical' });

  it('lists alerts above the last id seen first, newest first, then the seen ones', () => {
    const ordered = v.orderAlerts([alert(3), alert(7), alert(5), alert(1)], { seenId: 4, since: '2019-07-09T00:00:00.000Z' });
    expect(ordered.map((a) => [a.id, a.isNew])).to.deep.equal([
      [7, true],
      [5, true],
      [3, false],
      [1, false],
    ]);
  });

  it('on the first load, only the last day is new; on a refresh, only what came since', () => {
    const now = Date.parse('2019-07-10T12:00:00Z');
    const tracker = v.newTracker(() => now);
    const first = [alert(2, '2019-07-08T02:00:00.000Z'), alert(4, '2019-07-10T02:00:00.000Z')];
    const cut = tracker.take(first);
    expect(cut).to.deep.equal({ seenId: 0, since: '2019-07-09T12:00:00.000Z' });
    expect(v.orderAlerts(first, cut).map((a) => [a.id, a.isNew])).to.deep.equal([
      [4, true],
      [2, false],
    ]);
    const refreshed = [...first, alert(6, '2019-07-10T11:00:00.000Z')];
    expect(v.orderAlerts(refreshed, tracker.take(refreshed)).map((a) => [a.id, a.isNew])).to.deep.equal([
      [6, true],
      [4, false],
      [2, false],
    ]);
  });
});
