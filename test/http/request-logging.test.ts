import { buildApp } from '../../src/http/app';
import { captureLogs } from '../support/log-capture';

const INFO = 30;

describe('request logging', () => {
  it('logs /healthz, /readyz and /metrics at debug only: no info line per probe', async () => {
    const { logger, entries } = captureLogs('debug');
    const app = await buildApp({ logger, readiness: { database: async () => undefined } });
    app.get('/metrics', async () => 'tawasul_up 1\n');
    for (const url of ['/healthz', '/readyz', '/metrics?x=1']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
    await app.close();
    const probeLines = entries().filter((e) => e.reqId !== undefined);
    expect(probeLines.map((e) => [e.level, e.msg])).toEqual(
      Array.from({ length: 3 }, () => [
        [20, 'incoming request'],
        [20, 'request completed'],
      ]).flat(),
    );
  });

  it('still logs other requests at info, with the X-Request-Id given exactly as it came', async () => {
    const { logger, raw, entries } = captureLogs('info');
    const app = await buildApp({ logger, readiness: {} });
    const reqId = 'edge-20261207-123456789:3cf49821-0934-473b-8e2a-123456789012';
    const res = await app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': reqId } });
    await app.close();
    expect(res.headers['x-request-id']).toBe(reqId);
    const lines = entries().filter((e) => e.level >= INFO && e.reqId === reqId);
    expect(lines.map((e) => e.msg)).toEqual([
      'incoming request',
      'Route GET:/nowhere not found',
      'request completed',
    ]);
    // What an operator does with the header: grep finds every line of the request.
    expect(raw.filter((line) => line.includes(reqId))).toHaveLength(3);
  });
});
