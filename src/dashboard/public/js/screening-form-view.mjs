// 筛查 Screening: one applicant typed into a form, or a CSV batch uploaded; each result shows the
// decision, the route, the pledge risk and every criterion's outcome with its reason.
import { ApiError, apiUrl, postJson, problemText, send } from './api.mjs';
import { bi, fill, h, money, table } from './dom.mjs';
import { DECISIONS, LEVELS, ROUTES, label, percent } from './format.mjs';
import { apiFieldErrors, checkBody, clearErrors, field, showErrors } from './form-kit.mjs';

const YES_NO = [['', '—'], ['false', '否 no'], ['true', '是 yes']];
const bool = (name, zh, en) => ({ name, zh, en, kind: 'select', options: YES_NO, boolean: true, optional: true });
const text = (name, zh, en, extra = {}) => ({ name, zh, en, kind: 'text', optional: true, ...extra });
const int = (name, zh, en, extra = {}) => ({ name, zh, en, kind: 'int', optional: true, ...extra });
const yuan = (name, zh, en, extra = {}) => ({ name, zh, en, kind: 'money', optional: true, ...extra });

/** The applicant's fields (docs/screening.md, CSV batches), grouped as a person fills them in. */
const GROUPS = [
  ['公司', 'Company', [
    text('stockCode', '股票代码', 'Stock code', { optional: false, placeholder: '600000.SH' }),
    text('name', '公司名称', 'Name', { optional: false }),
    { name: 'exchange', zh: '交易所', en: 'Exchange', kind: 'select', optional: true, options: [['', '—'], ['SSE', '上交所 SSE'], ['SZSE', '深交所 SZSE'], ['BSE', '北交所 BSE'], ['other', '其他 other']] },
    { name: 'listingStatus', zh: '上市状态', en: 'Listing status', kind: 'select', optional: true, options: [['', '—'], ['listed', '上市 listed'], ['suspended', '停牌 suspended'], ['delisted', '退市 delisted']] },
    { name: 'riskWarning', zh: '风险警示', en: 'Risk warning', kind: 'select', optional: true, options: [['', '—'], ['none', '无 none'], ['ST', 'ST'], ['*ST', '*ST']] },
    text('registeredDistrict', '注册地区划代码', 'Registered district', { placeholder: '330110' }),
    text('industrySection', '证监会行业门类', 'CSRC industry section', { placeholder: 'C' }),
  ]],
  ['经营', 'Operations', [
    yuan('mainBusinessRevenue', '主营业务收入', 'Main-business revenue'),
    yuan('totalRevenue', '营业总收入', 'Total revenue'),
    yuan('netAssets', '净资产', 'Net assets', { signed: true }),
    yuan('netProfit', '净利润', 'Net profit', { signed: true }),
    yuan('operatingCashFlow', '经营活动现金流', 'Operating cash flow', { signed: true }),
    int('prospectsRating', '市场前景评级 (1–5)', 'Prospects rating'),
    int('managementRating', '管理团队评级 (1–5)', 'Management rating'),
    bool('acquisitionProject', '并购项目', 'Acquisition project'),
    bool('companyDishonestDebtor', '公司失信被执行人', 'Company dishonest debtor'),
  ]],
  ['股本与质押', 'Shares and pledges', [
    int('totalShares', '总股本', 'Total shares'),
    int('pledgedSharesTotal', '全部质押股数', 'All pledged shares'),
    text('sharePrice', '股价（元）', 'Share price', { placeholder: '9.8000' }),
    text('controllingShareholder.name', '控股股东', 'Controlling shareholder'),
    int('controllingShareholder.sharesHeld', '控股股东持股', 'Shares held'),
    int('controllingShareholder.sharesPledged', '控股股东质押', 'Shares pledged'),
    int('controllingShareholder.majorViolations36m', '控股股东36个月重大违法违规', 'Major violations (36m)'),
    bool('controllingShareholder.dishonestDebtor', '控股股东失信', 'Dishonest debtor'),
    text('actualController.name', '实际控制人', 'Actual controller'),
    int('actualController.majorViolations36m', '实控人36个月重大违法违规', 'Major violations (36m)'),
    bool('actualController.dishonestDebtor', '实控人失信', 'Dishonest debtor'),
  ]],
  ['一笔质押', 'One pledge tranche', [
    text('pledges.0.lender', '质权人', 'Lender'),
    int('pledges.0.pledgedShares', '质押股数', 'Pledged shares'),
    yuan('pledges.0.principal', '融资本金', 'Principal'),
    yuan('pledges.0.repaid', '已还', 'Repaid'),
    yuan('pledges.0.accruedInterest', '应计利息', 'Accrued interest'),
    text('pledges.0.warningLine', '预警线', 'Warning line', { placeholder: '1.60' }),
    text('pledges.0.liquidationLine', '平仓线', 'Liquidation line', { placeholder: '1.40' }),
  ]],
];

const OUTCOMES = { pass: '通过 pass', fail: '不通过 fail', review: '待复核 review' };

/** One screening's result: decision, route, pledge risk and each criterion. */
export function screeningResult(s) {
  const risk = s.pledgeRisk ?? {};
  return h(
    'article',
    { class: 'card screening-result', dataset: { screening: s.id, stockCode: s.stockCode, decision: s.decision } },
    h('h4', {}, `#${s.id} ${s.stockCode} ${s.companyName ?? ''}`),
    h(
      'p',
      {},
      h('span', { class: `decision decision-${s.decision}`, dataset: { field: 'decision', value: s.decision } }, label(DECISIONS, s.decision)),
      ' · 路径 route ',
      h('span', { dataset: { field: 'route', value: s.route ?? '' } }, s.route ? label(ROUTES, s.route) : '无 none'),
      ' · 质押风险 pledge risk ',
      h('span', { class: `level level-${risk.level ?? 'unknown'}` }, label(LEVELS, risk.level)),
      risk.shareholderPledgeRatio ? ` · 控股股东质押比例 ${percent(risk.shareholderPledgeRatio)}` : '',
      risk.reliefQuota ? [' · 纾困额度 relief quota ', money(risk.reliefQuota)] : '',
    ),
    table(
      'data criteria',
      ['准则 Criterion', '结果 Outcome', '理由 Reason'],
      (s.criteria ?? []).map((c) =>
        h(
          'tr',
          { class: `outcome-${c.outcome}`, dataset: { criterion: c.id, outcome: c.outcome } },
          h('th', { scope: 'row' }, c.id),
          h('td', {}, OUTCOMES[c.outcome] ?? c.outcome),
          h('td', {}, c.reason ? `${c.reason.zh ?? ''} ${c.reason.en ? `(${c.reason.en})` : ''}` : ''),
        ),
      ),
    ),
  );
}

function singleForm(ctx) {
  const fields = [];
  const status = h('div', { class: 'message form-status', role: 'status', 'aria-live': 'polite' });
  const result = h('div', { class: 'screening-results' });
  const groups = GROUPS.map(([zh, en, specs]) => {
    const made = specs.map(field);
    fields.push(...made);
    return h('fieldset', {}, h('legend', {}, bi(zh, en)), h('div', { class: 'field-grid' }, made));
  });
  const form = h('form', { id: 'screening-form', class: 'event-form', novalidate: true }, groups, h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, '筛查 ', h('span', { class: 'en' }, 'Screen'))), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    fill(status);
    const checked = await checkBody('createScreening', fields.map((f) => prefixed(f)), (body) => {
      // The tranche's fields are numbered (pledges.0.lender): the API takes a list.
      if (body.applicant?.pledges) body.applicant.pledges = Object.values(body.applicant.pledges);
      return body;
    });
    const applicant = checked.body.applicant ?? {};
    const errors = checked.errors.map((err) => ({ ...err, field: err.field.replace(/^applicant\./, '') }));
    if (errors.length) {
      showErrors(form, errors, status);
      return;
    }
    fill(status, '筛查中 Screening…');
    try {
      const { body } = await postJson('screenings', { applicant });
      fill(status, h('span', { class: 'ok' }, `已筛查 Screened: #${body.id}`));
      fill(result, screeningResult(body));
    } catch (error) {
      fill(status);
      showErrors(form, apiFieldErrors(error).map((err) => ({ ...err, field: err.field.replace(/^applicant\.?/, '') })), status);
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
    }
  });
  return h('div', {}, form, result);
}

/** The field as the schema of POST /screenings sees it: under `applicant`. */
function prefixed(f) {
  return { ...f, input: f.input, spec: { ...f.spec, name: `applicant.${f.spec.name}` } };
}

function batchForm(ctx) {
  const file = h('input', { type: 'file', id: 'screening-batch-file', name: 'file', accept: '.csv,text/csv' });
  const encoding = h('select', { id: 'screening-batch-encoding', name: 'encoding' }, h('option', { value: 'utf-8' }, 'UTF-8'), h('option', { value: 'gbk' }, 'GBK / GB18030 (Excel 中文版)'));
  const status = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'screening-results batch-results' });
  const form = h(
    'form',
    { id: 'screening-batch-form', novalidate: true },
    h('p', { class: 'hint' }, '每行一个申请人，列名同 POST /screenings/batch（见 docs/screening.md）。One applicant per row, the columns of POST /screenings/batch.'),
    h('div', { class: 'field' }, h('label', { for: file.id }, bi('CSV 文件', 'CSV file')), file),
    h('div', { class: 'field' }, h('label', { for: encoding.id }, bi('编码', 'Encoding')), encoding),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit' }, '批量筛查 ', h('span', { class: 'en' }, 'Screen batch'))),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) {
      fill(status, h('span', { class: 'error' }, '请选择 CSV 文件。Choose a CSV file.'));
      file.focus();
      return;
    }
    fill(status, `筛查中 Screening ${chosen.name}…`);
    fill(results);
    try {
      const type = encoding.value === 'gbk' ? 'text/csv; charset=gbk' : 'text/csv';
      const response = await send('POST', apiUrl('screenings/batch', { detail: 'full' }), { body: chosen, contentType: type });
      const { results: rows, counts } = await response.json();
      fill(status, h('span', { class: 'ok', dataset: { counts: JSON.stringify(counts) } }, `${rows.length} 行 rows：符合 eligible ${counts.eligible}，待复核 needs review ${counts.needs_review}，不符合 ineligible ${counts.ineligible}，出错 failed ${counts.failed}`));
      fill(
        results,
        rows.map((r) =>
          'screening' in r
            ? screeningResult(r.screening)
            : h('p', { class: 'error', dataset: { line: r.line ?? '' } }, `第 ${r.line ?? '?'} 行 line ${r.line ?? '?'}: ${r.error.code}: ${r.error.detail}`),
        ),
      );
    } catch (error) {
      fill(status, h('span', { class: 'error' }, problemText(error)));
      if (error instanceof ApiError && error.status === 401) ctx.onUnauthorized?.(error);
    }
  });
  return h('div', {}, form, results);
}

export function screeningFormView(ctx) {
  return h(
    'div',
    { class: 'screening-view' },
    h('section', { 'aria-labelledby': 'screen-one-title' }, h('h3', { id: 'screen-one-title' }, bi('筛查一个申请人', 'Screen one applicant')), h('p', { class: 'hint' }, '留空的字段使依赖它的准则为"待复核"，绝不会"通过"。A field left empty makes the criteria needing it review, never pass.'), singleForm(ctx)),
    h('section', { 'aria-labelledby': 'screen-batch-title' }, h('h3', { id: 'screen-batch-title' }, bi('批量筛查（CSV）', 'Screen a batch (CSV)')), batchForm(ctx)),
  );
}
