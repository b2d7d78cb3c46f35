// Rates, prices and coverage lines as people type them: "0.06", "6%", "１１．５０元". Read as decimal
// strings (the API's form), never through floating point: "6.25%" is the string "0.0625".

const FULLWIDTH_DIGIT = /[０-９]/g;
const TYPED = /^(\d+)(?:\.(\d+))?(%)?$/;

/** Unifies what a Chinese keyboard produces: full-width digits, point and percent sign, spaces, a trailing 元. */
function normalise(text) {
  return String(text ?? '')
    .replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/％/g, '%')
    .replace(/[\s_]/g, '')
    .replace(/元$/, '');
}

/** "6" "25" (6.25) divided by 100, as a decimal string without trailing zeros: "0.0625". */
function hundredth(whole, frac) {
  const digits = whole + frac;
  const point = whole.length - 2;
  const intPart = point > 0 ? digits.slice(0, point).replace(/^0+(?=\d)/, '') : '0';
  const fracPart = (point > 0 ? digits.slice(point) : '0'.repeat(-point) + digits).replace(/0+$/, '');
  return fracPart ? `${intPart}.${fracPart}` : intPart;
}

/**
 * Reads a typed decimal. `percent` says what a trailing % means: 'fraction' (a rate: "6%" is
 * "0.06"), 'unit' (the field is in percent: "15.5%" is "15.5"); without it a % is refused.
 * Returns { ok: true, value } or { ok: false, message } with a bilingual reason.
 */
export function readDecimal(text, { percent } = {}) {
  const plain = normalise(text);
  const m = TYPED.exec(plain);
  if (!m) {
    const example = percent === 'fraction' ? '0.06 或 6%' : percent === 'unit' ? '15.5' : '11.50';
    return { ok: false, message: `请输入非负小数，例如 ${example}。Enter a decimal, e.g. ${example.replace(' 或 ', ' or ')}.` };
  }
  const [, whole, frac = ''] = m;
  if (!m[3]) return { ok: true, value: frac ? `${whole}.${frac}` : whole };
  if (percent === 'fraction') return { ok: true, value: hundredth(whole, frac) };
  if (percent === 'unit') return { ok: true, value: frac ? `${whole}.${frac}` : whole };
  return { ok: false, message: '此处不接受百分号。No percent sign here.' };
}

/** Digits after the point of a decimal string, less two: the places a fraction needs as an exact percentage. */
export function percentDigits(value) {
  const frac = String(value).split('.')[1] ?? '';
  return frac.length > 2 ? frac.length - 2 : 0;
}
