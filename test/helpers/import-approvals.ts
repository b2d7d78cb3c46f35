import type { ImportApprovals } from '../../src/application/event-import-service';

/**
 * The CLI's default approval mode for a test import: rows a stored (or, with `defaults: 'on'`,
 * the default) policy lists are refused with APPROVAL_REQUIRED, everything else is booked.
 */
export function refuseUnapproved(today: string, defaults: 'on' | 'off' = 'off'): ImportApprovals {
  return { mode: 'refuse', gate: { defaults, today, proposalTtlHours: 168 } };
}
