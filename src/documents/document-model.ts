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
  commitment: string;
  thisCall: string;
  calledToDate: string;
  paidToDate: string;
  unfunded: string;
  /** 违约金 accrued on this investor's overdue calls as of the notice date, when the terms set a rate. */
  lateInterest?: string;
  issuedOn: IsoDate;
}

/** 分配通知书: one investor's part of one distribution, by waterfall tier. */
export interface DistributionNotice {
  kind: 'distribution_notice';
  fund: Party;
  investor: Party;
  distributionId: number;
  date: IsoDate;
  amount: string;
  returnOfCapital: string;
  preferredReturn: string;
  profit: string;
  carriedInterest: string;
  distributedToDate: string;
  issuedOn: IsoDate;
}

/** 出资人资本账户报告: one investor's capital account in one fund over a period. */
export interface CapitalAccountStatement {
  kind: 'capital_account_statement';
  fund: Party;
  investor: Party;
  from: IsoDate;
  to: IsoDate;
  commitment: string;
  called: string;
  paidIn: string;
  unfunded: string;
  distributions: { returnOfCapital: string; preferredReturn: string; profit: string; carriedInterest: string };
  fees: string;
  lateInterest: string;
  shareOfGains: string;
  navShare: string;
  /** The period's movements, oldest first; amounts signed (a distribution or fee is negative). */
  movements: Array<{ date: IsoDate; description: string; amount: string }>;
  issuedOn: IsoDate;
}

export type InvestorDocument = CapitalCallNotice | DistributionNotice | CapitalAccountStatement;
