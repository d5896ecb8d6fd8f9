import type { FastifyInstance } from 'fastify';

/** Where request durations go (PromMetrics: `http_request_duration_seconds`). */
export interface RequestMetricsSink {
  httpRequest(method: string, route: string, statusCode: number, seconds: number): void;
}

/** The route label of a request no route matched: one value, whatever URLs scanners try. */
export const UNMATCHED_ROUTE = '(unmatched)';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every response by method, route pattern (`/api/cases/:id`, never the URL itself, whose ids and
 * query strings would make a series per request) and status code. A plain hook on the app, not a plugin:
 * a plugin's hooks would only see the routes inside it. Call it before any route is registered.
 */
export function recordRequestMetrics(app: FastifyInstance, sink: RequestMetricsSink | undefined): void {
  if (!sink) return;
  app.addHook('onResponse', async (req, reply) => {
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    sink.httpRequest(
      method,
      req.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}
