import { addMonths, type IsoDate } from '../dates';
import type { Party } from './applicant';
import type { Criterion, Outcome } from './criterion';
import { missing, result } from './criterion';

const PARTIES = [
  { key: 'controllingShareholder', zh: '控股股东', en: 'controlling shareholder' },
  { key: 'actualController', zh: '实际控制人', en: 'actual controller' },
] as const;

/**
 * Violations of one party within the look-back window: counted from dated violations when given;
 * otherwise from the 36-month count, which settles a window of another length only when it can
 * (a zero count over 36 months is zero over fewer; a positive count is one over more).
 */
function violationOutcome(party: Party | undefined, lookBackMonths: number, maxAllowed: number, screenedOn: IsoDate): { outcome: Outcome; count?: number } {
  if (party?.violations !== undefined) {
    const since = addMonths(screenedOn, -lookBackMonths);
    const count = party.violations.filter((v) => v.date >= since && v.date <= screenedOn).length;
    return { outcome: count > maxAllowed ? 'fail' : 'pass', count };
  }
  const count = party?.majorViolations36m;
  if (count === undefined) return { outcome: 'review' };
  if (lookBackMonths === 36 || (lookBackMonths < 36 && count <= maxAllowed) || (lookBackMonths > 36 && count > maxAllowed)) {
    return { outcome: count > maxAllowed ? 'fail' : 'pass', count };
  }
  return { outcome: 'review', count };
}

/** No major violation of law by the controlling shareholder or actual controller in the look-back window. */
export const noMajorViolation: Criterion = (a, rules, screenedOn) => {
  const id = 'no_major_violation';
  const months = rules.violationLookBackMonths;
  const checks = PARTIES.map((p) => ({ ...p, ...violationOutcome(a[p.key], months, rules.maxMajorViolations, screenedOn) }));
  const failing = checks.filter((c) => c.outcome === 'fail');
  if (failing.length > 0) {
    return result(
      id,
      'fail',
      failing.map((c) => `${c.zh}近 ${months} 个月有 ${c.count} 项重大违法违规`).join('；'),
      failing.map((c) => `${c.en} has ${c.count} major violation(s) in the last ${months} months`).join('; '),
    );
  }
  const unknown = checks.filter((c) => c.outcome === 'review');
  if (unknown.length > 0) {
    return missing(id, unknown.map((c) => (c.count === undefined ? `${c.key}.majorViolations36m` : `${c.key}.violations (dated, for a ${months}-month window)`)));
  }
  return result(id, 'pass', `控股股东与实际控制人近 ${months} 个月无重大违法违规`, `no major violation by the controlling shareholder or actual controller in the last ${months} months`);
};

/** The company, controlling shareholder and actual controller are all absent from the 失信被执行人 list. */
export const noDishonestyRecord: Criterion = (a) => {
  const id = 'no_dishonesty_record';
  const flags = [
    { field: 'companyDishonestDebtor', value: a.companyDishonestDebtor, zh: '公司', en: 'the company' },
    { field: 'controllingShareholder.dishonestDebtor', value: a.controllingShareholder?.dishonestDebtor, zh: '控股股东', en: 'the controlling shareholder' },
    { field: 'actualController.dishonestDebtor', value: a.actualController?.dishonestDebtor, zh: '实际控制人', en: 'the actual controller' },
  ];
  const listedAsDebtor = flags.filter((f) => f.value === true);
  if (listedAsDebtor.length > 0) {
    return result(
      id,
      'fail',
      `${listedAsDebtor.map((f) => f.zh).join('、')}被列为失信被执行人`,
      `${listedAsDebtor.map((f) => f.en).join(', ')} on the dishonest-judgment-debtor list`,
    );
  }
  const absent = flags.filter((f) => f.value === undefined).map((f) => f.field);
  if (absent.length > 0) return missing(id, absent);
  return result(id, 'pass', '公司、控股股东与实际控制人均无失信记录', 'no dishonesty record for the company, controlling shareholder or actual controller');
};
