// 投资 Investment: the fields of every instrument, shown only for the instrument chosen; the
// investee picked from GET /investees (or a listed company by stock code); the instruments the
// fund's investment policy does not permit greyed out (marked only, for an admin, who may override).
import { getJson, problemText } from './api.mjs';
import { fill, h } from './dom.mjs';
import { label } from './format.mjs';
import { HELD_IN, INSTRUMENTS, INVESTEE_KINDS, LISTED_COMPANY_INSTRUMENTS, optionsOf } from './instruments.mjs';

const when = (field, values) => ({ field, in: values });
const only = (...instruments) => [when('instrument', instruments)];
const requiredFor = (...instruments) => ({ requiredFor: when('instrument', instruments) });
/** Instruments whose investee must be recorded first (a controlling shareholder or an unlisted company). */
const NEEDS_INVESTEE = Object.keys(HELD_IN).filter((i) => !LISTED_COMPANY_INSTRUMENTS.includes(i));

/** The investment form's fields, in the order a person fills them in. */
export const INVESTMENT_FIELDS = [
  {
    name: 'investee', zh: '被投企业', en: 'Investee', kind: 'select', optional: true, source: 'investees', ...requiredFor(...NEEDS_INVESTEE),
    hint: '股权、可转债投资上市公司；可交换债、股票质押纾困投资控股股东；非上市股权投资非上市公司。Equity and convertibles: a listed company; exchangeable bonds and pledge refinancing: a controlling shareholder; unlisted equity: an unlisted company.',
  },
  { name: 'company.stockCode', zh: '股票代码', en: 'Stock code', kind: 'text', placeholder: '600000.SH', when: [when('investee', ['']), when('instrument', LISTED_COMPANY_INSTRUMENTS)] },
  { name: 'company.name', zh: '公司名称', en: 'Company name', kind: 'text', when: [when('investee', ['']), when('instrument', LISTED_COMPANY_INSTRUMENTS)] },
  { name: 'screeningId', zh: '筛查编号', en: 'Screening id', kind: 'int', hint: '由上方筛查选择填入（控股股东、收购标的用其上市公司的筛查）。Filled in by choosing a screening above (for a shareholder or a target, its listed company’s).' },
  { name: 'instrument', zh: '投资工具', en: 'Instrument', kind: 'select', options: optionsOf(INSTRUMENTS), hint: '选择基金后标出其投资政策不允许的工具。Choose a fund to see which instruments its policy permits.' },
  { name: 'amount', zh: '投资金额', en: 'Amount', kind: 'money' },
  { name: 'date', zh: '业务日期', en: 'Value date', kind: 'date' },
  // equity
  { name: 'shares', zh: '股数', en: 'Shares', kind: 'int', optional: true, when: only('equity'), hint: '协议转让须至少为总股本的5%。An agreement transfer needs at least 5% of the total shares.' },
  {
    name: 'acquisitionMode', zh: '取得方式', en: 'Acquisition mode', kind: 'select', when: only('equity'), ...requiredFor('equity'),
    options: [['', '—'], ['agreement_transfer', '协议转让 agreement transfer'], ['block_trade', '大宗交易 block trade'], ['private_placement', '定向增发 private placement']],
    hint: '政府基金不得二级市场竞价买入。Government funds never buy on the open market.',
  },
  {
    name: 'holderCategory', zh: '持有人类别', en: 'Holder category', kind: 'select', optional: true, when: only('equity'),
    options: [['', '— 默认一般 default general —'], ['general', '一般 general'], ['strategic', '控股股东、实控人及其关联方、战略投资者 strategic']],
    hint: '战略类认购定增适用更长限售期。Strategic subscribers of a placement are locked longer.',
  },
  { name: 'lockupEndsOn', zh: '约定限售期至', en: 'Contractual lock-up ends on', kind: 'date', optional: true, when: only('equity', 'unlisted_equity'), hint: '承诺限售长于规定时填写：限售的最后一天。A longer undertaking: the last day locked.' },
  // unlisted_equity
  { name: 'equityPercent', zh: '持股比例（%）', en: 'Equity percent', kind: 'decimal', percent: 'unit', placeholder: '15.5', when: only('unlisted_equity'), ...requiredFor('unlisted_equity') },
  // exchangeable_bond, pledge_refinancing: the listed shares behind them
  { name: 'underlying.stockCode', zh: '标的股票代码', en: 'Underlying stock code', kind: 'text', placeholder: '600000.SH', when: only('exchangeable_bond', 'pledge_refinancing'), ...requiredFor('exchangeable_bond', 'pledge_refinancing') },
  { name: 'underlying.pledgedShares', zh: '质押/可交换股数', en: 'Pledged shares', kind: 'int', when: only('exchangeable_bond', 'pledge_refinancing'), ...requiredFor('exchangeable_bond', 'pledge_refinancing') },
  { name: 'exchangePrice', zh: '换股价（元/股）', en: 'Exchange price', kind: 'decimal', placeholder: '11.5000', when: only('exchangeable_bond'), ...requiredFor('exchangeable_bond') },
  { name: 'conversionPrice', zh: '转股价（元/股）', en: 'Conversion price', kind: 'decimal', placeholder: '9.8000', optional: true, when: only('convertible_bond') },
  { name: 'couponRate', zh: '票面利率', en: 'Coupon rate', kind: 'decimal', percent: 'fraction', placeholder: '0.02', when: only('exchangeable_bond', 'convertible_bond'), ...requiredFor('exchangeable_bond'), hint: '年利率，0.02 或 2%。Annual, 0.02 or 2%.' },
  { name: 'principal', zh: '承接债务本金', en: 'Principal taken over', kind: 'money', optional: true, when: only('pledge_refinancing'), hint: '默认等于投资金额。Default: the amount.' },
  { name: 'rate', zh: '年利率', en: 'Interest rate', kind: 'decimal', percent: 'fraction', placeholder: '0.06', when: only('pledge_refinancing', 'loan'), ...requiredFor('pledge_refinancing'), hint: '0.06 或 6%。0.06 or 6%.' },
  { name: 'maturityDate', zh: '到期日', en: 'Maturity date', kind: 'date', when: only('exchangeable_bond', 'convertible_bond', 'pledge_refinancing', 'loan'), ...requiredFor('exchangeable_bond', 'pledge_refinancing') },
  { name: 'warningLine', zh: '预警线', en: 'Warning line', kind: 'decimal', placeholder: '1.60', when: only('pledge_refinancing'), ...requiredFor('pledge_refinancing'), hint: '履约保障比例，如 1.60。A coverage ratio, e.g. 1.60.' },
  { name: 'liquidationLine', zh: '平仓线', en: 'Liquidation line', kind: 'decimal', placeholder: '1.40', when: only('pledge_refinancing'), ...requiredFor('pledge_refinancing'), hint: '低于预警线，如 1.40。Below the warning line, e.g. 1.40.' },
  { name: 'override.reason', zh: '特批理由', en: 'Override reason', kind: 'textarea', optional: true, adminOnly: true, hint: '仅管理员：至少10个字符，记入分录与审计日志（筛查门槛、投资政策）。Admin only: at least 10 characters, kept with the entry and in the audit log (the screening gate, the investment policy).' },
];

/**
 * Wires the investment form once its fields exist: investees into their select, the fund's
 * policy onto the instrument options, the underlying stock code from a controlling shareholder.
 * Returns { reloadInvestees(select code) } for the investee form beside it.
 */
export function investmentFormParts(fields, target, ctx, refresh) {
  const byName = (name) => fields.find((f) => f.spec.name === name);
  const investee = byName('investee');
  const instrument = byName('instrument');
  const markInvestees = () => {
    const kinds = HELD_IN[instrument.input.value] ?? [];
    for (const option of investee.input.options) if (option.value) option.disabled = !kinds.includes(option.dataset.kind);
    if (investee.input.selectedOptions[0]?.disabled) investee.input.value = '';
  };
  const reloadInvestees = async (recorded) => {
    const choose = recorded ?? investee.input.value;
    fill(investee.input, h('option', { value: '' }, '加载中 Loading…'));
    try {
      const investees = await ctx.investees(true);
      fill(
        investee.input,
        h('option', { value: '' }, '— 未选：上市公司按股票代码填写 none: a listed company by stock code —'),
        investees.map((i) => h('option', { value: i.code, dataset: { kind: i.kind, listedCompany: i.listedCompany ?? '' } }, `${i.code} ${i.name} · ${label(INVESTEE_KINDS, i.kind)}${i.listedCompany ? ` → ${i.listedCompany}` : ''}`)),
      );
      markInvestees();
      // The investee just recorded (or the one chosen before), when the instrument may be held in it.
      const option = choose ? [...investee.input.options].find((o) => o.value === choose) : null;
      if (option && !option.disabled) {
        investee.input.value = choose;
        investee.input.dispatchEvent(new Event('change'));
      }
    } catch (error) {
      fill(investee.input, h('option', { value: '' }, `无法加载 Could not load: ${problemText(error)}`));
    }
    refresh();
  };
  instrument.input.addEventListener('change', () => {
    markInvestees();
    refresh();
  });
  investee.input.addEventListener('change', () => {
    // A shareholder's pledged or exchangeable shares are of the company it controls.
    const listed = investee.input.selectedOptions[0]?.dataset.listedCompany;
    const underlying = byName('underlying.stockCode').input;
    if (listed && underlying.value.trim() === '') underlying.value = listed;
  });
  target.fundField.input.addEventListener('change', () => markPolicy(target.fundField.input.value, instrument, ctx, refresh));
  void reloadInvestees();
  return { reloadInvestees };
}

/** Greys out (or, for an admin, marks) the instruments the fund's policy does not permit. */
async function markPolicy(fund, instrument, ctx, refresh) {
  const hint = instrument.querySelector('.hint');
  for (const option of instrument.input.options) {
    option.disabled = false;
    option.textContent = label(INSTRUMENTS, option.value);
    delete option.dataset.permitted;
  }
  if (!fund) return;
  let policy;
  try {
    policy = await getJson(`funds/${encodeURIComponent(fund)}/investment-policy`);
  } catch (error) {
    fill(hint, `无法读取投资政策 Could not read the investment policy: ${problemText(error)}`);
    return;
  }
  const permitted = policy.permittedInstruments ?? [];
  const mayOverride = ctx.role === 'admin' || ctx.role === null;
  for (const option of instrument.input.options) {
    const ok = permitted.includes(option.value);
    option.dataset.permitted = String(ok);
    if (!ok) {
      option.textContent = `${label(INSTRUMENTS, option.value)} · 不在投资政策内 not permitted`;
      option.disabled = !mayOverride;
    }
  }
  fill(
    hint,
    `${fund} 投资政策允许 permits: ${permitted.map((i) => label(INSTRUMENTS, i)).join('、') || '无 none'}`,
    mayOverride ? '。其余须管理员写明理由特批。Others need an admin override with a reason.' : '。',
  );
  if (instrument.input.selectedOptions[0]?.disabled && permitted.length) {
    instrument.input.value = permitted[0];
    instrument.input.dispatchEvent(new Event('change'));
  }
  refresh();
}
