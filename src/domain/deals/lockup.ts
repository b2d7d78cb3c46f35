import { addDays, addMonths, isIsoDate, type IsoDate } from '../dates';
import { DomainError, type FieldError } from '../errors';
import {
  MAJOR_HOLDER_PERCENT,
  rulesInForce,
  SELLING_RULES,
  type AcquisitionMode,
  type HolderCategory,
  type LimitedChannel,
  type SellingRule,
} from './selling-rules';
import { limitedBy, sharePercent, soldBetween, type Sale } from './holder-status';

export type { Sale, SaleChannel } from './holder-status';

export interface LockupInput {
  acquisitionMode: AcquisitionMode | null;
  /** For a private placement the issue-end date (发行结束之日), from which the lock-up runs; else the trade date. */
  acquiredOn: IsoDate;
  holderCategory: HolderCategory;
  /** The holder's own undertaking (承诺), when it locks the shares longer than the rules do. */
  contractualLockupEndsOn?: IsoDate | null;
}

export interface Lockup {
  /** The LAST day the shares are locked; they may be sold from the next day. Null when nothing locks them. */
  lockupEndsOn: IsoDate | null;
  /** The id of the rule that sets the end; 'contractual' when the undertaking ends later; null when not locked. */
  rule: string | null;
}

/**
 * A lock-up of N months from the acquisition date D ends on addMonths(D, N): the Civil Code does not count
 * the first day (第二百零一条) and ends a period of months on the corresponding day, or on the month's last day
 * when there is none (第二百零二条). Shares issued 2024-01-10 with 6 months are locked until 2024-07-10.
 */
export function lockupEndsOn(input: LockupInput, rules: readonly SellingRule[] = SELLING_RULES): Lockup {
  const row = input.acquisitionMode === null
    ? undefined
    : rulesInForce('lockup', input.acquiredOn, rules).find(
        (r) => r.acquisitionMode === input.acquisitionMode && (r.holderCategory === 'any' || r.holderCategory === input.holderCategory),
      );
  const statutory = row ? addMonths(input.acquiredOn, row.months) : null;
  const contractual = input.contractualLockupEndsOn ?? null;
  if (contractual !== null && (statutory === null || contractual > statutory)) return { lockupEndsOn: contractual, rule: 'contractual' };
  return { lockupEndsOn: statutory, rule: row?.id ?? null };
}

export interface SellableInput extends LockupInput {
  /** Names the shares in messages, e.g. "600000.SH". */
  stockCode?: string;
  /** Shares of this holding on `asOf`, after the sales listed. */
  sharesHeld: number;
  totalShares: number | null;
  /** Shares the holder and its concert parties (一致行动人) hold, for the 5% test; defaults to sharesHeld. */
  holderShares?: number | null;
  asOf: IsoDate;
  /** This holding's sales; those dated after `asOf` are ignored. */
  sales: readonly Sale[];
}

export interface ChannelLimit {
  rule: string;
  percent: number;
  /** floor(totalShares × percent / 100). */
  limitShares: number;
  soldInWindow: number;
  why: string;
}

export interface Sellable {
  lockupEndsOn: IsoDate | null;
  lockupRule: string | null;
  /** The 90 days from asOf, both inclusive, over which the figures may be sold. */
  window: { from: IsoDate; to: IsoDate };
  /** Sales from this day to asOf count against the limits (the window's 90 days ending on asOf). */
  soldSince: IsoDate;
  /** Each figure alone: together they never exceed sharesHeld. Null when totalShares is unknown. */
  exchange: number | null;
  blockTrade: number | null;
  agreementTransfer: { minimum: number } | null;
  /** Whether a percentage limit caps the figures; null when it cannot be told (totalShares unknown). */
  limited: boolean | null;
  reason: string;
  caps: { exchange: ChannelLimit | null; blockTrade: ChannelLimit | null };
  /** While locked: the figures from the first free day, when that day falls within the window. */
  afterLockup: { from: IsoDate; exchange: number | null; blockTrade: number | null } | null;
}

const WINDOW_DAYS = 90;

/**
 * What may be sold from `asOf` over the next 90 days. While locked, nothing. Otherwise, for a holder the
 * limits apply to, floor(total × 1%) on the exchange and floor(total × 2%) by block trade, less that
 * channel's sales of the 90 days ending on asOf. The figure is safe over the whole window: every 90-day span
 * that contains a day of the window sees at most those past sales. It can be low: room freed by a sale
 * leaving the look-back during the window is not counted; ask again on a later date.
 * @throws DomainError VALIDATION_FAILED when a share count is not a whole number or a date is not a date
 */
export function sellableShares(input: SellableInput, rules: readonly SellingRule[] = SELLING_RULES): Sellable {
  assertInput(input);
  const lock = lockupEndsOn(input, rules);
  const window = { from: input.asOf, to: addDays(input.asOf, WINDOW_DAYS - 1) };
  const soldSince = addDays(input.asOf, -(WINDOW_DAYS - 1));
  const base = { lockupEndsOn: lock.lockupEndsOn, lockupRule: lock.rule, window, soldSince };
  if (lock.lockupEndsOn !== null && input.asOf <= lock.lockupEndsOn) {
    const firstFree = addDays(lock.lockupEndsOn, 1);
    const later = firstFree <= window.to ? unlocked({ ...input, asOf: firstFree }, rules) : null;
    return {
      ...base,
      exchange: 0,
      blockTrade: 0,
      agreementTransfer: null,
      limited: true,
      reason: `locked until ${lock.lockupEndsOn} (${lock.rule}); sellable from ${firstFree}`,
      caps: { exchange: null, blockTrade: null },
      afterLockup: later ? { from: firstFree, exchange: later.exchange, blockTrade: later.blockTrade } : null,
    };
  }
  return { ...base, ...unlocked(input, rules), afterLockup: null };
}

type Figures = Pick<Sellable, 'exchange' | 'blockTrade' | 'agreementTransfer' | 'limited' | 'reason' | 'caps'>;

function unlocked(input: SellableInput, rules: readonly SellingRule[]): Figures {
  const total = input.totalShares;
  if (total === null) {
    return {
      exchange: null,
      blockTrade: null,
      agreementTransfer: null,
      limited: null,
      reason: "the company's total shares are unknown, so the 1% and 2% limits and the 5% tests cannot be computed",
      caps: { exchange: null, blockTrade: null },
    };
  }
  const cap = (channel: LimitedChannel): ChannelLimit | null => {
    const row = rulesInForce('selling_limit', input.asOf, rules).find((r) => r.channel === channel);
    const why = row ? limitedBy(input, row, total, rules) : null;
    if (!row || why === null) return null;
    const sold = soldBetween(input.sales, channel, addDays(input.asOf, -(row.windowDays - 1)), input.asOf);
    return { rule: row.id, percent: row.percent, limitShares: percentOfTotal(total, row.percent, 'floor'), soldInWindow: sold, why };
  };
  const caps = { exchange: cap('exchange'), blockTrade: cap('block_trade') };
  const figure = (c: ChannelLimit | null) => (c === null ? input.sharesHeld : clamp(c.limitShares - c.soldInWindow, input.sharesHeld));
  const minimumRow = rulesInForce('transfer_minimum', input.asOf, rules)[0];
  const held = input.holderShares ?? input.sharesHeld;
  const applied = [caps.exchange, caps.blockTrade].filter((c): c is ChannelLimit => c !== null);
  return {
    exchange: figure(caps.exchange),
    blockTrade: figure(caps.blockTrade),
    agreementTransfer: { minimum: minimumRow ? percentOfTotal(total, minimumRow.percent, 'ceil') : 0 },
    limited: applied.length > 0,
    reason: applied.length > 0
      ? `${[...new Set(applied.map((c) => c.why))].join('; ')}: ${applied.map((c) => `${c.percent}% per ${WINDOW_DAYS} days (${c.rule})`).join(', ')}`
      : `holds ${sharePercent(held, total)} of total shares, below ${MAJOR_HOLDER_PERCENT}%, and no specific shares: no selling limit`,
    caps,
  };
}

export interface SaleRequest extends Omit<SellableInput, 'asOf'> {
  channel: Sale['channel'];
  shares: number;
  date: IsoDate;
}


const CHANNEL_WORDS: Record<Sale['channel'], string> = {
  exchange: 'on the exchange',
  block_trade: 'by block trade',
  agreement_transfer: 'by agreement transfer',
  buyback: 'by buyback',
};

/**
 * Null when the sale is allowed, else the refusal. A buyback (the counterparty or the company repurchasing,
 * e.g. under a performance undertaking) is never limited by these rules, locked or not.
 * @throws DomainError VALIDATION_FAILED when a share count is not a whole number or a date is not a date
 */
export function sellingLimitProblem(request: SaleRequest, rules: readonly SellingRule[] = SELLING_RULES): DomainError | null {
  if (request.channel === 'buyback') return null;
  if (!Number.isSafeInteger(request.shares) || request.shares <= 0) throw DomainError.validation([{ field: 'shares', message: 'must be a whole number of shares above 0' }]);
  const s = sellableShares({ ...request, asOf: request.date }, rules);
  const { channel, shares } = request;
  const what = `selling ${grouped(shares)} shares of ${request.stockCode ?? 'the company'} ${CHANNEL_WORDS[channel]} on ${request.date}`;
  const c = channel === 'exchange' ? s.caps.exchange : channel === 'block_trade' ? s.caps.blockTrade : null;
  const sellable = channel === 'exchange' ? s.exchange : channel === 'block_trade' ? s.blockTrade : s.agreementTransfer === null ? null : request.sharesHeld;
  const refuse = (message: string, rule = c?.rule ?? s.lockupRule) =>
    new DomainError('SELLING_LIMIT_EXCEEDED', message, {
      channel, shares, sellable, lockupEndsOn: s.lockupEndsOn, limitPercent: c ? `${c.percent}%` : null, windowFrom: s.window.from,
      windowTo: s.window.to, soldInWindow: c?.soldInWindow ?? null, soldSince: s.soldSince, totalShares: request.totalShares, rule,
    });
  if (s.lockupEndsOn !== null && request.date <= s.lockupEndsOn) {
    return refuse(`${what} is refused: the shares are locked until ${s.lockupEndsOn} (${s.lockupRule}), sellable from ${addDays(s.lockupEndsOn, 1)}`);
  }
  if (request.totalShares === null) return refuse(`${what} cannot be checked against the selling limits: ${s.reason}`);
  const minimumRow = rulesInForce('transfer_minimum', request.date, rules)[0];
  if (channel === 'agreement_transfer' && minimumRow && shares < (s.agreementTransfer?.minimum ?? 0)) {
    return refuse(
      `${what} is refused: an agreement transfer needs at least ${minimumRow.percent}% of the ${grouped(request.totalShares)} total shares ` +
        `per transferee, ${grouped(s.agreementTransfer?.minimum ?? 0)} shares (${minimumRow.id})`,
      minimumRow.id,
    );
  }
  if (sellable !== null && shares > sellable) {
    return refuse(c === null
      ? `${what} exceeds the ${grouped(request.sharesHeld)} shares held`
      : `${what} exceeds the ${c.percent}% per ${WINDOW_DAYS} days limit: ${grouped(sellable)} sellable from ${s.window.from} to ${s.window.to} ` +
          `(${grouped(c.soldInWindow)} sold since ${s.soldSince}; ${c.why})`);
  }
  return null;
}

/** floor or ceil of total × percent / 100, in integers. */
function percentOfTotal(total: number, percent: number, round: 'floor' | 'ceil'): number {
  const product = BigInt(total) * BigInt(percent);
  return Number(round === 'floor' ? product / 100n : (product + 99n) / 100n);
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(value, 0), max);
}

function grouped(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function assertInput(input: SellableInput): void {
  const errors: FieldError[] = [];
  const whole = (field: string, value: number | null | undefined, min: number) => {
    if (value !== null && value !== undefined && (!Number.isSafeInteger(value) || value < min)) errors.push({ field, message: `must be a whole number from ${min}` });
  };
  whole('sharesHeld', input.sharesHeld, 0);
  whole('totalShares', input.totalShares, 1);
  whole('holderShares', input.holderShares, 0);
  const dates = { asOf: input.asOf, acquiredOn: input.acquiredOn, contractualLockupEndsOn: input.contractualLockupEndsOn ?? null };
  for (const [field, date] of Object.entries(dates)) {
    if (date !== null && !isIsoDate(date)) errors.push({ field, message: 'must be a date YYYY-MM-DD' });
  }
  input.sales.forEach((sale, i) => {
    whole(`sales.${i}.shares`, sale.shares, 1);
    if (!isIsoDate(sale.date)) errors.push({ field: `sales.${i}.date`, message: 'must be a date YYYY-MM-DD' });
  });
  if (errors.length > 0) throw DomainError.validation(errors);
}
