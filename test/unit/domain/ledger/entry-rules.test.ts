import { expect } from 'chai';
import { assertPostable } from '../../../../src/domain/ledger/entry-rules';
import type { EntryDraft, Line } from '../../../../src/domain/ledger/entry';
import { type DomainError } from '../../../../src/domain/errors';

const line = (account: string, debit: bigint, credit: bigint): Line => ({ account, fund: account.split(':')[1], debit, credit });
const draft = (lines: Line[]): EntryDraft => ({ date: '2019-01-01', type: 't', memo: '', actor: 'a', lines });

function codeOf(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('entry rules', () => {
  it('accepts a balanced entry', () => {
    expect(codeOf(() => assertPostable(draft([line('assets:PHX:cash', 100n, 0n), line('equity:PHX:contributed:YH-IF', 0n, 100n)])))).to.equal(null);
  });

  it('accepts an entry that touches two funds when each fund balances', () => {
    const lines = [
      line('assets:PHX:investments:PHX-RELIEF', 500n, 0n),
      line('assets:PHX:cash', 0n, 500n),
      line('assets:PHX-RELIEF:cash', 500n, 0n),
      line('equity:PHX-RELIEF:contributed:PHX', 0n, 500n),
    ];
    expect(codeOf(() => assertPostable(draft(lines)))).to.equal(null);
  });

  const refusals: Array<[string, Line[], string]> = [
    ['debits differ from credits', [line('assets:PHX:cash', 100n, 0n), line('equity:PHX:x', 0n, 99n)], 'UNBALANCED_ENTRY'],
    [
      'the total balances but one fund does not',
      [line('assets:PHX:cash', 100n, 0n), line('equity:PHX-MA:x', 0n, 100n)],
      'UNBALANCED_ENTRY',
    ],
    ['a single line', [line('assets:PHX:cash', 0n, 0n)], 'UNBALANCED_ENTRY'],
    ['a line with both sides', [line('assets:PHX:cash', 5n, 5n), line('equity:PHX:x', 0n, 0n)], 'UNBALANCED_ENTRY'],
    ['a zero line', [line('assets:PHX:cash', 0n, 0n), line('equity:PHX:x', 0n, 0n)], 'UNBALANCED_ENTRY'],
    ['a negative line', [line('assets:PHX:cash', -5n, 0n), line('equity:PHX:x', 0n, -5n)], 'UNBALANCED_ENTRY'],
    ['an unknown account kind', [line('cash:PHX:main', 5n, 0n), line('equity:PHX:x', 0n, 5n)], 'INVALID_ACCOUNT'],
    ['an account of another fund', [{ account: 'assets:PHX:cash', fund: 'PHX-MA', debit: 5n, credit: 0n }, line('equity:PHX-MA:x', 0n, 5n)], 'INVALID_ACCOUNT'],
    ['an empty segment', [line('assets:PHX::cash', 5n, 0n), line('equity:PHX:x', 0n, 5n)], 'INVALID_ACCOUNT'],
  ];
  for (const [name, lines, code] of refusals) {
    it(`refuses an entry when ${name} (${code})`, () => {
      expect(codeOf(() => assertPostable(draft(lines)))).to.equal(code);
    });
  }

  it('refuses an impossible value date', () => {
    const entry = { ...draft([line('assets:PHX:cash', 1n, 0n), line('equity:PHX:x', 0n, 1n)]), date: '2019-02-30' };
    expect(codeOf(() => assertPostable(entry))).to.equal('VALIDATION_FAILED');
  });
});
