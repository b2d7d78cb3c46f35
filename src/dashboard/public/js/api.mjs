// The API client. Two ways in: a signed-in user's session (an HttpOnly cookie the browser sends
// itself, plus the CSRF token on every write), or an API token (automation) sent as a bearer.
// Failures become ApiError carrying the problem+json.

const TOKEN_KEY = 'phoenix.apiToken';
const CSRF_KEY = 'phoenix.csrfToken';
// Resolved against the page, so the dashboard also works behind a path prefix.
const API_BASE = new URL('api/v1/', document.baseURI);
const READS = new Set(['GET', 'HEAD']);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? null;
  }
}

/**
 * This tab's credentials, in sessionStorage only (never localStorage): the API token, or the CSRF
 * token of a cookie session (the cookie itself is HttpOnly and never visible here).
 */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => {
    sessionStorage.removeItem(CSRF_KEY);
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  csrf: () => sessionStorage.getItem(CSRF_KEY),
  saveCsrf: (csrfToken) => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.setItem(CSRF_KEY, csrfToken ?? '');
  },
  clear: () => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(CSRF_KEY);
  },
};

/** A URL under /api/v1 with optional query parameters (empty values dropped). */
export function apiUrl(path, query = {}) {
  const url = new URL(path.replace(/^\//, ''), API_BASE);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/** The headers that prove who is asking: the bearer token, or on a write the session's CSRF token. */
function credentialHeaders(method, token) {
  if (token) return { Authorization: `Bearer ${token}` };
  const csrf = session.csrf();
  return csrf && !READS.has(method) ? { 'X-CSRF-Token': csrf } : {};
}

/** A fresh Idempotency-Key for one submission of a form, so a retried post books once. */
export function idempotencyKey() {
  if (globalThis.crypto?.randomUUID) return `dash-${crypto.randomUUID()}`;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `dash-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Any request; resolves to the Response for a 2xx (202 included), throws ApiError otherwise.
 * `body` is JSON unless `contentType` says otherwise (then it is sent as given: text, a File).
 */
export async function send(method, url, { body, contentType, headers = {}, token = session.token(), accept = 'application/json' } = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: accept, ...credentialHeaders(method, token), ...headers },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType ?? 'application/json';
    init.body = contentType ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    // A header value the browser refuses (e.g. a pasted non-ASCII character) fails before any request.
    if (error instanceof TypeError && /header/i.test(error.message)) {
      throw new ApiError(0, { title: '令牌格式不正确 Malformed token', detail: '令牌只能包含字母、数字和 ._~+/=- 字符。The token may only contain letters, digits and ._~+/=-' });
    }
    throw new ApiError(0, { title: '无法连接服务 Service unreachable', detail: `无法连接服务 The service could not be reached (${error.message})` });
  }
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return response;
}

/** GET with this tab's credentials; resolves to the Response, throws ApiError for any non-2xx status. */
export function authorizedFetch(url, token = session.token()) {
  return send('GET', url, { token });
}

/** GET JSON from the API. */
export async function getJson(path, query, token) {
  const response = await authorizedFetch(apiUrl(path, query), token);
  return response.json();
}

/** POST JSON to the API: { status, body } (201 booked, 202 proposed for approval, 200 otherwise). */
export async function postJson(path, body, { query, idempotent = true } = {}) {
  const headers = idempotent ? { 'Idempotency-Key': idempotencyKey() } : {};
  const response = await send('POST', apiUrl(path, query), { body, headers });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Signs in with a username and password: the session cookie is set by the answer; keeps its CSRF token. */
export async function signInWithPassword(username, password) {
  const response = await send('POST', apiUrl('auth/login'), { body: { username, password }, token: null });
  const body = await response.json();
  session.saveCsrf(body.csrfToken);
  return body.user;
}

/** Who is signed in: the user of the session or the token (null for a token issued to no user) and the role. */
export async function currentUser() {
  const body = await getJson('auth/me');
  return { ...(body.user ?? {}), role: body.role };
}

/** Ends the cookie session on the server (a token has nothing to end); forgets this tab's credentials. */
export async function signOutEverywhere() {
  const cookieSession = session.csrf() !== null;
  try {
    if (cookieSession) await send('POST', apiUrl('auth/logout'), { token: null });
  } catch {
    // Signing out locally must not depend on the server answering.
  } finally {
    session.clear();
  }
}

async function problemOf(response) {
  const type = response.headers.get('content-type') ?? '';
  if (/json/.test(type)) {
    try {
      return await response.json();
    } catch {
      // fall through: a broken body still yields a message from the status line
    }
  }
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}

/** "Title — detail (HTTP 422)" for a message line. */
export function problemText(error) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  const p = error.problem ?? {};
  const parts = [p.title, p.detail && p.detail !== p.title ? p.detail : null].filter(Boolean);
  return `${parts.join(' — ') || error.message}${error.status ? ` (HTTP ${error.status})` : ''}`;
}

/** The file name a response suggests (Content-Disposition), or null. */
export function suggestedFileName(response) {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // ignore a malformed encoding and try the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : null;
}

/** Saves a response body as a file (a plain link could not send the credentials). */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
