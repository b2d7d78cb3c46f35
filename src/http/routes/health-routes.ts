import type { AppDeps } from '../deps';
import type { RouteSpec } from '../route-table';

export function healthRoutes(deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/health',
      operationId: 'getHealth',
      summary: 'Liveness and database reachability',
      tag: 'service',
      access: 'public',
      responses: {
        200: {
          description: 'The service and its database answer',
          schema: {
            type: 'object',
            properties: { status: { type: 'string' }, database: { type: 'string' }, version: { type: 'string' } },
          },
        },
      },
      async handle() {
        await deps.db.ping();
        return { status: 200, body: { status: 'ok', database: deps.db.dialect === 'pg' ? 'postgresql' : 'sqlite', version: deps.version } };
      },
    },
  ];
}
