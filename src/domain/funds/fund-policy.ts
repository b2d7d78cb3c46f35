import type { IsoDate } from '../dates';
import { DomainError } from '../errors';
import type { FundPolicy } from './fund';

/** One version of a fund's limits: in force from `effectiveFrom` until a later version's date. */
export interface FundPolicyVersion extends FundPolicy {
  id: number;
  fund: string;
  effectiveFrom: IsoDate;
  reason: string;
  recordedAt: string;
  actor: string;
}

/**
 * A limit changes from a date on or after the day it is changed, never earlier: what was booked
 * under a limit stays booked under it, and a back-dated write meets the limit of its own date.
 * @throws DomainError VALIDATION_FAILED
 */
export function assertNotRetroactive(effectiveFrom: IsoDate, today: IsoDate): void {
  if (effectiveFrom < today) {
    throw DomainError.validation([
      { field: 'effectiveFrom', message: `must be today (${today}) or later: a limit never changes what was booked before it` },
    ]);
  }
}

/** The policy in force on `date`: the latest version effective on or before it, else the base. */
export function policyOn(base: FundPolicy, versions: readonly FundPolicyVersion[], date: IsoDate): FundPolicy {
  let found: FundPolicyVersion | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (!found || v.effectiveFrom > found.effectiveFrom || (v.effectiveFrom === found.effectiveFrom && v.id > found.id)) found = v;
  }
  if (!found) return base;
  return { maxCompanyShare: found.maxCompanyShare, maxGovernmentShare: found.maxGovernmentShare, ...(found.allowedInstruments ? { allowedInstruments: found.allowedInstruments } : {}) };
}
