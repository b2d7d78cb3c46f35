// Sign-in, loading and sign-out. Every figure comes from the bearer-protected API of this service.
import { ApiError, getJson, session } from './api.mjs';
import { fill, h } from './dom.mjs';
import { fundTreeView } from './fund-tree-view.mjs';
import { programmeView } from './programme-view.mjs';
import { reportsView } from './reports-view.mjs';
import { screeningsView } from './screenings-view.mjs';
import { loadFundTerms, termsView } from './terms-view.mjs';
import { watchlistView } from './watchlist-view.mjs';
import { alertsView, newTracker } from './alerts-view.mjs';

const $ = (id) => document.getElementById(id);
const SCREENING_PAGE = 1000;
const SCREENING_PAGES_MAX = 50;

class SignedOut extends Error {}

const alertCuts = newTracker();

function problemText(error) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  const p = error.problem ?? {};
  const parts = [p.title, p.detail && p.detail !== p.title ? p.detail : null].filter(Boolean);
  return `${parts.join(' — ') || error.message}${error.status ? ` (HTTP ${error.status})` : ''}`;
}

function showSignIn(message = '') {
  fill($('programme'));
  fill($('funds'));
  fill($('terms'));
  fill($('watchlist'));
  fill($('screenings'));
  fill($('reports'));
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('refresh').hidden = true;
  $('sign-in').hidden = false;
  fill($('sign-in-message'), message);
  $('token').focus();
}

function signOut(message) {
  session.clear();
  showSignIn(message);
}

/** Every screening, following the cursor (the API lists oldest first). */
async function allScreenings(token) {
  const screenings = [];
  let cursor;
  for (let page = 0; page < SCREENING_PAGES_MAX; page++) {
    const body = await getJson('screenings', { limit: SCREENING_PAGE, cursor }, token);
    screenings.push(...body.screenings);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return screenings;
}

/** Fills `el` with render(await load()), or with the error; a 401 anywhere signs out. */
async function section(el, load, render) {
  fill(el, h('p', { class: 'loading' }, '加载中 Loading…'));
  try {
    fill(el, render(await load()));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw new SignedOut(problemText(error));
    fill(el, h('p', { class: 'error', role: 'alert' }, `无法加载 Could not load: ${problemText(error)}`));
  }
}

async function loadDashboard(token, programmes) {
  const funds = getJson('funds', {}, token).then((body) => body.funds);
  const fundNames = funds.then((list) => new Map(list.map((f) => [f.code, f.name]))).catch(() => new Map());
  const programmeBlocks = async () => {
    const names = await fundNames;
    const blocks = await Promise.all(
      programmes.map(async (p) => programmeView(p, await getJson(`programmes/${encodeURIComponent(p.code)}/leverage`, {}, token), names)),
    );
    return blocks.length ? blocks : h('p', { class: 'empty' }, '暂无计划。No programme yet.');
  };
  fill($('reports'), reportsView((error) => signOut(`登录已失效，请重新登录。${problemText(error)}`)));
  try {
    await Promise.all([
      section($('programme'), programmeBlocks, (blocks) => blocks),
      section($('funds'), () => funds, fundTreeView),
      section($('terms'), async () => loadFundTerms(await funds, token), termsView),
      section(
        $('watchlist'),
        () => Promise.all([getJson('pledge-watchlist', {}, token), getJson('pledge-alerts', { limit: 50 }, token)]),
        ([watch, alerts]) => [alertsView(alerts.alerts, alertCuts.take(alerts.alerts)), watchlistView(watch.rows)],
      ),
      section($('screenings'), () => allScreenings(token), (list) => screeningsView(list)),
    ]);
  } catch (error) {
    if (error instanceof SignedOut) signOut(`登录已失效，请重新登录。${error.message}`);
    else throw error;
  }
}

/** Checks the token with a first read, then shows and fills the dashboard. */
async function open(token, { fromForm }) {
  let programmes = [];
  fill($('load-message'));
  try {
    programmes = (await getJson('programmes', {}, token)).programmes;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut(`${fromForm ? '登录失败 Sign-in failed' : '登录已失效 Session ended'}：${problemText(error)}`);
      return;
    }
    if (error instanceof ApiError && error.status === 0) {
      // Malformed token or no connection: nothing was verified, and a saved token is kept for a retry.
      showSignIn(`登录失败 Sign-in failed：${problemText(error)}`);
      return;
    }
    fill($('load-message'), `无法加载计划 Could not load programmes: ${problemText(error)}`);
  }
  session.save(token);
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('refresh').hidden = false;
  fill($('sign-in-message'));
  if (fromForm) $('programme-title').focus();
  await loadDashboard(token, programmes);
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('token');
  const token = input.value.trim();
  if (!token) {
    fill($('sign-in-message'), '请输入 API 令牌。Enter an API token.');
    input.focus();
    return;
  }
  fill($('sign-in-message'), '正在验证 Checking…');
  input.value = '';
  await open(token, { fromForm: true });
});

$('sign-out').addEventListener('click', () => signOut('已退出。Signed out.'));
$('refresh').addEventListener('click', () => {
  const token = session.token();
  if (token) open(token, { fromForm: false });
});

const saved = session.token();
if (saved) open(saved, { fromForm: false });
else showSignIn();
