// Money as people type it: "1,234.56", "1.5亿", "3000万元", "１２万". Parsed to the API's yuan string
// ("150000000.00") in BigInt fen, never through floating point: "0.1亿" is exactly 10,000,000.00.

const UNITS = { '': 1n, 万: 10_000n, 亿: 100_000_000n };
const FULLWIDTH_DIGIT = /[０-９]/g;
const TYPED = /^(-?)(\d+)(?:\.(\d+))?(万|亿)?$/;
/** The API's limit (moneySchema): at most 15 digits of whole yuan. */
const MAX_WHOLE_DIGITS = 15;

/** Unifies what a Chinese keyboard produces: full-width digits, full-width point and comma, spaces, a trailing 元. */
function normalise(text) {
  return String(text ?? '')
    .replace(FULLWIDTH_DIGIT, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s_]/g, '')
    .replace(/元$/, '');
}

/**
 * Parses a typed amount. Returns { ok: true, yuan: "150000000.00", fen } or
 * { ok: false, message } with a bilingual reason (empty, not a number, finer than a fen, negative, too large).
 */
export function parseYuan(text) {
  const plain = normalise(text);
  if (plain === '') return { ok: false, message: '请输入金额。Enter an amount.' };
  const m = TYPED.exec(plain);
  if (!m) return { ok: false, message: '金额格式不正确，例如 1,000.00、3000万、1.5亿。Not an amount: e.g. 1,000.00, 3000万, 1.5亿.' };
  if (m[1] === '-') return { ok: false, message: '金额不能为负。An amount cannot be negative.' };
  const frac = m[3] ?? '';
  const perYuan = UNITS[m[4] ?? ''];
  // value = digits / 10^frac.length × perYuan yuan; in fen: × 100.
  const numerator = BigInt(m[2] + frac) * perYuan * 100n;
  const denominator = 10n ** BigInt(frac.length);
  if (numerator % denominator !== 0n) return { ok: false, message: '金额最多精确到分。An amount has at most 2 decimals (fen).' };
  const fen = numerator / denominator;
  const yuan = fenToYuan(fen);
  if (yuan.split('.')[0].length > MAX_WHOLE_DIGITS) return { ok: false, message: '金额过大。The amount is too large.' };
  return { ok: true, yuan, fen };
}

/** 123450n -> "1234.50" */
export function fenToYuan(fen) {
  const negative = fen < 0n;
  const magnitude = negative ? -fen : fen;
  return `${negative ? '-' : ''}${magnitude / 100n}.${(magnitude % 100n).toString().padStart(2, '0')}`;
}

/**
 * The typed text with its amount scaled by 万 or 亿 ("3000" + 万 -> "3000万"); a text that already
 * carries a unit gets the new one instead. Used by the 万/亿 buttons beside an amount field.
 */
export function withUnit(text, unit) {
  if (!(unit in UNITS)) throw new Error(`unknown unit ${unit}`);
  const plain = normalise(text).replace(/[万亿]$/, '');
  return plain === '' ? '' : `${plain}${unit}`;
}
