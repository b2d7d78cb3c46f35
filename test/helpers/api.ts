import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createToken, tokenAuthenticator } from '../../src/application/token-service';
import { systemClock, type Clock } from '../../src/domain/ledger/ledger-service';
import { ROLES, type Role } from '../../src/domain/access/roles';
import { PdfRenderer } from '../../src/documents/pdf-renderer';
import { freshDatabase, type TestDatabase } from './database';
import { personToken } from './people';

export interface TestApi extends TestDatabase {
  app: Express;
  tokens: Record<Role, string>;
  /** The app's PDF renderer (closed by dispose). */
  pdf: PdfRenderer;
  /** supertest helpers that send the given role's token. */
  as(role: Role): {
    get(path: string): request.Test;
    post(path: string, body?: object, headers?: Record<string, string>): request.Test;
    patch(path: string, body?: object): request.Test;
    put(path: string, body?: object): request.Test;
    delete(path: string): request.Test;
  };
}

/** An app over a fresh database (or the one given), with one token per role. */
export async function testApi(
  options: { clock?: Clock; env?: Record<string, string>; poolSize?: number; logger?: pino.Logger; database?: TestDatabase } = {},
): Promise<TestApi> {
  const t = options.database ?? (await freshDatabase({ poolSize: options.poolSize }));
  const config = loadConfig({ ...process.env, DATABASE_URL: '', PHOENIX_DB: ':memory:', LOG_LEVEL: 'silent', ...options.env });
  const pdf = new PdfRenderer();
  const app = createApp({
    db: t.db,
    config,
    logger: options.logger ?? pino({ level: 'silent' }),
    clock: options.clock ?? systemClock,
    authenticator: tokenAuthenticator(t.db),
    version: 'test',
    pdf,
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    // The approver is a person deciding on their own credential (a service token never decides).
    tokens[role] = role === 'approver' ? await personToken(t.db, 'test-approver', role) : (await createToken(t.db, { role, name: `test-${role}`, createdBy: 'test' })).token;
  }
  const as = (role: Role) => {
    const auth = { Authorization: `Bearer ${tokens[role]}` };
    return {
      get: (path: string) => request(app).get(`/api/v1${path}`).set(auth),
      post: (path: string, body?: object, headers: Record<string, string> = {}) =>
        request(app).post(`/api/v1${path}`).set(auth).set(headers).send(body),
      patch: (path: string, body?: object) => request(app).patch(`/api/v1${path}`).set(auth).send(body),
      put: (path: string, body?: object) => request(app).put(`/api/v1${path}`).set(auth).send(body),
      delete: (path: string) => request(app).delete(`/api/v1${path}`).set(auth),
    };
  };
  const dispose = async () => {
    await pdf.close();
    await t.dispose();
  };
  return { ...t, dispose, app, pdf, tokens, as };
}

/** Asserts the response is a problem+json with the given status and code; returns the body. */
export function expectProblem(res: request.Response, status: number, code: string): Record<string, unknown> {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected application/problem+json, got ${res.headers['content-type']}`);
  }
  return res.body as Record<string, unknown>;
}
