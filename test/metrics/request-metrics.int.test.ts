import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/http/app';
import { metricsRoutes } from '../../src/http/metrics-routes';
import { PromMetrics } from '../../src/metrics/prom-metrics';

/**
 * `http_request_duration_seconds` as Prometheus scrapes it from a listening app: one series per method,
 * route pattern and status code, never per URL, so ids, query strings and scanners' guesses add none.
 */
describe('HTTP request durations on /metrics', () => {
  let app: FastifyInstance;
  let base: string;

  beforeAll(async () => {
    // The metrics the app records into are the ones /metrics renders, as in src/app/start-http.ts.
    const metrics = new PromMetrics();
    app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {}, requestMetrics: metrics });
    // In a plugin of its own, as the web chat's and the console's routes are: the hook still sees it.
    await app.register(async (scope) => {
      scope.get('/api/cases/:id', async (req) => ({ id: (req.params as { id: string }).id }));
    });
    await app.register(metricsRoutes, { metrics, host: '127.0.0.1' });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => app?.close());

  it('shows each route pattern with its method and status code, and an unmatched URL under one label', async () => {
    for (const url of ['/healthz', '/api/cases/1001', '/api/cases/1002?full=1', '/wp-login.php', '/.env'])
      await (await fetch(`${base}${url}`)).arrayBuffer();
    await (await fetch(`${base}/healthz`, { method: 'POST' })).arrayBuffer();

    const page = await (await fetch(`${base}/metrics`)).text();
    const count = (labels: string): string | undefined =>
      page
        .split('\n')
        .find((line) => line.startsWith(`http_request_duration_seconds_count{${labels}} `))
        ?.split(' ')[1];
    expect(page).toContain('# TYPE http_request_duration_seconds histogram');
    expect(count('method="GET",route="/healthz",status_code="200"')).toBe('1');
    expect(count('method="GET",route="/api/cases/:id",status_code="200"')).toBe('2');
    expect(count('method="GET",route="(unmatched)",status_code="404"')).toBe('2');
    expect(count('method="POST",route="(unmatched)",status_code="404"')).toBe('1');
    expect(page).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/cases\/:id",status_code="200"\} \d$/m,
    );
    // In the labels only: a figure (a GC duration's digits) may hold "1001" by chance.
    const labels = page.match(/\{[^}]*\}/g)?.join('\n') ?? '';
    expect(labels).toContain('route="/api/cases/:id"');
    for (const raw of ['1001', 'full=1', 'wp-login', '.env']) expect(labels).not.toContain(raw);
  });
});
