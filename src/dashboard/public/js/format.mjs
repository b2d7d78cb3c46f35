// Display formats for the API's decimal strings. Money is converted exactly (integer fen in BigInt),
// never through floating point, so the readable figure is the exact one correctly rounded.

const MONEY = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;
const FEN_PER_YI = 10_000_000_000n; // 1亿元 = 100,000,000 yuan = 10^10 fen
const FEN_PER_WAN = 1_000_000n; // 1万元 = 10,000 yuan = 10^6 fen

/** "1234.5" -> 123450n (fen); null for anything that is not a money string. */
export function toFen(amount) {
  const m = MONEY.exec(String(amount ?? '').trim());
  if (!m) return null;
  const fen = BigInt(m[2] + (m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

function groupDigits(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** fen / unit rounded half away from zero to `decimals` places, trailing zeros dropped: "3.01", "20", "-0.5". */
function divideRounded(fen, unit, decimals) {
  const negative = fen < 0n;
  const scale = 10n ** BigInt(decimals);
  const magnitude = negative ? -fen : fen;
  const q = (magnitude * scale * 2n + unit) / (2n * unit);
  const whole = groupDigits((q / scale).toString());
  const frac = (q % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  const text = frac ? `${whole}.${frac}` : whole;
  return negative && q !== 0n ? `-${text}` : text;
}

/** Readable amount: "20亿元", "3.01亿元", "4,050万元", "980元"; "—" when absent. */
export function readableYuan(amount) {
  const fen = toFen(amount);
  if (fen === null) return '—';
  const magnitude = fen < 0n ? -fen : fen;
  // Whatever would round to 10,000万 or more reads as 亿.
  if (magnitude * 2n >= FEN_PER_YI * 2n - FEN_PER_WAN / 100n) return `${divideRounded(fen, FEN_PER_YI, 2)}亿元`;
  if (magnitude >= FEN_PER_WAN) return `${divideRounded(fen, FEN_PER_WAN, 2)}万元`;
  return `${divideRounded(fen, 100n, 2)}元`;
}

/** Exact amount for a tooltip: "2,000,000,000.00 元". */
export function exactYuan(amount) {
  const fen = toFen(amount);
  if (fen === null) return '—';
  const magnitude = fen < 0n ? -fen : fen;
  const whole = groupDigits((magnitude / 100n).toString());
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${fen < 0n ? '-' : ''}${whole}.${cents} 元`;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "2.2750" -> { units: 22750n, scale: 4 }; null for anything that is not a plain decimal string. */
function parseDecimal(text) {
  if (text === null || text === undefined) return null;
  const m = DECIMAL.exec(String(text).trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  const units = BigInt(m[2] + frac);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

/** units / 10^scale, times 10^shift, rounded half away from zero to `digits` places, as a string. */
function roundDecimal({ units, scale }, digits, shift = 0) {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const num = magnitude * 10n ** BigInt(digits + shift);
  const den = 10n ** BigInt(scale);
  const q = (num * 2n + den) / (2n * den);
  const scaleOut = 10n ** BigInt(digits);
  const whole = (q / scaleOut).toString();
  const text = digits > 0 ? `${whole}.${(q % scaleOut).toString().padStart(digits, '0')}` : whole;
  return negative && q !== 0n ? `-${text}` : text;
}

/**
 * a / b for two money strings as a decimal string with 6 places (exact, rounded half up), for
 * percentages and bar widths; null when either is absent or b is zero.
 */
export function moneyRatio(a, b) {
  const x = toFen(a);
  const y = toFen(b);
  if (x === null || y === null || y === 0n) return null;
  return decimalRatio({ units: x, scale: 0 }, { units: y, scale: 0 });
}

/** a / b for two decimal strings (ratios), as a decimal string with 6 places; null when b is absent or zero. */
export function ratioOf(a, b) {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y || y.units === 0n) return null;
  return decimalRatio(x, y);
}

function decimalRatio(x, y) {
  // x/y = (x.units * 10^y.scale) / (y.units * 10^x.scale); carried to 6 places with half-up rounding.
  const negative = (x.units < 0n) !== (y.units < 0n) && x.units !== 0n;
  const num = (x.units < 0n ? -x.units : x.units) * 10n ** BigInt(y.scale) * 1_000_000n;
  const den = (y.units < 0n ? -y.units : y.units) * 10n ** BigInt(x.scale);
  const q = (num * 2n + den) / (2n * den);
  return roundDecimal({ units: negative ? -q : q, scale: 6 }, 6);
}

/** "0.3500" -> "0.35×"; "2.2750" -> "2.28×" (half up, from the decimal string, never a float). */
export function multiple(ratio) {
  const d = parseDecimal(ratio);
  return d ? `${roundDecimal(d, 2)}×` : '—';
}

/** "0.0847" -> "8.47%"; "-0.4398" -> "-43.98%" */
export function percent(ratio, digits = 2) {
  const d = parseDecimal(ratio);
  return d ? `${roundDecimal(d, digits, 2)}%` : '—';
}

/** A ratio as a CSS width: its percentage clamped to 0%..100%, one decimal, e.g. "37.5%"; "0%" when absent. */
export function barWidth(ratio, scale = '1') {
  const d = parseDecimal(ratio);
  const k = parseDecimal(scale);
  if (!d || !k || d.units <= 0n) return '0%';
  const capped = d.units >= 10n ** BigInt(d.scale) ? { units: 1n, scale: 0 } : d;
  return `${roundDecimal({ units: capped.units * k.units, scale: capped.scale + k.scale }, 1, 2)}%`;
}

/** True for a plain decimal string such as "-0.4398". */
export function isDecimal(value) {
  return parseDecimal(value) !== null;
}

/** Compares two decimal strings exactly: negative, zero or positive, like a sort comparator. */
export function compareDecimal(a, b) {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const left = x.units * 10n ** BigInt(y.scale);
  const right = y.units * 10n ** BigInt(x.scale);
  return left < right ? -1 : left > right ? 1 : 0;
}

const PRICE = /^(-?)(\d+)(?:\.(\d{1,4}))?$/;

/** "9.4050" -> "9.41 元": share prices carry up to 4 decimals; two, rounded half up exactly, are enough to read. */
export function price(value) {
  const m = PRICE.exec(String(value ?? '').trim());
  if (!m) return '—';
  const tenThousandths = BigInt(m[2] + (m[3] ?? '').padEnd(4, '0'));
  const cents = (tenThousandths + 50n) / 100n;
  return `${m[1]}${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')} 元`;
}

export const LEVELS = {
  normal: { zh: '正常', en: 'normal', rank: 0 },
  elevated: { zh: '关注', en: 'elevated', rank: 1 },
  warning: { zh: '预警', en: 'warning', rank: 2 },
  critical: { zh: '平仓', en: 'critical', rank: 3 },
};

export const DECISIONS = {
  eligible: { zh: '符合', en: 'eligible' },
  needs_review: { zh: '待复核', en: 'needs review' },
  ineligible: { zh: '不符合', en: 'ineligible' },
};

export const ROUTES = {
  relief: { zh: '纾困', en: 'relief' },
  ma: { zh: '并购', en: 'M&A' },
};

export const FUND_TYPES = ROUTES;

export const FUND_STATUSES = {
  planned: { zh: '筹备中', en: 'planned' },
  active: { zh: '运作中', en: 'active' },
  closed: { zh: '已清算', en: 'closed' },
};

/** Label text "预警 warning" for a code in one of the tables above; the raw code when unknown. */
export function label(table, code) {
  const entry = code === null || code === undefined ? null : table[code];
  return entry ? `${entry.zh} ${entry.en}` : code ?? '—';
}

/** Today's date in the fund's time zone, YYYY-MM-DD (for download file names). */
export function todayInShanghai(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
