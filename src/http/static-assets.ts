import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/**
 * The package root, found by walking up from this file, so the browser assets under
 * src/dashboard/ are served from the source tree both under tsx and from dist/ (tsc does not
 * copy them, and a second copy in dist/ could drift from the source).
 */
function packageRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'phoenix-fund-ledger') {
      return dir;
    }
  }
  throw new Error(`phoenix-fund-ledger package.json not found above ${__dirname}`);
}

/** Where the dashboard and API-docs assets live; throws at start-up if they are missing. */
export function dashboardAssetDirs(root: string = packageRoot()): { dashboard: string; apiDocs: string } {
  const dirs = { dashboard: path.join(root, 'src', 'dashboard', 'public'), apiDocs: path.join(root, 'src', 'dashboard', 'api-docs') };
  for (const dir of Object.values(dirs)) {
    if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`dashboard assets missing: ${dir}/index.html`);
  }
  return dirs;
}

/**
 * The dashboard page at `/` and Swagger UI at `/api/docs/`, all served by this service (no CDN:
 * the page must work offline). Only static files: every figure comes from the bearer-protected API.
 */
export function staticAssetRoutes(): Router {
  const dirs = dashboardAssetDirs();
  const router = express.Router();
  const options = { index: 'index.html', redirect: false, fallthrough: true } as const;
  // Relative assets in the docs page need the trailing slash; a relative Location survives a path prefix.
  router.get('/api/docs', (req, res, next) => {
    if (req.path === '/api/docs') res.redirect(301, 'docs/');
    else next();
  });
  // Our index.html and initializer first, then Swagger UI's own bundle and styles (never its demo index).
  router.use('/api/docs', express.static(dirs.apiDocs, options));
  router.use('/api/docs', express.static(swaggerUiDir(), { index: false, redirect: false }));
  // The charting library, from its package (no CDN, no copy in the source tree to drift from it).
  router.use('/vendor/uplot', express.static(uplotDistDir(), { index: false, redirect: false }));
  router.use(express.static(dirs.dashboard, options));
  return router;
}

/** uPlot's dist folder: its ES module and stylesheet. */
function uplotDistDir(): string {
  return path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');
}

/** swagger-ui-dist's folder (the package ships no types; its getAbsoluteFSPath is this directory). */
function swaggerUiDir(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}
