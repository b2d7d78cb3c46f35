/** Who may do what (docs/domain.md, Roles). */
export const ROLES = ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Role sets used by routes, named by the work they allow. */
export const CAN = {
  read: ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'],
  bookEvents: ['admin', 'fund_manager'],
  screen: ['admin', 'risk_officer'],
  /** Investment-committee (投委会) approval of a proposed write: maker-checker. */
  approve: ['approver'],
  administer: ['admin'],
  /** Anyone signed in: their own session and password. */
  signedIn: ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * The authenticated caller of a request. `name` is what the audit log records: the username for a
 * user signed in with a token or a session, a label such as "seed" for the system's own writers,
 * which have no user (`userId` absent).
 */
export interface Actor {
  /** The API token used; 0 when the caller did not present one (a session, the system). */
  tokenId: number;
  name: string;
  role: Role;
  userId?: number;
  username?: string;
  /** How the caller proved who it is; absent for the system's own writers. */
  via?: 'token' | 'session';
  /** A token's issuer (its `createdBy`): the audit names the person behind a service token. */
  issuedBy?: string;
}
