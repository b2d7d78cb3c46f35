import type { IsoDate } from '../domain/dates';

/**
 * The plain data of the investor documents (docs/fund-terms.md): the fund's own figures, money as
 * yuan decimal strings (money.formatYuan), dates as YYYY-MM-DD. Each document is turned into a
 * DocumentLayout (document-layouts.ts), which both the HTML/PDF and the XLSX renderers draw.
 */
export interface Party {
  code: string;
  name: string;
}

/** 缴款通知书: one investor's part of one capital call. */
export interface CapitalCallNotice {
  kind: 'capital_call_notice';
  fund: Party;
  investor: Party;
  callId: number;
  callDate: IsoDate;
  dueDate: IsoDate;
  /** Commitment, called to date and unfunded: the investor's account once this call was made (at the call date). */
  commitment: string;
  thisCall: string;
  calledToDate: string;
  /** Paid-in to date, as of `asOf` (all calls). */
  paidToDate: string;
  unfunded: string;
  /** What the investor paid against this call by `asOf`, and what is still outstanding on it. */
  paidOnCall?: string;
  outstanding?: string;
  /** The date payments and late interest are counted to; the issue date unless asked otherwise. */
  asOf?: IsoDate;
  /** 违约金 accrued on this investor's part of the call as of `asOf`, when the terms set a rate. */
  lateInterest?: string;
  issuedOn: IsoDate;
}

/** The waterfall tiers of a distribution (docs/fund-terms.md), yuan strings. */
export interface DistributionTiers {
  returnOfCapital: string;
  preferredReturn: string;
  profit: string;
  carriedInterest: string;
}

/**
 * 分配通知书: one investor's part of one distribution. The tier parts are there when the allocation
 * carries them (a fund with terms, split by its waterfall); without them the whole amount is one
 * part, pro rata to paid-in.
 */
export interface DistributionNotice extends Partial<DistributionTiers> {
  kind: 'distribution_notice';
  fund: Party;
  investor: Party;
  distributionId: number;
  date: IsoDate;
  amount: string;
  /** Everything distributed to the investor by the distribution date, this one included. */
  distributedToDate: string;
  issuedOn: IsoDate;
}

/** One investor's capital account in one fund at the end of a day. */
export interface CapitalPosition {
  commitment: string;
  called: string;
  paidIn: string;
  unfunded: string;
  /** Distributed to the investor since the fund began. */
  distributed: string;
  /** Called and not yet paid: owed to the fund, not part of its capital account. */
  receivable: string;
  /** Late interest charged to it and not yet paid: a deduction from its capital account. */
  lateInterestOwed: string;
  /** Its capital account: what a wind-up of the fund at its NAV would pay it (HLBV, fund interests look-through). */
  navShare: string;
}

/** A movement of the period: amounts signed from the investor's side (a distribution or fee is negative). */
export interface StatementMovement {
  date: IsoDate;
  kind: 'commitment' | 'capital_call' | 'payment' | 'distribution' | 'fee' | 'compensation';
  /** The event's id (a call, payment, distribution or commitment id). */
  reference: number;
  description: string;
  amount: string;
}

/** 出资人资本账户报告: one investor's capital account in one fund over a period. */
export interface CapitalAccountStatement {
  kind: 'capital_account_statement';
  fund: Party;
  investor: Party;
  from: IsoDate;
  to: IsoDate;
  /** At the end of the day before `from`, and at the end of `to`. */
  opening: CapitalPosition;
  closing: CapitalPosition;
  /** The period's figures. */
  period: {
    called: string;
    paidIn: string;
    distributed: string;
    /** Distributions of the period by tier, when the allocations carry tiers. */
    distributions?: DistributionTiers;
    fees: string;
    /** 违约金 accrued in the period on the investor's overdue calls. */
    lateInterest: string;
    /** 违约金 charged to its account in the period, less what it paid of it. */
    lateInterestCharged: string;
    /** Compensation it paid and received in the period (equalisation and late interest): not capital. */
    compensationPaid: string;
    compensationReceived: string;
    /** closing NAV share − opening − paid in + distributed + fees + late interest charged: its gains and losses. */
    shareOfGains: string;
  };
  /** The period's movements, oldest first. */
  movements: StatementMovement[];
  issuedOn: IsoDate;
}

export type InvestorDocument = CapitalCallNotice | DistributionNotice | CapitalAccountStatement;
