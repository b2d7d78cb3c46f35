// 录入 Record: one form for each business event of the registry (src/application/events/registry.ts)
// and the reversal. Each form is checked in the browser by the schema the API publishes for its
// operation, then posted; the API's refusals are shown next to the field they name.
import { getJson, postJson, problemText } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { label, readableYuan } from './format.mjs';
import { apiFieldErrors, checkBody, clearErrors, field, linkConditions, showErrors } from './form-kit.mjs';
import { EXIT_CHANNELS, INSTRUMENTS, VALUATION_METHODS, optionsOf } from './instruments.mjs';
import { investeeForm } from './investee-form.mjs';
import { INVESTMENT_FIELDS, investmentFormParts } from './investment-form.mjs';
import { screeningPicker } from './screening-picker.mjs';

const money = (name, zh, en, extra = {}) => ({ name, zh, en, kind: 'money', ...extra });
const date = (name = 'date', zh = '业务日期', en = 'Value date', extra = {}) => ({ name, zh, en, kind: 'date', ...extra });
const investor = { name: 'investor', zh: '出资人', en: 'Investor', kind: 'select', source: 'investors' };
const aap = [{ field: 'method', in: ['aap'] }];
/** The valuation methods that do not compute the fair value. */
const NOT_COMPUTED = ['', ...Object.keys(VALUATION_METHODS).filter((m) => m !== 'aap')];

/** The events, in the order a fund's life meets them. `target` is what the route's path names. */
export const EVENT_FORMS = [
  { id: 'commitment', zh: '认缴', en: 'Commitment', op: 'createCommitment', target: 'fund', path: (t) => `funds/${t}/commitments`, fields: [investor, money('amount', '认缴金额', 'Amount'), date()] },
  {
    id: 'capital_call', zh: '催缴', en: 'Capital call', op: 'createCapitalCall', target: 'fund', path: (t) => `funds/${t}/capital-calls`,
    fields: [money('amount', '催缴金额', 'Amount'), date(), date('dueDate', '缴款截止日', 'Due date')],
    note: '按认缴比例分摊至分，最大余数法。Split pro rata to commitment, to the fen (largest remainder).',
  },
  { id: 'payment', zh: '实缴', en: 'Payment', op: 'createPayment', target: 'call', path: (t) => `capital-calls/${t}/payments`, fields: [investor, money('amount', '实缴金额', 'Amount'), date()] },
  { id: 'investment', zh: '投资', en: 'Investment', op: 'createInvestment', target: 'fund', path: (t) => `funds/${t}/investments`, picker: true, fields: INVESTMENT_FIELDS },
  {
    id: 'exit', zh: '退出', en: 'Exit', op: 'createExit', target: 'investment', path: (t) => `investments/${t}/exits`,
    fields: [
      { name: 'kind', zh: '退出方式', en: 'Kind', kind: 'select', options: [['sale', '出售 sale'], ['repayment', '还款 repayment'], ['income', '收益 income (dividend, interest)']] },
      { name: 'shares', zh: '出售股数', en: 'Shares sold', kind: 'int', optional: true, hint: '上市股票出售必填：按平均成本结转，并受限售期与减持比例约束。Required for a sale of listed shares: cost is released at average cost; the lock-up and selling limits apply.' },
      {
        name: 'channel', zh: '减持渠道', en: 'Channel', kind: 'select', optional: true, when: [{ field: 'kind', in: ['sale', 'repayment'] }],
        options: optionsOf(EXIT_CHANNELS, '— 默认：上市股票出售为集中竞价 default: exchange for listed shares —'),
        hint: '集中竞价、大宗交易各有90日减持比例；回购不受其限。Exchange and block-trade sales each have a 90-day limit; a buyback has none.',
      },
      { name: 'obligation', zh: '回购义务编号', en: 'Obligation id', kind: 'int', optional: true, hint: '此退出结清的投后回购义务。The buyback obligation this exit settles.' },
      money('proceeds', '收回金额', 'Proceeds'),
      money('cost', '结转成本', 'Cost released', { optional: true, hint: '收益填 0；填了股数可留空。0 for income; may be left empty when shares are given.' }),
      date(),
    ],
  },
  {
    id: 'valuation', zh: '估值', en: 'Valuation', op: 'createValuation', target: 'investment', path: (t) => `investments/${t}/valuations`,
    fields: [
      { name: 'method', zh: '估值方法', en: 'Method', kind: 'select', optional: true, options: optionsOf(VALUATION_METHODS, '—') },
      money('fairValue', '公允价值', 'Fair value', { requiredFor: { field: 'method', in: NOT_COMPUTED }, hint: 'AAP 方法可留空，由服务端按剩余限售期计算。May be left empty with aap: the API computes it over the remaining lock-up.' }),
      date(),
      { name: 'inputs.price', zh: '股价（元）', en: 'Price', kind: 'decimal', optional: true, placeholder: '12.30', when: aap, hint: '留空则用估值日前最近的收盘价。Empty: the latest stored close.' },
      { name: 'inputs.volatility', zh: '年化波动率', en: 'Volatility', kind: 'decimal', percent: 'fraction', placeholder: '0.45', when: aap, requiredFor: { field: 'method', in: ['aap'] } },
      { name: 'inputs.dividendYield', zh: '股息率', en: 'Dividend yield', kind: 'decimal', percent: 'fraction', optional: true, placeholder: '0.01', when: aap, hint: '默认 0。Default 0.' },
    ],
  },
  {
    id: 'distribution', zh: '分配', en: 'Distribution', op: 'createDistribution', target: 'fund', path: (t) => `funds/${t}/distributions`,
    fields: [money('amount', '分配金额', 'Amount'), date()],
    note: '有基金条款时按分配瀑布拆分，否则按实缴比例。Split by the waterfall under the fund terms, else pro rata to paid-in.',
  },
  {
    id: 'expense', zh: '费用', en: 'Expense', op: 'createExpense', target: 'fund', path: (t) => `funds/${t}/expenses`,
    fields: [money('amount', '金额', 'Amount'), date(), { name: 'kind', zh: '费用类型', en: 'Kind', kind: 'text', placeholder: 'audit_fee', hint: '小写英文键，如 management_fee、audit_fee。A lower-case key.' }, { name: 'memo', zh: '摘要', en: 'Memo', kind: 'text', optional: true }],
  },
  {
    id: 'management_fee', zh: '管理费', en: 'Management fee', op: 'createManagementFee', target: 'fund', path: (t) => `funds/${t}/management-fees`,
    fields: [{ name: 'period', zh: '季度', en: 'Quarter', kind: 'text', placeholder: '2020Q2' }, date('date', '记账日期', 'Booking date', { optional: true, hint: '默认季度最后一天 default: the quarter’s last day' })],
    note: '按基金条款计算，由不免收的出资人按认缴比例承担。Computed under the fund terms, charged to the fee-paying investors pro rata.',
  },
  { id: 'late_interest', zh: '违约金', en: 'Late interest', op: 'chargeLateInterest', target: 'call', path: (t) => `capital-calls/${t}/late-interest`, fields: [investor, date('date', '计至日期', 'Charged to')] },
  {
    id: 'reversal', zh: '冲销', en: 'Reversal', op: 'reverseJournalEntry', target: 'entry', path: (t) => `journal/${t}/reversal`,
    fields: [{ name: 'reason', zh: '冲销原因', en: 'Reason', kind: 'textarea' }],
    note: '分录永不修改或删除；更正以冲销分录指向原分录。Entries are never edited or deleted: a reversing entry points at the original.',
  },
];

const TARGETS = {
  fund: { zh: '基金', en: 'Fund' },
  call: { zh: '催缴', en: 'Capital call' },
  investment: { zh: '投资', en: 'Investment' },
  entry: { zh: '分录编号', en: 'Journal entry id' },
};

/** Lists for the selects, read once per view. */
function lookups() {
  const cache = new Map();
  return (key, load, fresh = false) => {
    if (fresh || !cache.has(key)) cache.set(key, load().catch((error) => (cache.delete(key), Promise.reject(error))));
    return cache.get(key);
  };
}

export function recordView(ctx) {
  const cached = lookups();
  const funds = () => cached('funds', () => getJson('funds').then((b) => b.funds));
  const investors = () => cached('investors', () => getJson('investors').then((b) => b.investors));
  const investees = (fresh) => cached('investees', () => getJson('investees').then((b) => b.investees), fresh);
  const picker = h('select', { id: 'event-type', name: 'eventType' }, EVENT_FORMS.map((e) => h('option', { value: e.id }, `${e.zh} ${e.en}`)));
  const holder = h('div', { class: 'event-form-holder' });
  const show = () => {
    const form = eventForm(EVENT_FORMS.find((e) => e.id === picker.value), { ...ctx, funds, investors, investees });
    // An investment may need its investee recorded first: the form for it sits beside, and the new one is chosen.
    fill(holder, form, picker.value === 'investment' ? investeeForm((investee) => form.parts?.reloadInvestees(investee.code)) : null);
  };
  picker.addEventListener('change', show);
  show();
  const root = h(
    'div',
    { class: 'record' },
    h('p', { class: 'pick-event' }, h('label', { for: 'event-type' }, bi('业务类型', 'Event')), ' ', picker),
    holder,
  );
  /** Opens a form, e.g. the reversal of an entry from the journal view. */
  root.open = (id, values = {}) => {
    picker.value = id;
    show();
    for (const [name, value] of Object.entries(values)) {
      const input = holder.querySelector(`[name="${CSS.escape(name)}"]`);
      if (input) input.value = value;
    }
    holder.querySelector('input, select, textarea')?.focus();
  };
  return root;
}

function eventForm(event, ctx) {
  const status = h('div', { class: 'message form-status', role: 'status', 'aria-live': 'polite' });
  const target = targetField(event.target, ctx);
  const fields = event.fields.filter((f) => !f.adminOnly || ctx.role === 'admin' || ctx.role === null).map(field);
  for (const f of fields) if (f.spec.source === 'investors') fillInvestors(f.input, ctx);
  const refresh = linkConditions(fields);
  const submit = h('button', { type: 'submit' }, '提交 ', h('span', { class: 'en' }, 'Submit'));
  const form = h(
    'form',
    { class: 'event-form', id: `form-${event.id}`, dataset: { event: event.id }, novalidate: true, 'aria-labelledby': `title-${event.id}` },
    h('h3', { id: `title-${event.id}` }, bi(event.zh, event.en)),
    event.note ? h('p', { class: 'hint' }, event.note) : null,
    target.el,
    event.picker ? screeningPicker(fields, target) : null,
    fields,
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  if (event.id === 'investment') form.parts = investmentFormParts(fields, target, ctx, refresh);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    fill(status);
    const targetValue = target.value();
    const { body, errors } = await checkBody(event.op, fields);
    if (!targetValue) errors.unshift({ field: 'target', message: `请选择${TARGETS[event.target].zh}。Choose the ${TARGETS[event.target].en.toLowerCase()}.` });
    if (errors.length) {
      showErrors(form, errors, status);
      return;
    }
    submit.disabled = true;
    fill(status, '提交中 Submitting…');
    try {
      const { status: code, body: result } = await postJson(event.path(encodeURIComponent(targetValue)), body);
      fill(status, outcome(event, code, result, ctx));
      if (code === 201) for (const f of fields) if (f.spec.kind === 'money') f.input.value = '';
      ctx.onBooked?.();
    } catch (error) {
      fill(status);
      showErrors(form, apiFieldErrors(error), status);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** What happened: booked with its entry, or proposed for approval. */
function outcome(event, code, result, ctx) {
  if (code === 202 && result?.proposal) {
    const p = result.proposal;
    return h('p', { class: 'ok', dataset: { proposal: p.id } }, `已提交审批 Proposed for approval: #${p.id}（${p.approvals}/${p.requiredApprovals} 批准 approvals）`);
  }
  const entryId = result?.entryId;
  const amount = result?.amount ?? result?.proceeds ?? result?.fairValue;
  return h(
    'p',
    { class: 'ok', dataset: { entry: entryId ?? '', id: result?.id ?? '' } },
    `已记账 Booked: ${event.zh} ${event.en}${result?.id ? ` #${result.id}` : ''}${amount ? ` ${readableYuan(amount)}` : ''}，分录 entry `,
    entryId ? h('a', { href: `#journal/${entryId}`, on: { click: () => ctx.showEntry?.(entryId) } }, `#${entryId}`) : '—',
  );
}

function fillInvestors(select, ctx) {
  fill(select, h('option', { value: '' }, '— 选择 choose —'));
  ctx.investors().then(
    (list) => select.append(...list.map((i) => h('option', { value: i.code }, `${i.code} ${i.name}`))),
    (error) => select.append(h('option', { value: '', disabled: true }, `无法加载 ${problemText(error)}`)),
  );
}

/** The fund, call, investment or entry the event is booked against, as a labelled field named `target`. */
function targetField(kind, ctx) {
  const t = TARGETS[kind];
  if (kind === 'entry') {
    const f = field({ name: 'target', zh: t.zh, en: t.en, kind: 'int' });
    return { el: f, value: () => f.input.value.trim(), fund: () => null };
  }
  const fundField = field({ name: kind === 'fund' ? 'target' : 'fund', zh: '基金', en: 'Fund', kind: 'select' });
  fill(fundField.input, h('option', { value: '' }, '— 选择基金 choose a fund —'));
  ctx.funds().then((funds) => {
    fundField.input.append(...funds.map((f) => h('option', { value: f.code, dataset: { type: f.type ?? '' } }, `${f.code} ${f.name}`)));
    if (ctx.fund && funds.some((f) => f.code === ctx.fund)) {
      fundField.input.value = ctx.fund;
      fundField.input.dispatchEvent(new Event('change'));
    }
  });
  if (kind === 'fund') return { el: fundField, value: () => fundField.input.value, fund: () => fundField.input.value, fundField };
  const sub = field({ name: 'target', zh: t.zh, en: t.en, kind: 'select' });
  const loadChoices = async () => {
    const code = fundField.input.value;
    fill(sub.input, h('option', { value: '' }, code ? '加载中 Loading…' : '— 先选基金 choose a fund first —'));
    if (!code) return;
    try {
      const options = kind === 'call' ? await callOptions(code) : await investmentOptions(code);
      fill(sub.input, h('option', { value: '' }, `— 选择 choose (${options.length}) —`), options);
    } catch (error) {
      fill(sub.input, h('option', { value: '' }, `无法加载 Could not load: ${problemText(error)}`));
    }
  };
  fundField.input.addEventListener('change', loadChoices);
  void loadChoices();
  return { el: [fundField, sub], value: () => sub.input.value, fund: () => fundField.input.value, fundField };
}

async function callOptions(fund) {
  const { capitalCalls } = await getJson(`funds/${encodeURIComponent(fund)}/capital-calls`);
  return capitalCalls
    .filter((c) => !c.reversed)
    .map((c) => h('option', { value: c.id }, `#${c.id} ${c.date} ${readableYuan(c.amount)} · 已缴 paid ${readableYuan(c.paid)} · ${c.status}`));
}

async function investmentOptions(fund) {
  const { investments } = await getJson(`funds/${encodeURIComponent(fund)}/investments`);
  return investments
    .filter((i) => !i.reversed)
    .map((i) => h('option', { value: i.id }, `#${i.id} ${i.company.stockCode} ${i.company.name} · ${label(INSTRUMENTS, i.instrument)} · ${readableYuan(i.amount)}${i.shares ? ` · ${i.shares} 股` : ''}`));
}
