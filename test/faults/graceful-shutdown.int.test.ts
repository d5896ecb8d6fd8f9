import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadProfile } from '../../src/config/load-profile';
import { AppProcess, freePort, LOAD_TEST_WEBCHAT_LIMITS } from '../support/app-process';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix } from '../support/spine-harness';
import { ADMIN_URL } from './fault-run';
import { LoadClient, type Delivery } from './support/load-client';
import { PrivateRedis } from './support/private-redis';
import { headline, verifyDelivery, type SessionLog } from './support/verify-delivery';

/**
 * SIGTERM in the middle of a burst: the app stops taking messages at once, lets the steps under way
 * commit, sends their replies, closes its connections and exits 0 within the bound (src/main.ts,
 * `Runtime.stop`). What was accepted but not yet processed waits in the store: the next start answers
 * it, once and in order.
 */
const VISITORS = 30;
const PER_VISITOR = 12;
const TEXTS = ['hi', '2', '1', '1', 'working hours', 'back', 'documents', 'menu', '3', 'menu', '1', 'help'];
/** SHUTDOWN_TIMEOUT_MS in src/main.ts is 20 s; a stop must end well inside it. */
const STOP_BOUND_MS = 15_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown on SIGTERM', () => {
  const dbName = `tawasul_stop_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-stop-'));
  const redis = new PrivateRedis();
  const queuePrefix = freshQueuePrefix();
  let admin: Client;
  let db: Client;
  let app: AppProcess;
  let base = '';

  beforeAll(async () => {
    admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    await redis.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const databaseUrl = new URL(ADMIN_URL);
    databaseUrl.pathname = `/${dbName}`;
    app = new AppProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: queuePrefix,
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      TERMINAL_CHAT: 'false',
      WEBCHAT_ENABLED: 'true',
      ...LOAD_TEST_WEBCHAT_LIMITS,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    });
    db = new Client({ connectionString: databaseUrl.toString() });
    await db.connect();
  }, 90_000);

  afterAll(async () => {
    await app?.kill();
    await db?.end();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  /** One post, no retry: 'accepted' / 'duplicate', or why not (refused, 503…). */
  async function postOnce(sessionId: string, id: string, text: string): Promise<string> {
    try {
      const res = await fetch(`${base}/webchat/api/sessions/${sessionId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: id, text }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json().catch(() => ({}))) as { status?: string };
      return res.status === 202 ? (body.status ?? '202') : `http ${res.status}`;
    } catch (err) {
      return `down: ${String((err as Error).cause ?? err).slice(0, 60)}`;
    }
  }

  it('takes no new message, finishes and answers what it has, and exits 0 within the bound', async () => {
    await app.start();
    const sessions: SessionLog[] = Array.from({ length: VISITORS }, () => ({
      sessionId: randomBytes(18).toString('base64url'),
      confirmed: [],
    }));
    let sigtermAt = 0;
    const lateAccepted: string[] = [];
    const burst = sessions.map(async (session) => {
      for (let n = 0; n < PER_VISITOR; n++) {
        const startedAt = Date.now();
        const result = await postOnce(session.sessionId, `m${n}`, TEXTS[n]!);
        if (result === 'accepted' || result === 'duplicate') {
          session.confirmed.push(`m${n}`);
          // Sent well after SIGTERM yet taken: the app did not stop accepting.
          if (sigtermAt > 0 && startedAt > sigtermAt + 200) lateAccepted.push(`${session.sessionId}-m${n}`);
        } else if (sigtermAt > 0) {
          return; // the app is going away: this visitor stops (and will resend later)
        }
      }
    });
    // SIGTERM while the burst is under way: steps and sends are in flight.
    while (sessions.reduce((n, s) => n + s.confirmed.length, 0) < (VISITORS * PER_VISITOR) / 3)
      await sleep(5);
    sigtermAt = Date.now();
    const code = await app.stop();
    const stopMs = Date.now() - sigtermAt;
    await Promise.all(burst);

    expect({ code, withinBound: stopMs < STOP_BOUND_MS }).toEqual({ code: 0, withinBound: true });
    expect(lateAccepted).toEqual([]);
    // The outbox was flushed: every reply written before the exit was sent.
    const open = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM outbox WHERE status <> 'sent' GROUP BY status`,
    );
    expect(open.rows).toEqual([]);
    // Nothing half-done: each message is processed with its replies, or waits untouched.
    const half = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_messages i
       WHERE (i.processed_at IS NULL) = EXISTS (SELECT 1 FROM outbox o WHERE o.inbound_id = i.id)`,
    );
    expect(half.rows[0]?.n).toBe(0);
    const waiting = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbound_messages WHERE processed_at IS NULL',
    );

    // The next start answers what waited, and the visitors send the rest: everything once, in order.
    await app.start();
    const client = new LoadClient([base]);
    const deadline = Date.now() + 60_000;
    for (const session of sessions) {
      for (let n = session.confirmed.length; n < PER_VISITOR; n++) {
        await client.send(session.sessionId, `m${n}`, TEXTS[n]!, 0, deadline);
        session.confirmed.push(`m${n}`);
      }
    }
    let seen = new Map<string, Delivery[]>();
    for (let settled = false; !settled && Date.now() < deadline; await sleep(250)) {
      seen = new Map();
      for (const s of sessions) seen.set(s.sessionId, await client.replies(s.sessionId, deadline));
      settled = sessions.every(
        (s) => new Set(seen.get(s.sessionId)!.map((d) => d.inReplyTo)).size >= PER_VISITOR,
      );
    }
    expect(await app.stop()).toBe(0);
    const figures = await verifyDelivery({
      db,
      sessions,
      seen,
      redis: { host: '127.0.0.1', port: redis.port },
      queuePrefix,
      reminders: loadProfile(DEMO_PROFILE_PATH).deadlines.reminderWorkingDaysBefore,
    });
    process.stdout.write(
      `graceful stop: exit ${code} after ${(stopMs / 1000).toFixed(1)} s under a burst; ` +
        `${waiting.rows[0]?.n ?? 0} accepted messages waited for the next start; ` +
        `then ${figures.accepted} messages, ${figures.processedOnce} processed once, ` +
        `lost/duplicated/out of order ${JSON.stringify(headline(figures))}\n`,
    );
    expect(headline(figures)).toEqual({ lost: 0, duplicated: 0, outOfOrder: 0 });
    expect(figures.processedOnce).toBe(VISITORS * PER_VISITOR);
  }, 180_000);

  it('ends open event streams instead of waiting for them', async () => {
    await app.start();
    const sessionId = randomBytes(18).toString('base64url');
    const stream = await fetch(`${base}/webchat/api/sessions/${sessionId}/events`);
    expect(stream.status).toBe(200);
    const started = Date.now();
    expect(await app.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
    await stream.body?.cancel().catch(() => undefined);
  }, 90_000);
});
