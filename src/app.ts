import express, { type Express } from 'express';
import helmet from 'helmet';
import { DomainError } from './domain/errors';
import type { AppDeps } from './http/deps';
import { errorMapper } from './http/problem';
import { requestLog } from './http/request-log';
import { mountRoutes, type RouteSpec } from './http/route-table';
import { buildOpenApi } from './http/openapi';
import { healthRoutes } from './http/routes/health-routes';
import { journalRoutes } from './http/routes/journal-routes';
import { ledgerRoutes } from './http/routes/ledger-routes';
import { pledgeWatchRoutes } from './http/routes/pledge-watch-routes';
import { riskWatchRoutes } from './http/routes/risk-watch-routes';
import { obligationRoutes } from './http/routes/obligation-routes';
import { screeningRoutes } from './http/routes/screening-routes';
import { fundRoutes } from './http/routes/fund-routes';
import { fundEventRoutes } from './http/routes/fund-event-routes';
import { importRoutes } from './http/routes/import-routes';
import { fundTermsRoutes } from './http/routes/fund-terms-routes';
import { reportRoutes } from './http/routes/report-routes';
import { REPORTS } from '../reports';
import { investorDocumentRoutes } from './http/routes/investor-document-routes';
import { fundReversalGuards } from './application/reversal-guards';
import { staticAssetRoutes } from './http/static-assets';
import { accessRoutes } from './http/routes/access-routes';
import { authRoutes } from './http/routes/auth-routes';
import { userRoutes } from './http/routes/user-routes';
import { sessionAuthenticator } from './application/session-service';
import { approvalRoutes } from './http/routes/approval-routes';
import { periodRoutes } from './http/routes/period-routes';
import { documentRoutes } from './http/routes/document-routes';
import { dealBookRoutes } from './http/routes/deal-book-routes';
import { cors } from './http/cors';
import { SlidingWindowLimiter } from './http/rate-limit';

const API_PREFIX = '/api/v1';


/** Every route of the API, in the order the OpenAPI document lists them. */
export function apiRoutes(deps: AppDeps): RouteSpec[] {
  return [
    ...healthRoutes(deps),
    ...journalRoutes(deps, fundReversalGuards),
    ...ledgerRoutes(deps),
    ...fundRoutes(deps),
    ...fundTermsRoutes(deps),
    ...fundEventRoutes(deps),
    ...dealBookRoutes(deps),
    ...approvalRoutes(deps),
    ...periodRoutes(deps),
    ...documentRoutes(deps),
    ...importRoutes(deps),
    ...screeningRoutes(deps),
    ...pledgeWatchRoutes(deps),
    ...riskWatchRoutes(deps),
    ...obligationRoutes(deps),
    ...reportRoutes(deps, REPORTS),
    ...investorDocumentRoutes(deps),
    ...accessRoutes(deps),
    ...authRoutes(deps),
    ...userRoutes(deps),
  ];
}

/** Builds the Express app; never listens (src/server.ts does), so tests drive it directly. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.set('query parser', 'simple');
  app.use(requestLog(deps.logger));
  // The service is reached over plain HTTP inside the district network or behind a TLS proxy:
  // upgrade-insecure-requests would send the dashboard's own files to an https:// that is not there.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(cors(deps.config.corsOrigins));

  const routes = apiRoutes(deps);
  const openApi = buildOpenApi(routes, deps.version);
  const api = express.Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  mountRoutes(api, routes, deps.authenticator, {
    failuresPerAddress: new SlidingWindowLimiter(deps.config.authFailuresPerMinute),
    requestsPerToken: deps.config.tokenRequestsPerMinute > 0 ? new SlidingWindowLimiter(deps.config.tokenRequestsPerMinute) : null,
  }, sessionAuthenticator(deps.db, deps.config.sessions, () => deps.clock.now()));
  api.use((req, _res, next) => next(new DomainError('NOT_FOUND', `No route ${req.method} ${API_PREFIX}${req.path}`)));
  app.use(API_PREFIX, api);
  app.use(staticAssetRoutes());
  app.use(errorMapper(deps.logger));
  return app;
}
