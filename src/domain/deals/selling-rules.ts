import type { IsoDate } from '../dates';

/**
 * The lock-up and selling-limit rules for listed A-shares, as dated data: a new regulation is a new row with
 * its own `effectiveFrom`, and the row it replaces gets an `effectiveTo`; the functions in lockup.ts only read
 * the rows. docs/selling-rules.md gives each row in words, with what search could and could not confirm.
 */

export type AcquisitionMode = 'private_placement' | 'block_trade' | 'agreement_transfer';
/** `strategic`: the controlling shareholder, the actual controller or their affiliates, or a strategic investor. */
export type HolderCategory = 'general' | 'strategic';
/** The channels a percentage limit counts: 集中竞价 on the exchange, and 大宗交易 block trades. */
export type LimitedChannel = 'exchange' | 'block_trade';

export interface RuleSource {
  /** The regulation and article, in Chinese. */
  title: string;
  gloss: string;
  /** The page the search returned for the figure; null where search could not show the text. */
  address: string | null;
}

interface Dated {
  id: string;
  /** First day in force, inclusive; `effectiveTo` is the last, inclusive. */
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate;
  source: RuleSource;
}

/** Shares acquired by `acquisitionMode` may not be sold for `months`; dated by the acquisition (issue-end) date. */
export interface LockupRule extends Dated {
  kind: 'lockup';
  acquisitionMode: AcquisitionMode;
  holderCategory: HolderCategory | 'any';
  months: number;
}

/**
 * At most `percent` of the company's total shares by `channel` in any `windowDays` consecutive days, for a
 * major holder and for a holder of shares acquired by one of `specificShareModes` (特定股份); dated by the sale.
 */
export interface SellingLimitRule extends Dated {
  kind: 'selling_limit';
  channel: LimitedChannel;
  percent: number;
  windowDays: number;
  specificShareModes: readonly AcquisitionMode[];
}

/** Each transferee of an agreement transfer (协议转让) takes at least `percent` of total shares; dated by the transfer. */
export interface TransferMinimumRule extends Dated {
  kind: 'transfer_minimum';
  percent: number;
}

/**
 * A major holder that drops below the threshold by a sale of `trigger` keeps the major-holder limits of
 * `channels` for the period after that sale (its last day inclusive); dated by that sale.
 */
export interface StatusTailRule extends Dated {
  kind: 'status_tail';
  trigger: 'agreement_transfer' | 'any_sale';
  channels: readonly LimitedChannel[];
  period: { months: number } | { days: number };
}

export type SellingRule = LockupRule | SellingLimitRule | TransferMinimumRule | StatusTailRule;

/** 持股百分之五以上: "以上" includes the bound, so exactly 5% is a major holder. */
export const MAJOR_HOLDER_PERCENT = 5;

const PLACEMENT_2017: RuleSource = {
  title: '《上市公司非公开发行股票实施细则》(2017年修订) 第九条、第十条;《上市公司证券发行管理办法》第三十八条',
  gloss: 'Implementing Rules for Private Placements (2017 revision), arts. 9-10; Issuance Measures art. 38: 36 months for controllers, their affiliates and strategic investors, 12 months for others',
  address: 'http://rosannapuentes.com/cpa/874494.html',
};
const PLACEMENT_2020: RuleSource = {
  title: '《上市公司证券发行管理办法》(2020年2月14日修订) 第三十八条;《上市公司非公开发行股票实施细则》(2020年修订) 第七条第二款、第八条',
  gloss: 'Issuance Measures as revised 2020-02-14, art. 38; Implementing Rules (2020), arts. 7(2) and 8: 18 months and 6 months',
  address: 'http://dfrtw.com/zhucegongsi/87451.html',
};
const PLACEMENT_2023: RuleSource = {
  title: '《上市公司证券发行注册管理办法》(证监会令第206号) 第五十九条',
  gloss: 'Registration Measures for Securities Issuance (CSRC Order 206, 2023-02-17), art. 59: 18 months and 6 months, unchanged',
  address: null,
};
const REDUCTION_2017: RuleSource = {
  title: '《上市公司股东、董监高减持股份的若干规定》(证监会公告〔2017〕9号) 第八条至第十条;沪深交易所《减持股份实施细则》(2017) 第四条至第六条',
  gloss: 'CSRC Provisions on Share Reductions (Announcement [2017] No. 9), arts. 8-10, and the SSE/SZSE implementing rules, arts. 4-6',
  address: 'http://bjcps.com.cn/brow.asp?nID=80495',
};
const REDUCTION_2024: RuleSource = {
  title: '《上市公司股东减持股份管理暂行办法》(证监会令第224号) 第二条、第十一条、第十二条',
  gloss: 'Interim Measures on Share Reductions by Shareholders (CSRC Order 224, 2024-05-24): 1% by exchange and 2% by block trade in three months; specific shares are now pre-IPO shares only',
  address: 'https://jianchiwang.com/?p=10343',
};

const END_2017 = '2024-05-23';

export const SELLING_RULES: readonly SellingRule[] = Object.freeze([
  { id: 'private-placement-2006-general', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'general', months: 12, effectiveFrom: '2006-05-08', effectiveTo: '2020-02-13', source: PLACEMENT_2017 },
  { id: 'private-placement-2006-strategic', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'strategic', months: 36, effectiveFrom: '2006-05-08', effectiveTo: '2020-02-13', source: PLACEMENT_2017 },
  { id: 'private-placement-2020-general', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'general', months: 6, effectiveFrom: '2020-02-14', effectiveTo: '2023-02-16', source: PLACEMENT_2020 },
  { id: 'private-placement-2020-strategic', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'strategic', months: 18, effectiveFrom: '2020-02-14', effectiveTo: '2023-02-16', source: PLACEMENT_2020 },
  { id: 'private-placement-2023-general', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'general', months: 6, effectiveFrom: '2023-02-17', source: PLACEMENT_2023 },
  { id: 'private-placement-2023-strategic', kind: 'lockup', acquisitionMode: 'private_placement', holderCategory: 'strategic', months: 18, effectiveFrom: '2023-02-17', source: PLACEMENT_2023 },
  {
    id: 'block-trade-buyer-2017', kind: 'lockup', acquisitionMode: 'block_trade', holderCategory: 'any', months: 6, effectiveFrom: '2017-05-26', effectiveTo: END_2017,
    source: { ...REDUCTION_2017, title: '《上市公司股东、董监高减持股份的若干规定》(证监会公告〔2017〕9号) 第九条;交易所《减持股份实施细则》(2017) 第五条', gloss: 'the buyer of a major or specific holder\'s block may not sell it for 6 months' },
  },
  {
    id: 'block-trade-buyer-2024', kind: 'lockup', acquisitionMode: 'block_trade', holderCategory: 'any', months: 6, effectiveFrom: '2024-05-24',
    source: { title: '《上市公司股东减持股份管理暂行办法》(证监会令第224号) 第十二条', gloss: 'the buyer of a major holder\'s block may not sell it for 6 months (kept from 2017)', address: null },
  },
  {
    id: 'agreement-transfer-buyer-2024', kind: 'lockup', acquisitionMode: 'agreement_transfer', holderCategory: 'any', months: 6, effectiveFrom: '2024-05-24',
    source: { title: '《上市公司股东减持股份管理暂行办法》(证监会令第224号);沪深交易所《上市公司股份协议转让业务办理指引》', gloss: 'the transferee of an agreement transfer may not sell for 6 months', address: 'https://jianchiwang.com/%e4%b8%8a%e5%b8%82%e5%85%ac%e5%8f%b8%e5%8d%8f%e8%ae%ae%e8%bd%ac%e8%ae%a9%ef%bc%8c%e5%90%88%e8%a7%84%e6%b3%a8%e6%84%8f%e7%9b%b8%e5%85%b3%e4%ba%8b%e9%a1%b9' },
  },
  { id: 'exchange-1pct-2017', kind: 'selling_limit', channel: 'exchange', percent: 1, windowDays: 90, specificShareModes: ['private_placement'], effectiveFrom: '2017-05-26', effectiveTo: END_2017, source: REDUCTION_2017 },
  { id: 'block-trade-2pct-2017', kind: 'selling_limit', channel: 'block_trade', percent: 2, windowDays: 90, specificShareModes: ['private_placement'], effectiveFrom: '2017-05-26', effectiveTo: END_2017, source: REDUCTION_2017 },
  { id: 'exchange-1pct-2024', kind: 'selling_limit', channel: 'exchange', percent: 1, windowDays: 90, specificShareModes: [], effectiveFrom: '2024-05-24', source: REDUCTION_2024 },
  { id: 'block-trade-2pct-2024', kind: 'selling_limit', channel: 'block_trade', percent: 2, windowDays: 90, specificShareModes: [], effectiveFrom: '2024-05-24', source: REDUCTION_2024 },
  {
    id: 'agreement-transfer-5pct-2017', kind: 'transfer_minimum', percent: 5, effectiveFrom: '2017-05-26', effectiveTo: END_2017,
    source: { ...REDUCTION_2017, address: 'https://csai.cn/wenda/889357.html', gloss: 'each transferee of an agreement transfer takes at least 5% of total shares' },
  },
  {
    id: 'agreement-transfer-5pct-2024', kind: 'transfer_minimum', percent: 5, effectiveFrom: '2024-05-24',
    source: { title: '沪深交易所《上市公司股份协议转让业务办理指引》', gloss: 'Exchange Guidelines on Agreement Transfers: at least 5% of total shares per transferee', address: 'https://www.460.net.cn/news/show-280975.html' },
  },
  {
    id: 'agreement-transfer-tail-2017', kind: 'status_tail', trigger: 'agreement_transfer', channels: ['exchange'], period: { months: 6 }, effectiveFrom: '2017-05-26', effectiveTo: END_2017,
    source: { title: '交易所《减持股份实施细则》(2017) 第六条', gloss: 'after an agreement transfer that ends major-holder status, both sides keep the 1% exchange limit for 6 months', address: 'https://m.wenke99.com/p-9153216.html' },
  },
  {
    id: 'agreement-transfer-tail-2024', kind: 'status_tail', trigger: 'agreement_transfer', channels: ['exchange', 'block_trade'], period: { months: 6 }, effectiveFrom: '2024-05-24',
    source: { title: '《上市公司股东减持股份管理暂行办法》(证监会令第224号)', gloss: 'after an agreement transfer that ends major-holder status, the major-holder limits continue for 6 months', address: null },
  },
  {
    id: 'lost-major-status-90d-2024', kind: 'status_tail', trigger: 'any_sale', channels: ['exchange', 'block_trade'], period: { days: 90 }, effectiveFrom: '2024-05-24',
    source: { title: '《上海证券交易所上市公司自律监管指引第15号》第二十条;《深圳证券交易所上市公司自律监管指引第18号》第二十四条第三款', gloss: 'for 90 days after losing major-holder status, exchange and block-trade sales follow the major-holder rules', address: 'https://jianchiwang.com/%e4%b8%8a%e5%b8%82%e5%85%ac%e5%8f%b8%e8%82%a1%e4%b8%9c%e4%b8%a7%e5%a4%b1%e7%9b%b8%e5%85%b3%e8%ba%ab%e4%bb%bd%e5%90%8e%e5%87%8f%e6%8c%81%e6%b3%a8%e6%84%8f%e4%ba%8b%e9%a1%b9' },
  },
] satisfies SellingRule[]);

type RuleOfKind<K extends SellingRule['kind']> = Extract<SellingRule, { kind: K }>;

/** The rows of `kind` in force on `date`. */
export function rulesInForce<K extends SellingRule['kind']>(kind: K, date: IsoDate, rules: readonly SellingRule[] = SELLING_RULES): RuleOfKind<K>[] {
  return rules.filter((r): r is RuleOfKind<K> => r.kind === kind && r.effectiveFrom <= date && (r.effectiveTo === undefined || date <= r.effectiveTo));
}
