import type { Database } from '../data/database';
import type { PledgeAlert } from '../data/pledge-alert-repository';

/**
 * Pledge level changes recorded at or after `since` (an ISO date or instant, UTC), newest first;
 * `before` (an alert id) reads the page after the previous one.
 */
export async function listPledgeAlerts(
  db: Database,
  query: { since?: string; stockCode?: string; before?: number; limit: number },
): Promise<{ alerts: Array<PledgeAlert & { id: number }>; nextBefore: number | null }> {
  const alerts = await db.read((repos) => repos.pledgeAlerts.since({ ...query, limit: query.limit + 1 }));
  const more = alerts.length > query.limit;
  const page = more ? alerts.slice(0, query.limit) : alerts;
  return { alerts: page, nextBefore: more ? page[page.length - 1].id : null };
}
