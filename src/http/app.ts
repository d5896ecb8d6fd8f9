import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyInstance,
  type RouteOptions,
} from 'fastify';
import type { Logger } from 'pino';
import { webChatRoutes, type WebChatRouteOptions } from '../channels/webchat/webchat-routes';
import type { WebChatChannel } from '../channels/webchat/webchat-channel';
import type { ConsoleOptions } from '../console/console-options';
import { registerConsole } from '../console/register-console';
import { fastifyTrustProxy, type TrustProxy } from '../config/trust-proxy';
import { ProbeQuietLogController } from './probe-log-controller';
import { guardText, refusalOf } from './request-refusals';
import { recordRequestMetrics, type RequestMetricsSink } from './request-metrics';

export interface AppDeps {
  logger: Logger;
  /** Each check resolves when its dependency answers; /readyz reports them by name. */
  readiness: Record<string, () => Promise<void>>;
  webchat?: WebChatChannel;
  /** The web chat's document store, upload limits, association name…; see `WebChatRouteOptions`. */
  webchatOptions?: Omit<WebChatRouteOptions, 'channel'>;
  /** The staff web console under /console and its API under /api (docs/console.md); absent = not served. */
  console?: ConsoleOptions;
  /**
   * Behind a reverse proxy: a hop count or the proxies' addresses (never `true`, which would let a client
   * name itself in X-Forwarded-For); req.ip is then the address the trusted proxy saw.
   */
  trustProxy?: TrustProxy;
  /** Sees every route as it is registered (the authorisation test walks the whole route table with it). */
  onRoute?: (route: RouteOptions) => void;
  /** Times every response for /metrics (`http_request_duration_seconds`); absent = not timed. */
  requestMetrics?: RequestMetricsSink;
}

/** Builds the HTTP app without listening (tests use `app.inject`). No I/O happens here. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the app's default generic types (the rule
    // cannot see that it steers the inference).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    // /healthz, /readyz and /metrics log at debug: they are asked every few seconds.
    logController: new ProbeQuietLogController(),
    // Every log line of a request carries reqId: the proxy's X-Request-Id when it sends a sane one (so
    // its logs and ours join up), else a UUID (unique across app processes, unlike Fastify's counter).
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: fastifyTrustProxy(deps.trustProxy),
    // A URL Fastify cannot decode (`%ED%A0%80`, a lone surrogate) answers like any malformed field.
    frameworkErrors: (err, _req, reply: FastifyReply) => {
      void reply.code(400).send({
        error: 'ERR_VALIDATION',
        message: 'the request is malformed',
        issues: [{ path: '(url)', message: err.message }],
      });
    },
  });
  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  // Before every route's own checks: NUL and lone surrogates in any parsed field are a 400 (or repaired).
  app.addHook('preValidation', guardText);
  recordRequestMetrics(app, deps.requestMetrics);

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const refusal = refusalOf(err);
    if (refusal) {
      const { status, code, ...rest } = refusal;
      return reply.code(status).send({ error: code, ...rest });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    return reply.code(status).send({
      error: status >= 500 ? 'ERR_INTERNAL' : (err.code ?? 'ERR_BAD_REQUEST'),
      message: status >= 500 ? 'internal error' : err.message,
    });
  });

  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const results = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, `down: ${(err as Error).message}`] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });

  if (deps.webchat) await app.register(webChatRoutes, { ...deps.webchatOptions, channel: deps.webchat });
  if (deps.console) await registerConsole(app, deps.console);
  return app;
}
