// The workplace shell: sign-in (password session, or an API token for automation), the navigation
// the signed-in role may use, and the views behind it. Every figure comes from this service's API.
import { ApiError, currentUser, getJson, problemText, session, signInWithPassword, signOutEverywhere } from './api.mjs';
import { fill, h } from './dom.mjs';
import { alertsView, newTracker } from './alerts-view.mjs';
import { approvalsView } from './approvals-view.mjs';
import { fundPageView } from './fund-page-view.mjs';
import { fundTreeView } from './fund-tree-view.mjs';
import { importView } from './import-view.mjs';
import { journalView } from './journal-view.mjs';
import { programmeView } from './programme-view.mjs';
import { recordView } from './record-view.mjs';
import { reportsView } from './reports-view.mjs';
import { roleLabel, VIEWS, viewsFor } from './roles.mjs';
import { screeningFormView } from './screening-form-view.mjs';
import { screeningsView } from './screenings-view.mjs';
import { loadFundTerms, termsView } from './terms-view.mjs';
import { watchlistView } from './watchlist-view.mjs';
import { obligationsView } from './obligations-view.mjs';

const $ = (id) => document.getElementById(id);
const SCREENING_PAGE = 1000;
const SCREENING_PAGES_MAX = 50;

class SignedOut extends Error {}

/** The signed-in user ({ username, displayName, role }; role null when the server cannot say) and the views built so far. */
const state = { user: null, built: new Map(), fund: null, programmes: [], stale: false, alerts: newTracker() };

function showSignIn(message = '') {
  for (const id of ['programme', 'funds', 'fund-page', 'terms-panel', 'alerts', 'obligation-alerts', 'watchlist', 'screenings', 'reports', 'record', 'approvals', 'screening', 'import', 'journal']) fill($(id));
  state.built.clear();
  state.user = null;
  state.alerts = newTracker();
  $('dashboard').hidden = true;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-out').hidden = true;
  $('refresh').hidden = true;
  $('sign-in').hidden = false;
  fill($('sign-in-message'), message);
  (session.token() === null && !$('token').closest('details').open ? $('username') : $('token')).focus();
}

async function signOut(message) {
  await signOutEverywhere();
  showSignIn(message);
}

const expired = (error) => signOut(`登录已失效，请重新登录。${problemText(error)}`);

/** Every screening, following the cursor (the API lists oldest first). */
async function allScreenings() {
  const screenings = [];
  let cursor;
  for (let page = 0; page < SCREENING_PAGES_MAX; page++) {
    const body = await getJson('screenings', { limit: SCREENING_PAGE, cursor });
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

async function loadOverview(programmes) {
  const funds = getJson('funds').then((body) => body.funds);
  const fundNames = funds.then((list) => new Map(list.map((f) => [f.code, f.name]))).catch(() => new Map());
  const programmeBlocks = async () => {
    const names = await fundNames;
    const blocks = await Promise.all(programmes.map(async (p) => programmeView(p, await getJson(`programmes/${encodeURIComponent(p.code)}/leverage`), names)));
    return blocks.length ? blocks : h('p', { class: 'empty' }, '暂无计划。No programme yet.');
  };
  try {
    await Promise.all([
      section($('programme'), programmeBlocks, (blocks) => blocks),
      section($('funds'), () => funds, (list) => fundTreeView(list, { onOpen: (code) => openFund(code) })),
      section($('fund-page'), () => funds, (list) => fundPageView(list, { onUnauthorized: expired, fund: state.fund, onFund: (code) => (state.fund = code) })),
      section($('terms-panel'), () => funds.then((list) => loadFundTerms(list)), termsView),
      section($('alerts'), () => getJson('pledge-alerts').then((b) => b.alerts), (alerts) => alertsView(alerts, state.alerts.take(alerts))),
      section($('obligation-alerts'), () => getJson('obligation-alerts'), obligationsView),
      section($('watchlist'), () => getJson('pledge-watchlist').then((b) => b.rows), watchlistView),
      section($('screenings'), allScreenings, (list) => screeningsView(list)),
    ]);
  } catch (error) {
    if (error instanceof SignedOut) await signOut(`登录已失效，请重新登录。${error.message}`);
    else throw error;
  }
}

function openFund(code) {
  state.fund = code;
  $('fund-page').querySelector('select[name="fund"]')?.dispatchEvent(new CustomEvent('phoenix:open', { detail: code }));
  $('fund-page-title').scrollIntoView({ block: 'start' });
  $('fund-page-title').focus();
}

/** Builds a view on its first visit. */
function build(view) {
  if (state.built.has(view)) return;
  const role = state.user?.role ?? null;
  const ctx = {
    role,
    user: state.user,
    fund: state.fund,
    onUnauthorized: expired,
    // The overview's figures were read at sign-in: a booking makes them stale until the next visit.
    onBooked: () => {
      state.stale = true;
    },
    showEntry: (id) => navigate(`journal/${id}`),
    reverse: (id) => {
      navigate('record');
      state.built.get('record')?.open('reversal', { target: String(id) });
    },
  };
  const builders = {
    record: () => recordView(ctx),
    approvals: () => approvalsView(ctx),
    screening: () => screeningFormView(ctx),
    import: () => importView(ctx),
    journal: () => journalView(ctx),
    reports: () => reportsView(expired),
  };
  const el = builders[view]?.();
  if (el) fill($(view), el);
  state.built.set(view, el ?? null);
}

function navigate(route) {
  if (location.hash === `#${route}`) showRoute();
  else location.hash = route;
}

/** Shows the view the hash names (`#record`, `#journal/42`), if the role may use it. */
function showRoute() {
  if (!state.user) return;
  const [name, arg] = location.hash.replace(/^#/, '').split('/');
  const allowed = viewsFor(state.user.role ?? null).map((v) => v.id);
  const view = allowed.includes(name) ? name : 'funds';
  build(view);
  for (const v of VIEWS) $(`view-${v.id}`).hidden = v.id !== view;
  for (const link of $('nav').querySelectorAll('a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (view === 'journal' && arg) state.built.get('journal')?.showEntry(arg);
  if (view === 'funds' && state.stale) {
    state.stale = false;
    void loadOverview(state.programmes);
  }
}

function renderNav(role) {
  fill(
    $('nav'),
    h('ul', {}, viewsFor(role).map((v) => h('li', {}, h('a', { href: `#${v.id}`, dataset: { view: v.id } }, v.zh, ' ', h('span', { class: 'en' }, v.en))))),
  );
  $('nav').hidden = false;
}

/** Checks the credentials with a first read, then shows the workplace for the user's role. */
async function open({ fromForm }) {
  let programmes = [];
  fill($('load-message'));
  try {
    programmes = (await getJson('programmes')).programmes;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      await signOut(`${fromForm ? '登录失败 Sign-in failed' : '登录已失效 Session ended'}：${problemText(error)}`);
      return;
    }
    if (error instanceof ApiError && error.status === 0) {
      // Malformed token or no connection: nothing was verified; saved credentials are kept for a retry, a typed token is not.
      if (fromForm) session.clear();
      showSignIn(`登录失败 Sign-in failed：${problemText(error)}`);
      return;
    }
    fill($('load-message'), `无法加载计划 Could not load programmes: ${problemText(error)}`);
  }
  state.programmes = programmes;
  state.stale = false;
  const user = state.user ?? (await currentUser().catch(() => null));
  state.user = { username: user?.username ?? null, displayName: user?.displayName ?? null, role: user?.role ?? null };
  fill($('who'), [state.user.displayName ?? state.user.username ?? (session.token() ? 'API 令牌 API token' : ''), ' · ', roleLabel(state.user.role)]);
  $('who').dataset.role = state.user.role ?? '';
  $('who').hidden = false;
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  $('refresh').hidden = false;
  fill($('sign-in-message'));
  renderNav(state.user.role);
  showRoute();
  if (fromForm && !location.hash.replace(/^#(funds)?$/, '')) $('programme-title').focus();
  await loadOverview(programmes);
}

$('password-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = $('username').value.trim();
  const password = $('password').value;
  if (!username || !password) {
    fill($('sign-in-message'), '请输入用户名和密码。Enter a username and password.');
    (username ? $('password') : $('username')).focus();
    return;
  }
  fill($('sign-in-message'), '正在登录 Signing in…');
  try {
    const user = await signInWithPassword(username, password);
    $('password').value = '';
    state.user = user ?? null;
    await open({ fromForm: true });
  } catch (error) {
    $('password').value = '';
    showSignIn(`登录失败 Sign-in failed：${problemText(error)}`);
  }
});

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
  session.save(token);
  await open({ fromForm: true });
});

$('sign-out').addEventListener('click', () => signOut('已退出。Signed out.'));
$('refresh').addEventListener('click', () => {
  state.built.clear();
  const user = state.user;
  for (const id of ['record', 'approvals', 'screening', 'import', 'journal', 'reports']) fill($(id));
  state.user = user;
  open({ fromForm: false });
});
window.addEventListener('hashchange', showRoute);

if (session.token() !== null || session.csrf() !== null) open({ fromForm: false });
else showSignIn();
