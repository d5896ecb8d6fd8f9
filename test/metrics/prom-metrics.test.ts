import Fastify from 'fastify';
import { metricsRoutes } from '../../src/http/metrics-routes';
import { PromMetrics } from '../../src/metrics/prom-metrics';
import type { SqlExecutor } from '../../src/store/database';

/** A store that answers the scrape's three queries by what they ask for. */
function fakeDb(answers: { attention?: object[]; fail?: boolean }): SqlExecutor {
  return {
    query: async <R>(sql: string) => {
      if (answers.fail) throw new Error('connection refused');
      if (sql.includes('GROUP BY channel, status'))
        return { rows: (answers.attention ?? []) as R[], rowCount: 0 };
      if (sql.includes('AS unsent'))
        return { rows: [{ unsent: 4, age: 95.5, unprocessed: 2, alerts: 1 }] as R[], rowCount: 1 };
      return { rows: [{ requests: 3, complaints: 1 }] as R[], rowCount: 1 };
    },
    afterCommit: () => undefined,
  };
}

/** The value of one series in the exposition text, or undefined when it is absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('PromMetrics', () => {
  it('counts messages in and out per channel and times steps per flow', async () => {
    const metrics = new PromMetrics();
    metrics.inbound('webchat', 'accepted');
    metrics.inbound('webchat', 'accepted');
    metrics.inbound('telegram', 'duplicate');
    metrics.outbound('whatsapp', 'sent');
    metrics.outbound('whatsapp', 'retry');
    metrics.step('complaint', 'processed', 0.03);
    const text = await metrics.render();
    expect(value(text, 'tawasul_messages_in_total{channel="webchat",status="accepted"}')).toBe(2);
    expect(value(text, 'tawasul_messages_in_total{channel="telegram",status="duplicate"}')).toBe(1);
    expect(value(text, 'tawasul_messages_out_total{channel="whatsapp",outcome="sent"}')).toBe(1);
    expect(value(text, 'tawasul_messages_out_total{channel="whatsapp",outcome="retry"}')).toBe(1);
    expect(
      value(
        text,
        'tawasul_flow_step_duration_seconds_bucket{le="0.05",flow="complaint",outcome="processed"}',
      ),
    ).toBe(1);
    expect(
      value(
        text,
        'tawasul_flow_step_duration_seconds_bucket{le="0.025",flow="complaint",outcome="processed"}',
      ),
    ).toBe(0);
    // Process defaults come along.
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('reads the store, the queues, the WhatsApp session and the Redis policy at scrape time', async () => {
    const metrics = new PromMetrics();
    let state: 'qr' | 'ready' = 'qr';
    metrics.watch({
      db: fakeDb({ attention: [{ channel: 'whatsapp', status: 'uncertain', n: 2 }] }),
      queues: { outbound: async () => ({ waiting: 7, delayed: 1, active: 0, failed: 3 }) },
      whatsappState: () => state,
      redisPolicy: async () => 'allkeys-lru',
    });
    let text = await metrics.render();
    expect(value(text, 'tawasul_outbox_attention{channel="whatsapp",status="uncertain"}')).toBe(2);
    expect(value(text, 'tawasul_outbox_attention{channel="telegram",status="failed"}')).toBe(0);
    expect(value(text, 'tawasul_outbox_unsent')).toBe(4);
    expect(value(text, 'tawasul_outbox_oldest_unsent_seconds')).toBe(95.5);
    expect(value(text, 'tawasul_inbound_unprocessed')).toBe(2);
    expect(value(text, 'tawasul_staff_notifications_pending')).toBe(1);
    expect(value(text, 'tawasul_overdue_cases{kind="request"}')).toBe(3);
    expect(value(text, 'tawasul_overdue_cases{kind="complaint"}')).toBe(1);
    expect(value(text, 'tawasul_queue_jobs{queue="outbound",state="waiting"}')).toBe(7);
    expect(value(text, 'tawasul_queue_jobs{queue="outbound",state="failed"}')).toBe(3);
    expect(value(text, 'tawasul_whatsapp_session_state{state="qr"}')).toBe(1);
    expect(value(text, 'tawasul_whatsapp_session_state{state="ready"}')).toBe(0);
    expect(value(text, 'tawasul_redis_maxmemory_policy{policy="allkeys-lru"}')).toBe(1);

    state = 'ready';
    text = await metrics.render();
    expect(value(text, 'tawasul_whatsapp_session_state{state="qr"}')).toBe(0);
    expect(value(text, 'tawasul_whatsapp_session_state{state="ready"}')).toBe(1);
  });

  it('reports staff alerts waiting for Telegram only where a staff bot delivers them', async () => {
    // Without a staff bot, every alert lives in the web console: no backlog to alert on.
    const metrics = new PromMetrics();
    metrics.watch({ db: fakeDb({}), staffAlerts: false });
    const text = await metrics.render();
    expect(text).not.toContain('tawasul_staff_notifications_pending');
    expect(value(text, 'tawasul_outbox_unsent')).toBe(4);
  });

  it('serves the rest of the page when a source fails, and counts the failure', async () => {
    const metrics = new PromMetrics();
    metrics.watch({
      db: fakeDb({ fail: true }),
      queues: { outbound: async () => ({ waiting: 1 }) },
    });
    const text = await metrics.render();
    expect(value(text, 'tawasul_metrics_source_errors_total{source="database"}')).toBe(1);
    expect(value(text, 'tawasul_outbox_unsent')).toBeNaN();
    expect(value(text, 'tawasul_overdue_cases{kind="request"}')).toBeUndefined();
    expect(value(text, 'tawasul_queue_jobs{queue="outbound",state="waiting"}')).toBe(1);
  });
});

describe('GET /metrics', () => {
  async function app(token?: string) {
    const metrics = new PromMetrics();
    metrics.inbound('webchat', 'accepted');
    const server = Fastify();
    await server.register(metricsRoutes, { metrics, token });
    return server;
  }

  it('answers the Prometheus text format', async () => {
    const res = await (await app()).inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('tawasul_messages_in_total{channel="webchat",status="accepted"} 1');
  });

  it('wants the bearer token when METRICS_TOKEN is set', async () => {
    const server = await app('s3cret-token-0123456789');
    const without = await server.inject({ method: 'GET', url: '/metrics' });
    expect(without.statusCode).toBe(401);
    expect(without.json()).toEqual({
      error: 'ERR_METRICS_TOKEN',
      message: 'send Authorization: Bearer <METRICS_TOKEN>',
    });
    const wrong = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const right = await server.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer s3cret-token-0123456789' },
    });
    expect(right.statusCode).toBe(200);
  });
});
