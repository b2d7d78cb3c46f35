// The API client: every request carries the bearer token; failures become ApiError with the problem+json.

const TOKEN_KEY = 'phoenix.apiToken';
// Resolved against the page, so the dashboard also works behind a path prefix.
const API_BASE = new URL('api/v1/', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? null;
  }
}

/** The token of this tab's session (sessionStorage only: never localStorage, never a cookie). */
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  save: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** A URL under /api/v1 with optional query parameters (empty values dropped). */
export function apiUrl(path, query = {}) {
  const url = new URL(path.replace(/^\//, ''), API_BASE);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/** GET with the token; resolves to the Response, throws ApiError for any non-2xx status. */
export async function authorizedFetch(url, token = session.token()) {
  let response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${token ?? ''}`, Accept: 'application/json' }, cache: 'no-store' });
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

/** GET JSON from the API. */
export async function getJson(path, query, token) {
  const response = await authorizedFetch(apiUrl(path, query), token);
  return response.json();
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
