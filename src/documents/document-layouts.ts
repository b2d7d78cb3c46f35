import type { CapitalAccountStatement, CapitalCallNotice, CapitalPosition, DistributionNotice, InvestorDocument } from './document-model';

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
  /** File name stem, ASCII: 'capital-call-notice-PHX-RELIEF-BANK-A-12'. */
  fileName: string;
  /** The same stem with the document's Chinese title: '缴款通知书-PHX-RELIEF-BANK-A-12'. */
  displayName: string;
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
  if (d.asOf !== undefined) call.push(date('计算日 asOf', d.asOf));
  if (d.paidOnCall !== undefined) call.push(money('本次已缴 paidOnCall', d.paidOnCall));
  if (d.outstanding !== undefined) call.push(money('本次未缴 outstanding', d.outstanding));
  if (d.lateInterest !== undefined) call.push(money('逾期违约金 lateInterest', d.lateInterest));
  const stem = `${d.fund.code}-${d.investor.code}-${d.callId}`;
  return {
    title: '缴款通知书 capital call notice',
    fileName: `capital-call-notice-${stem}`,
    displayName: `缴款通知书-${stem}`,
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
  const stem = `${d.fund.code}-${d.investor.code}-${d.distributionId}`;
  return {
    title: '分配通知书 distribution notice',
    fileName: `distribution-notice-${stem}`,
    displayName: `分配通知书-${stem}`,
    sections: [
      parties(d),
      {
        heading: '本次分配 this distribution',
        fields: [
          text('分配编号 distributionId', String(d.distributionId)),
          date('分配日期 date', d.date),
          money('本次分配金额 amount', d.amount),
          ...distributionParts(d),
          money('累计已分配 distributedToDate', d.distributedToDate),
        ],
      },
    ],
    tables: [],
  };
}

/** The waterfall tiers when the allocation carries them; else the whole amount as its one part. */
function distributionParts(d: DistributionNotice): LayoutField[] {
  if (d.returnOfCapital === undefined || d.preferredReturn === undefined || d.profit === undefined || d.carriedInterest === undefined) {
    return [money('按实缴出资比例分配 proRataToPaidIn', d.amount)];
  }
  return [
    money('返还实缴出资 returnOfCapital', d.returnOfCapital),
    money('门槛收益 preferredReturn', d.preferredReturn),
    money('超额收益 profit', d.profit),
    money('业绩报酬 carriedInterest', d.carriedInterest),
  ];
}

const POSITION_ROWS: Array<[string, keyof CapitalPosition]> = [
  ['认缴出资额 commitment', 'commitment'],
  ['已催缴 called', 'called'],
  ['已实缴 paidIn', 'paidIn'],
  ['未催缴出资 unfunded', 'unfunded'],
  ['累计分配 distributed', 'distributed'],
  ['应缴未缴 receivable', 'receivable'],
  ['应付违约金 lateInterestOwed', 'lateInterestOwed'],
  ['资本账户净值 navShare', 'navShare'],
];

function statement(d: CapitalAccountStatement): DocumentLayout {
  const stem = `${d.fund.code}-${d.investor.code}-${d.from}-${d.to}`;
  const p = d.period;
  const byTier = p.distributions
    ? [
        money('返还实缴出资 returnOfCapital', p.distributions.returnOfCapital),
        money('门槛收益 preferredReturn', p.distributions.preferredReturn),
        money('超额收益 profit', p.distributions.profit),
        money('业绩报酬 carriedInterest', p.distributions.carriedInterest),
      ]
    : [];
  return {
    title: '出资人资本账户报告 capital account statement',
    fileName: `capital-account-statement-${stem}`,
    displayName: `出资人资本账户报告-${stem}`,
    sections: [
      { ...parties(d), fields: [...parties(d).fields, date('期间起 from', d.from), date('期间止 to', d.to)] },
      {
        heading: '本期 this period',
        fields: [
          money('本期催缴 called', p.called),
          money('本期实缴 paidIn', p.paidIn),
          money('本期分配 distributed', p.distributed),
          ...byTier,
          money('管理费 fees', p.fees),
          money('逾期违约金 lateInterest', p.lateInterest),
          money('计入资本账户的违约金 lateInterestCharged', p.lateInterestCharged),
          money('已付补偿 compensationPaid', p.compensationPaid),
          money('已收补偿 compensationReceived', p.compensationReceived),
          money('收益份额 shareOfGains', p.shareOfGains),
        ],
      },
    ],
    tables: [
      {
        heading: '资本账户 capital account',
        columns: [
          { label: '项目 item', kind: 'text' },
          { label: `期初 opening（${d.from}前 before）`, kind: 'money' },
          { label: `期末 closing（${d.to}）`, kind: 'money' },
        ],
        rows: POSITION_ROWS.map(([label, key]) => [label, d.opening[key], d.closing[key]]),
      },
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
