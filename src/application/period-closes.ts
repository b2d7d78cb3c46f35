import type { IsoDate } from '../domain/dates';
import type { Repositories } from '../data/repositories';

/**
 * The closes that govern a posting to `funds`: each fund's own, and its parent's. A parent's
 * closed figures include its interests in its sub-funds valued look-through on the close, so a
 * sub-fund posting dated on or before its parent's close would move the parent's closed NAV
 * (issue 22): it is refused like a posting of the parent. Closing a parent locks its sub-funds
 * (closePeriod), so a sub-fund posting either commits before the close or sees it.
 */
export async function closesGoverning(repos: Repositories, funds: readonly string[]): Promise<Map<string, IsoDate>> {
  const codes = [...new Set(funds)];
  const all = new Set(codes);
  for (const code of codes) {
    const fund = await repos.funds.fund(code);
    if (fund?.parent) all.add(fund.parent);
  }
  return repos.periods.closedThrough([...all]);
}
