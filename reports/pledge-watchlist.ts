import { pledgeWatchlist } from '../src/application/pledge-watch-service';
import { parseYuan } from '../src/domain/money';
import { DEFAULT_WATCH_SETTINGS } from '../src/domain/watch/watch-settings';
import type { ReportDefinition } from '../src/reports/report-definition';

/**
 * 股权质押观察名单: the latest screening of each company with pledges or a level above normal, at its
 * latest evaluated price, weakest buffer to the liquidation line first. `asOf` keeps screenings
 * dated on or before it; the price is the latest one recorded (prices are not journal events).
 */
export const pledgeWatchlistReport: ReportDefinition = {
  name: 'pledge-watchlist',
  title: '股权质押观察名单 pledge-watchlist',
  columns: [
    { key: 'stockCode', label: '股票代码 stockCode', kind: 'text', width: 12 },
    { key: 'companyName', label: '公司名称 companyName', kind: 'text', width: 30 },
    { key: 'screeningId', label: '筛查编号 screeningId', kind: 'integer' },
    { key: 'screenedOn', label: '筛查日期 screenedOn', kind: 'date' },
    { key: 'decision', label: '结论 decision', kind: 'text', width: 14 },
    { key: 'route', label: '推荐路径 route', kind: 'text', width: 10 },
    { key: 'level', label: '风险等级 level', kind: 'text', width: 10 },
    { key: 'previousLevel', label: '前次等级 previousLevel', kind: 'text', width: 10 },
    { key: 'levelChanged', label: '等级变化 levelChanged', kind: 'text', width: 8 },
    { key: 'priceDate', label: '价格日期 priceDate', kind: 'date' },
    { key: 'price', label: '股价 price', kind: 'decimal' },
    { key: 'buffer', label: '距平仓线缓冲 buffer', kind: 'ratio' },
    { key: 'enhancedReview', label: '加强审查 enhancedReview', kind: 'text', width: 8 },
    { key: 'shareholderPledgeRatio', label: '大股东质押比例 shareholderPledgeRatio', kind: 'ratio' },
    { key: 'companyPledgeRatio', label: '公司质押比例 companyPledgeRatio', kind: 'ratio' },
    { key: 'reliefQuota', label: '纾困额度 reliefQuota', kind: 'money' },
    { key: 'board', label: '板块 board', kind: 'text', width: 8 },
    { key: 'limitRatio', label: '跌停幅度 limitRatio', kind: 'ratio' },
    { key: 'limitDownDays', label: '跌停板数 limitDownDays', kind: 'integer' },
    { key: 'unpledgedShares', label: '未质押股数 unpledgedShares', kind: 'integer' },
    { key: 'topUpShares', label: '补仓所需股数 topUpShares', kind: 'integer' },
    { key: 'topUpInsufficient', label: '补仓能力不足 topUpInsufficient', kind: 'text', width: 8 },
    { key: 'priceStale', label: '价格过期 priceStale', kind: 'text', width: 8 },
    { key: 'heldShares', label: '本基金持股 heldShares', kind: 'integer' },
    { key: 'averageCost', label: '持仓均价 averageCost', kind: 'decimal' },
    { key: 'marketValue', label: '持仓市值 marketValue', kind: 'money' },
    { key: 'unrealisedGain', label: '未实现损益 unrealisedGain', kind: 'money' },
  ],
  totals: [
    { key: 'count', label: '公司数 count', kind: 'integer' },
    { key: 'critical', label: '平仓 critical', kind: 'integer' },
    { key: 'warning', label: '预警 warning', kind: 'integer' },
    { key: 'elevated', label: '较高 elevated', kind: 'integer' },
    { key: 'reliefQuota', label: '纾困额度合计 reliefQuota', kind: 'money' },
    { key: 'topUpInsufficient', label: '补仓能力不足 topUpInsufficient', kind: 'integer' },
    { key: 'marketValue', label: '持仓市值合计 marketValue', kind: 'money' },
    { key: 'unrealisedGain', label: '未实现损益合计 unrealisedGain', kind: 'money' },
  ],
  async query({ db, params, watch }) {
    const settings = watch ?? DEFAULT_WATCH_SETTINGS;
    const watched = (await pledgeWatchlist(db, {}, { asOf: params.asOf, settings })).filter((r) => r.screenedOn <= params.asOf);
    const rows = watched.map((r) => ({
      stockCode: r.stockCode,
      companyName: r.companyName,
      screeningId: r.screeningId,
      screenedOn: r.screenedOn,
      decision: r.decision,
      route: r.route,
      level: r.level,
      previousLevel: r.previousLevel,
      levelChanged: r.levelChanged ? 'true' : 'false',
      priceDate: r.priceDate,
      price: r.price,
      buffer: r.buffer,
      enhancedReview: r.enhancedReview ? 'true' : 'false',
      shareholderPledgeRatio: r.shareholderPledgeRatio,
      companyPledgeRatio: r.companyPledgeRatio,
      reliefQuota: r.reliefQuota === null ? null : parseYuan(r.reliefQuota),
      board: r.limitDown.board,
      limitRatio: r.limitDown.limitRatio,
      limitDownDays: r.limitDown.days,
      unpledgedShares: r.topUp.unpledgedShares,
      topUpShares: r.topUp.sharesNeeded,
      topUpInsufficient: r.topUp.insufficient === null ? null : r.topUp.insufficient ? 'true' : 'false',
      priceStale: r.priceStale === null ? null : r.priceStale ? 'true' : 'false',
      heldShares: r.holding?.sharesHeld ?? null,
      averageCost: r.holding?.averageCost ?? null,
      marketValue: r.holding?.marketValue ?? null,
      unrealisedGain: r.holding?.unrealisedGain ?? null,
    }));
    const count = (level: string) => rows.filter((r) => r.level === level).length;
    return {
      rows,
      totals: () => ({
        count: rows.length,
        critical: count('critical'),
        warning: count('warning'),
        elevated: count('elevated'),
        reliefQuota: rows.reduce((s, r) => s + (r.reliefQuota ?? 0n), 0n),
        topUpInsufficient: rows.filter((r) => r.topUpInsufficient === 'true').length,
        marketValue: rows.reduce((s, r) => s + (r.marketValue ?? 0n), 0n),
        unrealisedGain: rows.reduce((s, r) => s + (r.unrealisedGain ?? 0n), 0n),
      }),
    };
  },
};
