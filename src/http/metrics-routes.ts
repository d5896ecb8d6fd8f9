import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyPluginAsync } from 'fastify';

export interface MetricsRouteOptions {
  metrics: { readonly contentType: string; render(): Promise<string> };
  /** When set, `/metrics` wants `Authorization: Bearer <token>` (METRICS_TOKEN). */
  token?: string;
  /**
   * The address the HTTP server listens on (HTTP_HOST). Off this machine (anything but a loopback
   * address) `/metrics` is never open: without a token it answers 401 to everyone (issue 17).
   */
  host?: string;
}

/** Whether `host` is reachable from this machine only: localhost, 127.0.0.0/8 or ::1. */
export function isLoopback(host: string | undefined): boolean {
  if (host === undefined) return true; // the default, 127.0.0.1
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(bare);
}

/**
 * `GET /metrics`: the Prometheus exposition text (docs/OPERATIONS.md lists the series and alerts). Open
 * on a loopback address; on any other it wants `Authorization: Bearer <METRICS_TOKEN>`, and without a
 * METRICS_TOKEN it is closed (401, saying to set one).
 */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, options) => {
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  const closed = !expected && !isLoopback(options.host);
  app.get('/metrics', async (req, reply) => {
    if (closed) {
      return reply.code(401).send({
        error: 'ERR_METRICS_TOKEN',
        message:
          'the server listens beyond this machine: set METRICS_TOKEN and send Authorization: Bearer <it>',
      });
    }
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
