import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';

export interface MetricsRouteOptions {
  metrics: { readonly contentType: string; render(): Promise<string> };
  /** When set, `/metrics` wants `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string;
}

/** `GET /metrics`: the Prometheus exposition text (docs/OPERATIONS.md lists the series and alerts). */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, options) => {
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  app.get('/metrics', async (req, reply) => {
    if (expected) {
      const given = Buffer.from(req.headers.authorization ?? '');
      // Constant time, so the token cannot be guessed a character at a time.
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .send({ error: 'ERR_METRICS_TOKEN', message: 'send Authorization: Bearer <METRICS_TOKEN>' });
      }
    }
    const text = await options.metrics.render();
    return reply.type(options.metrics.contentType).send(text);
  });
};
