import request from 'supertest';
import type { Role } from '../../src/domain/access/roles';
import type { TestApi } from './api';

/** A browser signed in: its session cookie and CSRF token, sent by the helpers below. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  setCookie: string;
  get(path: string): request.Test;
  /** A write with the cookie and, unless `csrf` is false, the session's X-CSRF-Token. */
  post(path: string, body?: object, options?: { csrf?: boolean | string }): request.Test;
}

export const PASSWORD = 'correct horse battery staple';

/** Creates a person through the admin API; answers its id. */
export async function createPerson(api: TestApi, username: string, role: Role, password = PASSWORD): Promise<number> {
  const res = await api.as('admin').post('/users', { username, displayName: `测试 ${username}`, role, password });
  if (res.status !== 201) throw new Error(`creating ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

/** Signs in and answers the browser; throws unless the sign-in succeeds. */
export async function signIn(api: TestApi, username: string, password = PASSWORD): Promise<Browser> {
  const res = await request(api.app).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`signing in ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  const setCookie = String((res.headers['set-cookie'] as unknown as string[])[0]);
  return browser(api, setCookie.split(';')[0], res.body.csrfToken as string, setCookie);
}

export function browser(api: TestApi, cookie: string, csrfToken: string, setCookie = ''): Browser {
  return {
    cookie,
    csrfToken,
    setCookie,
    get: (path) => request(api.app).get(`/api/v1${path}`).set('Cookie', cookie),
    post: (path, body, options = {}) => {
      const test = request(api.app).post(`/api/v1${path}`).set('Cookie', cookie);
      const csrf = options.csrf ?? true;
      if (csrf !== false) test.set('X-CSRF-Token', csrf === true ? csrfToken : csrf);
      return body === undefined ? test : test.send(body);
    },
  };
}
