import type { CapitalAccountStatement, CapitalCallNotice, DistributionNotice, InvestorDocument } from './document-model';

/** One labelled value; every label is Chinese text with the English key. */
export interface LayoutField {
  label: string;
  value: string;
  kind: 'text' | 'date' | 'money';
}

export interface LayoutTable {
  heading: string;
  columns: Array<{ label: string; kind: LayoutField['kind'] }>;
  rows: string[][];
}

/** What a document shows, in order, independent of PDF or XLSX. */
export interface DocumentLayout {
  title: string;
  /** File name stem, ASCII: 'capital-call-notice-12-BANK-A'. */
  fileName: string;
  sections: Array<{ heading: string; fields: LayoutField[] }>;
  tables: LayoutTable[];
  note?: string;
}

const text = (label: string, value: string): LayoutField => ({ label, value, kind: 'text' });
const date = (label: string, value: string): LayoutField => ({ label, value, kind: 'date' });
const money = (label: string, value: string): LayoutField => ({ label, value, kind: 'money' });

function parties(d: InvestorDocument) {
  return {
    heading: '基本信息 parties',
    fields: [
      text('基金 fund', `${d.fund.name}（${d.fund.code}）`),
      text('出资人 investor', `${d.investor.name}（${d.investor.code}）`),
      date('出具日期 issuedOn', d.issuedOn),
    ],
  };
}

export function layoutOf(d: InvestorDocument): DocumentLayout {
  switch (d.kind) {
    case 'capital_call_notice':
      return callNotice(d);
    case 'distribution_notice':
      return distributionNotice(d);
    case 'capital_account_statement':
      return statement(d);
  }
}

function callNotice(d: CapitalCallNotice): DocumentLayout {
  const call = [
    text('缴款编号 callId', String(d.callId)),
    date('通知日期 callDate', d.callDate),
    date('缴款截止日 dueDate', d.dueDate),
    money('本次应缴金额 thisCall', d.thisCall),
  ];
  if (d.lateInterest !== undefined) call.push(money('逾期违约金 lateInterest', d.lateInterest));
  return {
    title: '缴款通知书 capital call notice',
    fileName: `capital-call-notice-${d.callId}-${d.investor.code}`,
    sections: [
      parties(d),
      { heading: '本次缴款 this call', fields: call },
      {
        heading: '出资情况 capital account',
        fields: [
          money('认缴出资额 commitment', d.commitment),
          money('累计已催缴 calledToDate', d.calledToDate),
          money('累计已实缴 paidToDate', d.paidToDate),
          money('未催缴出资 unfunded', d.unfunded),
        ],
      },
    ],
    tables: [],
    note: '请于缴款截止日前将应缴金额汇入基金托管账户 please pay the amount called into the fund’s custody account by the due date',
  };
}

function distributionNotice(d: DistributionNotice): DocumentLayout {
  return {
    title: '分配通知书 distribution notice',
    fileName: `distribution-notice-${d.distributionId}-${d.investor.code}`,
    sections: [
      parties(d),
      {
        heading: '本次分配 this distribution',
        fields: [
          text('分配编号 distributionId', String(d.distributionId)),
          date('分配日期 date', d.date),
          money('本次分配金额 amount', d.amount),
          money('返还实缴出资 returnOfCapital', d.returnOfCapital),
          money('门槛收益 preferredReturn', d.preferredReturn),
          money('超额收益 profit', d.profit),
          money('业绩报酬 carriedInterest', d.carriedInterest),
          money('累计已分配 distributedToDate', d.distributedToDate),
        ],
      },
    ],
    tables: [],
  };
}

function statement(d: CapitalAccountStatement): DocumentLayout {
  return {
    title: '出资人资本账户报告 capital account statement',
    fileName: `capital-account-statement-${d.fund.code}-${d.investor.code}-${d.to}`,
    sections: [
      { ...parties(d), fields: [...parties(d).fields, date('期间起 from', d.from), date('期间止 to', d.to)] },
      {
        heading: '出资 capital',
        fields: [
          money('认缴出资额 commitment', d.commitment),
          money('已催缴 called', d.called),
          money('已实缴 paidIn', d.paidIn),
          money('未催缴出资 unfunded', d.unfunded),
        ],
      },
      {
        heading: '分配（按层级）distributions by tier',
        fields: [
          money('返还实缴出资 returnOfCapital', d.distributions.returnOfCapital),
          money('门槛收益 preferredReturn', d.distributions.preferredReturn),
          money('超额收益 profit', d.distributions.profit),
          money('业绩报酬 carriedInterest', d.distributions.carriedInterest),
        ],
      },
      {
        heading: '损益与净值 results and NAV',
        fields: [
          money('管理费 fees', d.fees),
          money('逾期违约金 lateInterest', d.lateInterest),
          money('收益份额 shareOfGains', d.shareOfGains),
          money('资本账户净值 navShare', d.navShare),
        ],
      },
    ],
    tables: [
      {
        heading: '本期变动 movements',
        columns: [
          { label: '日期 date', kind: 'date' },
          { label: '摘要 description', kind: 'text' },
          { label: '金额 amount', kind: 'money' },
        ],
        rows: d.movements.map((m) => [m.date, m.description, m.amount]),
      },
    ],
  };
}
