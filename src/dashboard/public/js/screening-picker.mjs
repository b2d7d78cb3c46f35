// The screening an investment rests on: pick one, and the form is filled with its company and id.
// The picker explains the gate the API applies (docs/screening.md), so a refusal is no surprise.
import { getJson, problemText } from './api.mjs';
import { bi, fill, h } from './dom.mjs';
import { DECISIONS, LEVELS, label } from './format.mjs';

const PAGE = 1000;

/** The newest screenings first (the API lists oldest first), up to a few pages. */
async function newestScreenings() {
  const all = [];
  let cursor;
  for (let page = 0; page < 10; page++) {
    const body = await getJson('screenings', { limit: PAGE, cursor });
    all.push(...body.screenings);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return all.reverse();
}

/** Why the chosen screening will or will not carry the investment, in words. */
export function gateNotes(screening, fundType) {
  const notes = [];
  const level = screening.current?.level ?? screening.pledgeRisk?.level;
  if (screening.decision !== 'eligible') {
    notes.push(`该筛查结论为"${label(DECISIONS, screening.decision)}"：投资将被拒绝（SCREENING_REQUIRED），除非管理员写明理由特批。This screening is not eligible: the investment will be refused unless an admin overrides with a reason.`);
  }
  if (fundType === 'relief' && !['elevated', 'warning', 'critical'].includes(level)) {
    notes.push(`纾困子基金投资还需质押风险为"关注"及以上；当前为"${label(LEVELS, level)}"。A relief sub-fund investment also needs pledge risk elevated or worse; it is ${LEVELS[level]?.en ?? 'unknown'}.`);
  }
  if (!notes.length) notes.push('符合投资条件（须在有效期内）。The screening carries the investment (within its validity window).');
  return notes;
}

/** A screening as one line: id, company, date, decision and current pledge level. */
function screeningSummary(s) {
  return `#${s.id} ${s.stockCode} ${s.companyName} · ${s.screenedOn} · ${label(DECISIONS, s.decision)} · ${label(LEVELS, s.current?.level ?? s.pledgeRisk?.level)}`;
}

let pickers = 0;

export function screeningPicker(fields, target) {
  const byName = (name) => fields.find((f) => f.spec.name === name)?.input;
  const select = h('select', { id: `screening-pick-${++pickers}`, name: 'screeningPick' }, h('option', { value: '' }, '加载中 Loading…'));
  const explain = h('div', { class: 'gate-notes', 'aria-live': 'polite' });
  // Read afresh for each form: a screening made since the view opened must be choosable.
  const list = newestScreenings();
  list.then(
    (screenings) =>
      fill(
        select,
        h('option', { value: '' }, `— 选择筛查 choose a screening (${screenings.length}) —`),
        screenings.map((s) =>
          h('option', { value: s.id }, screeningSummary(s)),
        ),
      ),
    (error) => fill(select, h('option', { value: '' }, `无法加载 Could not load: ${problemText(error)}`)),
  );
  const apply = async () => {
    const screening = (await list).find((s) => String(s.id) === select.value);
    if (!screening) return fill(explain);
    byName('company.stockCode').value = screening.stockCode;
    byName('company.name').value = screening.companyName;
    byName('screeningId').value = String(screening.id);
    const fundOption = target.fundField?.input.selectedOptions[0];
    fill(explain, gateNotes(screening, fundOption?.dataset.type).map((note) => h('p', { class: screening.decision === 'eligible' ? 'hint' : 'warning' }, note)));
  };
  select.addEventListener('change', apply);
  target.fundField?.input.addEventListener('change', apply);
  return h(
    'fieldset',
    { class: 'screening-picker' },
    h('legend', {}, bi('筛查 (投资门槛)', 'Screening (the investment gate)')),
    h('p', { class: 'hint' }, '投资须有该公司在有效期内的"符合"筛查；纾困子基金还须质押风险达到"关注"及以上。An investment needs an eligible screening of the company within the validity window; a relief sub-fund also needs elevated pledge risk or worse.'),
    h('label', { for: select.id }, bi('选择筛查', 'Choose a screening')),
    ' ',
    select,
    explain,
  );
}
