import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Role, Actor } from '../domain/access/roles';
import typeis from 'type-is';
import { DomainError } from '../domain/errors';
import { assertValid } from './validation';
import { authenticate, type Authenticator, type AuthLimits } from './auth';
import type { SessionAuthenticator } from '../application/session-service';
import { verifyJsonBody } from './strict-json';

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface RequestContext<P = Record<string, string>, Q = Record<string, string>, B = unknown> {
  params: P;
  query: Q;
  body: B;
  /** Null only on public routes. */
  actor: Actor;
  requestId: string;
  req: Request;
  res: Response;
}

/** What a handler answers; a handler that streams its own response returns nothing. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One route, declared once: Express mounts it, ajv validates with its schemas, and the OpenAPI
 * document describes it from the same object.
 */
export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI-style path under /api/v1, e.g. '/journal/{id}'. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: readonly Role[] | 'public';
  params?: object;
  query?: object;
  body?: object;
  /** The body arrives as bytes (a Buffer) in any of `consumes`; the handler checks what it is. */
  rawBody?: boolean;
  /** The body may be left out entirely (the handler then sees `{}`). */
  bodyOptional?: boolean;
  /** Content types the body may come in; JSON unless stated. */
  consumes?: string[];
  /** body-parser limit for this route, e.g. '64kb' (single events) or '10mb' (batches). */
  bodyLimit?: string;
  responses: Record<number, { description: string; schema?: object; contentType?: string }>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handle(ctx: RequestContext<any, any, any>): Promise<Reply | void>;
}

const DEFAULT_BODY_LIMIT = '64kb';

/** Mounts each route behind its authentication: a bearer token, or a session cookie when `sessions` is given. */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], auth: Authenticator, limits?: AuthLimits, sessions?: SessionAuthenticator): void {
  for (const route of routes) {
    const chain: RequestHandler[] = [];
    if (route.access !== 'public') chain.push(authenticate(auth, route.access, limits, sessions));
    if (route.body) chain.push(...bodyParsers(route));
    chain.push(handlerFor(route));
    router[route.method](expressPath(route.path), ...chain);
  }
}

function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{([^}]+)\}/g, ':$1');
}

function bodyParsers(route: RouteSpec): RequestHandler[] {
  const limit = route.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const consumes = route.consumes ?? ['application/json'];
  const requireType: RequestHandler = (req, _res, next) => {
    if (hasContent(req) && !req.is(consumes)) {
      next(new DomainError('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${consumes.join(' or ')}`));
      return;
    }
    next();
  };
  const parsers: RequestHandler[] = [requireType, express.json({ limit, strict: true, type: 'application/json', verify: verifyJsonBody })];
  // CSV arrives as bytes: the route decodes it strictly (text-encoding.ts), where a body parser would
  // turn invalid bytes into U+FFFD and let mojibake through.
  if (consumes.includes('text/csv')) parsers.push(express.raw({ limit, type: 'text/csv' }));
  if (route.rawBody) parsers.push(express.raw({ limit, type: consumes }));
  return parsers;
}

function handlerFor(route: RouteSpec): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const params = route.params ? assertValid(route.params, { ...req.params }, 'params') : req.params;
    const query = assertValid(route.query ?? EMPTY_QUERY, { ...(req.query as object) }, 'query');
    if (route.body && req.body === undefined && route.bodyOptional) req.body = {};
    if (route.body && req.body === undefined) {
      throw DomainError.validation([{ field: 'body', message: `is required: send ${(route.consumes ?? ['application/json']).join(' or ')}` }]);
    }
    const body = route.body && req.is('application/json') ? assertValid(route.body, req.body, 'body') : req.body;
    const reply = await route.handle({
      params,
      query,
      body,
      actor: res.locals.actor as Actor,
      requestId: String(req.id),
      req,
      res,
    });
    if (!reply) return;
    if (reply.headers) res.set(reply.headers);
    res.status(reply.status).json(reply.body);
    void next;
  };
}

/** A request with a non-empty body (a bare `Content-Length: 0` counts as no body). */
function hasContent(req: Request): boolean {
  return typeis.hasBody(req) && req.headers['content-length'] !== '0';
}

const EMPTY_QUERY = { type: 'object', additionalProperties: false } as const;
