// What each role may do, as the page shows it. The API decides (every route checks the role); this
// table only hides what would be refused, so nobody is offered a button that can only fail.

export const ROLE_LABELS = {
  admin: { zh: '管理员', en: 'admin' },
  fund_manager: { zh: '基金管理人', en: 'fund manager' },
  risk_officer: { zh: '风控', en: 'risk officer' },
  viewer: { zh: '查看', en: 'viewer' },
  approver: { zh: '投委会审批人', en: 'approver' },
};

/** Abilities by role, named by the work (the API's CAN table, plus approving). */
const ABILITIES = {
  book: ['admin', 'fund_manager'],
  import: ['admin', 'fund_manager'],
  screen: ['admin', 'risk_officer'],
  approve: ['approver'],
  // Proposers follow their proposals; approvers decide them.
  seeProposals: ['approver', 'admin', 'fund_manager'],
  read: ['admin', 'fund_manager', 'risk_officer', 'viewer', 'approver'],
};

/**
 * Whether `role` may do `ability`. A null role (a token on a server that cannot say whose it is)
 * may try everything: the API still refuses what the token may not do.
 */
export function can(role, ability) {
  if (!(ability in ABILITIES)) throw new Error(`unknown ability ${ability}`);
  return role === null || role === undefined || ABILITIES[ability].includes(role);
}

/** The views of the workplace, in navigation order, and the ability each needs. */
export const VIEWS = [
  { id: 'funds', zh: '基金', en: 'Funds', needs: 'read' },
  { id: 'record', zh: '录入', en: 'Record', needs: 'book' },
  { id: 'approvals', zh: '审批', en: 'Approvals', needs: 'seeProposals' },
  { id: 'screening', zh: '筛查', en: 'Screening', needs: 'screen' },
  { id: 'import', zh: '导入', en: 'Import', needs: 'import' },
  { id: 'journal', zh: '日记账', en: 'Journal', needs: 'read' },
  { id: 'reports', zh: '报表', en: 'Reports', needs: 'read' },
];

export function viewsFor(role) {
  return VIEWS.filter((view) => can(role, view.needs));
}

/** "基金管理人 fund manager", or "角色未知 role unknown" for a token whose role the server did not say. */
export function roleLabel(role) {
  const entry = ROLE_LABELS[role];
  if (entry) return `${entry.zh} ${entry.en}`;
  return role ? String(role) : '角色未知 role unknown';
}
