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

/** a / b for two money strings as a plain number (for drawing bars only); NaN when b is absent or zero. */
export function moneyRatio(a, b) {
  const x = toFen(a);
  const y = toFen(b);
  if (x === null || y === null || y === 0n) return NaN;
  return Number((x * 1_000_000n) / y) / 1_000_000;
}

/** "0.3500" -> "0.35×" */
export function multiple(ratio) {
  const n = Number(ratio);
  return ratio === null || ratio === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(2)}×`;
}

/** "0.0847" -> "8.47%"; "-0.4398" -> "-43.98%" */
export function percent(ratio, digits = 2) {
  const n = Number(ratio);
  return ratio === null || ratio === undefined || ratio === '' || !Number.isFinite(n) ? '—' : `${(n * 100).toFixed(digits)}%`;
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
