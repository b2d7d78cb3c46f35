import { CAN, type Role } from './roles';

/**
 * Who may do what with approvals, documents and periods (docs/approvals.md). The approver reads
 * what it decides on; deciding is the approver's alone, so the people who propose (admins and
 * fund managers) never check their own kind of work.
 */
export const CONTROLS = {
  readControls: CAN.read,
  decide: CAN.approve,
  propose: CAN.bookEvents,
  setPolicy: CAN.administer,
  uploadDocuments: [...CAN.bookEvents, 'approver'],
  closePeriods: CAN.bookEvents,
  reopenPeriods: CAN.administer,
} as const satisfies Record<string, readonly Role[]>;
