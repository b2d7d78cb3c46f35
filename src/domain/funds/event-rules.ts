import Big from 'big.js';
import { DomainError } from '../errors';
import type { IsoDate } from '../dates';
import { formatYuanGrouped, type Fen } from '../money';
import type { Fund } from './fund';

/** Who asked for an override of a soft rule, and why; only an admin's override counts. */
export interface Override {
  reason: string;
  byAdmin: boolean;
}

/** @throws DomainError FUND_NOT_ACTIVE */
export function assertActive(fund: Fund, doing: string): void {
  if (fund.status !== 'active') {
    throw new DomainError('FUND_NOT_ACTIVE', `fund ${fund.code} is ${fund.status}; ${doing} needs an active fund`, {
      fund: fund.code,
      fundStatus: fund.status,
    });
  }
}

/** @throws DomainError FUND_NOT_ACTIVE when the fund is still planned */
export function assertOpened(fund: Fund, doing: string): void {
  if (fund.status === 'planned') {
    throw new DomainError('FUND_NOT_ACTIVE', `fund ${fund.code} is planned; ${doing} needs an active or closed fund`, {
      fund: fund.code,
      fundStatus: fund.status,
    });
  }
}

/** @throws DomainError DATE_BEFORE_INCEPTION */
export function assertNotBeforeInception(fund: Fund, date: IsoDate): void {
  if (fund.inceptionDate && date < fund.inceptionDate) {
    throw new DomainError('DATE_BEFORE_INCEPTION', `${date} is before fund ${fund.code}'s inception date ${fund.inceptionDate}`, {
      fund: fund.code,
      inceptionDate: fund.inceptionDate,
    });
  }
}

/** @throws DomainError VALIDATION_FAILED when the amount is not positive */
export function assertPositive(amount: Fen, field = 'amount'): void {
  if (amount <= 0n) throw DomainError.validation([{ field, message: 'must be greater than zero' }]);
}

/** @throws DomainError INSUFFICIENT_CASH with the figures that bind */
export function assertCash(fund: string, cash: Fen, asked: Fen): void {
  if (asked > cash) {
    throw new DomainError(
      'INSUFFICIENT_CASH',
      `fund ${fund} has cash ${formatYuanGrouped(cash)}, asked ${formatYuanGrouped(asked)}`,
      { fund, cash: yuan(cash), asked: yuan(asked) },
    );
  }
}

/** share × base, compared exactly: is `amount` above `share` of `base`? */
export function exceedsShare(amount: Fen, base: Fen, share: string): boolean {
  return new Big(amount.toString()).gt(new Big(base.toString()).times(share));
}

export function yuan(fen: Fen): string {
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  return `${negative ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
