/** Who may do what (docs/domain.md, Roles). */
export const ROLES = ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Role sets used by routes, named by the work they allow. */
export const CAN = {
  read: ['admin', 'fund_manager', 'risk_officer', 'viewer'],
  bookEvents: ['admin', 'fund_manager'],
  screen: ['admin', 'risk_officer'],
  administer: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** The authenticated caller of a request. */
export interface Actor {
  tokenId: number;
  name: string;
  role: Role;
}
