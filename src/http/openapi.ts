import { problemSchema } from './schemas/common';
import type { RouteSpec } from './route-table';

/** The OpenAPI 3.1 document, built from the same route specs and schemas that ajv validates with. */
export function buildOpenApi(routes: readonly RouteSpec[], version: string): object {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: responses(route),
    };
    if (route.access !== 'public') {
      // Either one: a token, or the cookie of a signed-in user (whose writes also send X-CSRF-Token).
      operation.security = [{ bearerAuth: [] }, { sessionCookie: [] }];
      operation.description = `Roles: ${route.access.join(', ')}.`;
    } else {
      operation.security = [];
    }
    if (route.method !== 'get' && route.method !== 'delete' && route.access !== 'public') {
      operation.parameters = [
        ...(operation.parameters as unknown[]),
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'A retry with the same key and body returns the first result; another body is refused.',
          schema: { type: 'string', maxLength: 200 },
        },
      ];
    }
    if (route.body) {
      const content: Record<string, unknown> = {};
      for (const type of route.consumes ?? ['application/json']) {
        content[type] = type === 'application/json' ? { schema: route.body } : { schema: { type: 'string' } };
      }
      operation.requestBody = { required: true, content };
    }
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Phoenix Fund Ledger API (凤凰基金台账)',
      version,
      description:
        'Books of the Yuhang listed-company steady-development fund and its sub-funds. Money is a decimal ' +
        'string in yuan (at most 2 decimals); dates are YYYY-MM-DD; errors are application/problem+json.',
    },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'phoenix_session',
          description: 'Set by POST /auth/login. Every write signed in by the cookie sends the csrfToken of the sign-in answer (or of GET /auth/me) in X-CSRF-Token.',
        },
      },
      schemas: { Problem: problemSchema },
    },
  };
}

function parameters(schema: object | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const s = schema as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (s.required ?? []).includes(name),
    schema: property,
  }));
}

function responses(route: RouteSpec): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    result[status] = {
      description: response.description,
      ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: response.schema } } } : {}),
    };
  }
  const problem = { description: 'A problem (RFC 9457)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
  result['4XX'] = problem;
  return result;
}
