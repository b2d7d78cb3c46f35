// The deal book's words: instruments, investee kinds, exit channels and valuation methods, each in
// Chinese with the API's English key, and which investee each instrument is held in
// (src/domain/deals/instrument.ts keeps the rule; the API refuses what breaks it).

export const INSTRUMENTS = {
  equity: { zh: '股权（上市）', en: 'equity' },
  unlisted_equity: { zh: '非上市股权', en: 'unlisted_equity' },
  exchangeable_bond: { zh: '可交换债', en: 'exchangeable_bond' },
  convertible_bond: { zh: '可转债', en: 'convertible_bond' },
  pledge_refinancing: { zh: '股票质押纾困', en: 'pledge_refinancing' },
  loan: { zh: '借款', en: 'loan' },
};

export const INVESTEE_KINDS = {
  listed_company: { zh: '上市公司', en: 'listed_company' },
  controlling_shareholder: { zh: '控股股东', en: 'controlling_shareholder' },
  unlisted_company: { zh: '非上市公司', en: 'unlisted_company' },
};

export const EXIT_CHANNELS = {
  exchange: { zh: '集中竞价', en: 'exchange' },
  block_trade: { zh: '大宗交易', en: 'block_trade' },
  agreement_transfer: { zh: '协议转让', en: 'agreement_transfer' },
  buyback: { zh: '回购', en: 'buyback' },
};

export const VALUATION_METHODS = {
  market: { zh: '市场法', en: 'market' },
  income: { zh: '收益法', en: 'income' },
  cost: { zh: '成本法', en: 'cost' },
  recent_transaction: { zh: '最近融资价格法', en: 'recent_transaction' },
  aap: { zh: '流通受限股票 AAP 折扣', en: 'aap' },
};

/** The investee kinds each instrument may be held in. */
export const HELD_IN = {
  equity: ['listed_company'],
  unlisted_equity: ['unlisted_company', 'controlling_shareholder'],
  exchangeable_bond: ['controlling_shareholder'],
  convertible_bond: ['listed_company'],
  pledge_refinancing: ['controlling_shareholder'],
  loan: ['listed_company', 'controlling_shareholder', 'unlisted_company'],
};

/** The instruments a listed company given by its stock code (`company`) may be invested in. */
export const LISTED_COMPANY_INSTRUMENTS = Object.keys(HELD_IN).filter((i) => HELD_IN[i].includes('listed_company'));

/** [[key, "中文 key"]] for a select, optionally led by an empty choice. */
export function optionsOf(table, empty) {
  const options = Object.entries(table).map(([key, { zh, en }]) => [key, `${zh} ${en}`]);
  return empty === undefined ? options : [['', empty], ...options];
}
