// 新增被投企业 New investee (POST /investees): a listed company, a controlling shareholder or an
// unlisted company, with its 统一社会信用代码, which the API checks (GB 32100-2015 check character).
import { postJson } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { apiFieldErrors, checkBody, clearErrors, field, linkConditions, showErrors } from './form-kit.mjs';
import { INVESTEE_KINDS, optionsOf } from './instruments.mjs';

const kindIs = (...kinds) => [{ field: 'kind', in: kinds }];

const INVESTEE_FIELDS = [
  { name: 'kind', zh: '类型', en: 'Kind', kind: 'select', options: optionsOf(INVESTEE_KINDS) },
  { name: 'code', zh: '被投企业代码', en: 'Investee code', kind: 'text', placeholder: 'ZJHOLD', hint: '上市公司可用股票代码；其他用2–12位大写字母、数字、连字符，字母开头。A listed company may use its stock code; others 2–12 upper-case letters, digits and dashes.' },
  { name: 'name', zh: '名称', en: 'Name', kind: 'text' },
  { name: 'creditCode', zh: '统一社会信用代码', en: 'Unified social credit code', kind: 'text', placeholder: '91330110MA2B12345F', hint: '18位，服务端校验第18位校验码。18 characters; the API verifies the check character.' },
  { name: 'stockCode', zh: '股票代码', en: 'Stock code', kind: 'text', placeholder: '600000.SH', when: kindIs('listed_company') },
  { name: 'listedCompany', zh: '关联上市公司', en: 'Listed company', kind: 'text', placeholder: '600000.SH', when: kindIs('controlling_shareholder', 'unlisted_company'), hint: '控股股东：所控制的上市公司；收购标的：收购方上市公司。A shareholder: the company it controls; a target: its listed acquirer.' },
  { name: 'registeredDistrict', zh: '注册地区划代码', en: 'Registered district', kind: 'text', optional: true, placeholder: '330110' },
  { name: 'industrySection', zh: '证监会行业门类', en: 'CSRC industry section', kind: 'text', optional: true, placeholder: 'C' },
];

/** Each field's Chinese lead for an error, so a refusal reads in both languages. */
function bilingual(errors, fields) {
  return errors.map((e) => {
    const spec = fields.find((f) => f.spec.name === e.field)?.spec;
    if (!spec) return e;
    if (e.message === 'is required') return { ...e, message: `必填 ${e.message}` };
    const lead = spec.name === 'creditCode' ? '统一社会信用代码校验未通过（GB 32100-2015）' : `${spec.zh}有误`;
    return { ...e, message: `${lead}：${e.message}` };
  });
}

/** The form; `onRecorded(investee)` hears of each investee recorded. */
export function investeeForm(onRecorded) {
  const fields = INVESTEE_FIELDS.map(field);
  linkConditions(fields);
  const status = h('div', { class: 'message form-status', role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, '记录 ', h('span', { class: 'en' }, 'Record'));
  const form = h(
    'form',
    { class: 'event-form investee-form', id: 'form-investee', novalidate: true, 'aria-labelledby': 'title-investee' },
    h('h3', { id: 'title-investee' }, bi('新增被投企业', 'New investee')),
    h('p', { class: 'hint' }, '投资控股股东或非上市公司前先在此记录；上市公司首次投资时按股票代码自动记录。Record a controlling shareholder or an unlisted company here before investing; a listed company is recorded by its stock code on its first investment.'),
    h('div', { class: 'field-grid' }, fields),
    h('div', { class: 'form-actions' }, submit),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    fill(status);
    const { body, errors } = await checkBody('createInvestee', fields);
    if (errors.length) {
      showErrors(form, bilingual(errors, fields), status);
      return;
    }
    submit.disabled = true;
    try {
      const { body: investee } = await postJson('investees', body);
      fill(status, h('p', { class: 'ok', dataset: { investee: investee.code } }, `已记录 Recorded: 被投企业 investee ${investee.code} ${investee.name}`));
      for (const f of fields) if (f.spec.kind !== 'select') f.input.value = '';
      onRecorded?.(investee);
    } catch (error) {
      showErrors(form, bilingual(apiFieldErrors(error), fields), status);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
