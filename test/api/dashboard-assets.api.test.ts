import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { expectProblem, testApi, type TestApi } from '../helpers/api';
import { TEST_DIALECT } from '../helpers/database';
import { dashboardAssetDirs } from '../../src/http/static-assets';

const ASSETS = path.resolve(__dirname, '..', '..', 'src', 'dashboard');

/** Every src/href in an HTML file. */
function references(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
}

describe(`dashboard and API docs assets (${TEST_DIALECT})`, () => {
  let api: TestApi;
  before(async () => {
    api = await testApi();
  });
  after(() => api.dispose());

  it('serves the page at / under the strict CSP, with no inline script and nothing from another host', async () => {
    const res = await request(api.app).get('/');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/html/);
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
    // Reached over plain HTTP on the district network: assets must not be forced to https.
    expect(res.headers['content-security-policy']).to.not.contain('upgrade-insecure-requests');
    expect(res.text).to.contain('name="token"');
    expect(res.text.match(/<script\b[^>]*>/g)).to.deep.equal(['<script type="module" src="js/main.mjs">']);
    expect(res.text).to.contain('name="password"');
    expect(res.text).to.not.match(/\son[a-z]+=/i);
    for (const ref of references(res.text)) expect(ref, ref).to.not.match(/^([a-z]+:|\/\/)/i);
  });

  it('serves every browser module as JavaScript, and no module fetches another host', async () => {
    const modules = fs.readdirSync(path.join(ASSETS, 'public', 'js')).filter((f) => f.endsWith('.mjs'));
    expect(modules).to.include.members(['main.mjs', 'api.mjs', 'format.mjs']);
    for (const file of modules) {
      const res = await request(api.app).get(`/js/${file}`);
      expect(res.status, file).to.equal(200);
      expect(res.headers['content-type'], file).to.match(/^text\/javascript/);
      expect(res.text, file).to.not.match(/https?:\/\//);
      expect(res.text, file).to.not.match(/\.innerHTML\s*=/);
    }
  });

  it('serves the charting library (uPlot) from its package, as a module and a stylesheet', async () => {
    const module = await request(api.app).get('/vendor/uplot/uPlot.esm.js');
    expect(module.status).to.equal(200);
    expect(module.headers['content-type']).to.match(/^text\/javascript/);
    expect(module.text).to.contain('export { uPlot as default }');
    const css = await request(api.app).get('/vendor/uplot/uPlot.min.css');
    expect(css.status).to.equal(200);
    expect(css.headers['content-type']).to.match(/^text\/css/);
    expect((await request(api.app).get('/vendor/uplot/package.json')).status, 'only its dist folder').to.equal(404);
  });

  it('redirects /api/docs to the Swagger UI page, which loads its bundle and initializer from this service', async () => {
    const redirect = await request(api.app).get('/api/docs');
    expect(redirect.status).to.equal(301);
    expect(redirect.headers.location).to.equal('docs/');
    const page = await request(api.app).get('/api/docs/');
    expect(page.status).to.equal(200);
    expect(page.text.match(/<script\b[^>]*>/g)).to.deep.equal(['<script src="./swagger-ui-bundle.js">', '<script src="./api-docs.js">']);
    for (const ref of references(page.text)) expect(ref, ref).to.not.match(/^([a-z]+:|\/\/)/i);
    const bundle = await request(api.app).get('/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).to.equal(200);
    expect(bundle.headers['content-type']).to.match(/^text\/javascript/);
    const init = await request(api.app).get('/api/docs/api-docs.js');
    expect(init.text).to.contain("'../v1/openapi.json'");
    expect(init.text).to.contain('validatorUrl: null');
  });

  it('leaves unknown API paths to the API (problem+json), not to the static files', async () => {
    expectProblem(await api.as('viewer').get('/index.html'), 404, 'NOT_FOUND');
    expect((await request(api.app).get('/no-such-page')).status).to.equal(404);
  });

  it('finds its assets from the package root, and says which file is missing otherwise', () => {
    expect(dashboardAssetDirs().dashboard).to.equal(path.join(ASSETS, 'public'));
    expect(() => dashboardAssetDirs('/nonexistent')).to.throw(/dashboard assets missing: \/nonexistent\/src\/dashboard\/public\/index.html/);
  });
});
