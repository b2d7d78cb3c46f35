import type { ReportDefinition } from '../src/reports/report-definition';
import { capitalAccounts } from './capital-accounts';
import { changesInNetAssetsReport } from './changes-in-net-assets';
import { investments } from './investments';
import { journal } from './journal';
import { leverage } from './leverage';
import { overview } from './overview';
import { performance } from './performance';
import { pledgeWatchlistReport } from './pledge-watchlist';
import { screenings } from './screenings';
import { trialBalanceReport } from './trial-balance';

/** Every report, by the name in `GET /reports/{name}` and `phoenix report NAME` (docs/domain.md, Reports). */
export const REPORTS: ReadonlyMap<string, ReportDefinition> = new Map(
  [overview, leverage, capitalAccounts, investments, performance, changesInNetAssetsReport, screenings, pledgeWatchlistReport, trialBalanceReport, journal].map((r) => [r.name, r]),
);
