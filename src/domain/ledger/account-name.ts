import { DomainError } from '../errors';

/**
 * Accounts are colon-separated names an accounting tool (hledger) reads as a tree:
 * `<kind>:<FUND>:<rest…>`, e.g. `assets:PHX:cash`, `equity:PHX:contributed:YH-IF`,
 * `memo:PHX:commitments:uncalled:YH-IF`. The second segment is the fund (the accounting entity).
 */
export const ACCOUNT_KINDS = ['assets', 'liabilities', 'equity', 'income', 'expenses', 'memo'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_ACCOUNT_LENGTH = 200;

export function account(kind: AccountKind, fund: string, ...rest: string[]): string {
  return [kind, fund, ...rest].join(':');
}

/** The fund an account name (or a prefix of one, `memo:PHX:commitments:`) belongs to: its second segment. */
export function fundOfAccount(name: string): string {
  return name.split(':')[1] ?? '';
}

export function assertValidAccount(name: string, fund: string): void {
  const segments = name.split(':');
  const problem =
    name.length > MAX_ACCOUNT_LENGTH
      ? 'is too long'
      : segments.length < 3
        ? 'needs at least kind:FUND:name'
        : !(ACCOUNT_KINDS as readonly string[]).includes(segments[0])
          ? `must start with one of ${ACCOUNT_KINDS.join(', ')}`
          : !segments.every((s) => SEGMENT.test(s))
            ? 'has an empty or invalid segment'
            : segments[1] !== fund
              ? `belongs to fund ${segments[1]}, not ${fund}`
              : null;
  if (problem) throw new DomainError('INVALID_ACCOUNT', `account ${JSON.stringify(name)} ${problem}`, { account: name });
}
