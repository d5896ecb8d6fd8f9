/*
 * Replays issue 17, "/metrics is open without a token on a non-loopback address": with HTTP_HOST=0.0.0.0
 * (the Docker image's default) and no METRICS_TOKEN, anyone who reached the port read the queue depths,
 * channel states and message counts. Now a server listening beyond this machine never serves /metrics
 * without a token; on a loopback address it stays open, as local use expects.
 */
import Fastify from 'fastify';
import { isLoopback, metricsRoutes } from '../../src/http/metrics-routes';

const metrics = { contentType: 'text/plain; version=0.0.4', render: async () => 'tawasul_up 1\n' };
const TOKEN = 'a-metrics-token-of-32-characters';

async function scrape(host: string | undefined, token: string | undefined, authorization?: string) {
  const app = Fastify();
  await app.register(metricsRoutes, { metrics, token, host });
  const res = await app.inject({
    method: 'GET',
    url: '/metrics',
    headers: authorization ? { authorization } : {},
  });
  await app.close();
  return res;
}

describe('/metrics on an address beyond this machine', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20', 'tawasul.example.org'])(
    'answers 401 without METRICS_TOKEN on %s, naming what to set',
    async (host) => {
      const res = await scrape(host, undefined);
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('METRICS_TOKEN');
      expect(res.body).not.toContain('tawasul_up');
    },
  );

  it('serves it there with the token, and only with it', async () => {
    expect((await scrape('0.0.0.0', TOKEN)).statusCode).toBe(401);
    expect((await scrape('0.0.0.0', TOKEN, `Bearer wrong-${TOKEN}`)).statusCode).toBe(401);
    const ok = await scrape('0.0.0.0', TOKEN, `Bearer ${TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('tawasul_up 1');
  });

  it.each(['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', undefined])(
    'stays open on the loopback address %s without a token',
    async (host) => {
      const res = await scrape(host, undefined);
      expect(res.statusCode).toBe(200);
      expect(isLoopback(host)).toBe(true);
    },
  );
});
