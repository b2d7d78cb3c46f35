import { formatYuan } from '../../domain/money';
import { CHANGE_LINES } from '../../domain/funds/changes-in-net-assets';
import type { FundChanges } from '../../application/changes-in-net-assets-service';

/**
 * A statement of changes in net assets as JSON: each line's amount in yuan under its key, and the
 * lines in statement order with their Chinese and English labels and their sign in the identity.
 */
export function presentChanges({ fund, from, to, changes }: FundChanges) {
  return {
    fund: fund.code,
    name: fund.name,
    from,
    to,
    navBasis: 'booked',
    ...Object.fromEntries(CHANGE_LINES.map((line) => [line.key, formatYuan(changes[line.key])])),
    lines: CHANGE_LINES.map((line) => ({ key: line.key, label: line.label, sign: line.sign, amount: formatYuan(changes[line.key]) })),
  };
}
