import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppProcess, freePort, TEST_ENCRYPTION_KEY, LOAD_TEST_WEBCHAT_LIMITS } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { WebChatClient } from '../support/webchat-client';

/**
 * Scale-out: two app processes on the same PostgreSQL and Redis share the work. Each visitor's
 * messages alternate between the two processes (as behind a load balancer), yet every message is
 * processed exactly once and answered in order: the conversation's row lock, not the process, orders them.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCRIPT = ['hi', '2', '1', '1', 'conditions for aid', 'menu', '1', 'working hours', 'back', 'documents'];
const VISITORS = 10;

describe('two app processes on one database and one Redis', () => {
  const dbName = `tawasul_two_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'tawasul-two-')));
  const apps: AppProcess[] = [];
  const bases: string[] = [];

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    await admin.end();
    const prefix = freshQueuePrefix();
    for (const dir of dirs) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apps.push(
        new AppProcess({
          DATA_DIR: dir,
          DATABASE_URL: ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`),
          REDIS_URL: TEST_REDIS_URL,
          // Both processes seal and open the same outbox: one key for all (generated keys would differ).
          ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
          QUEUE_PREFIX: prefix,
          HTTP_PORT: String(port),
          TERMINAL_CHAT: 'false',
          WEBCHAT_ENABLED: 'true',
          ...LOAD_TEST_WEBCHAT_LIMITS,
        }),
      );
    }
    await Promise.all(apps.map((a) => a.start()));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it('processes every message once, in order, whichever process receives it', async () => {
    const clients = bases.map((b) => new WebChatClient(b));
    const sessions = await Promise.all(
      Array.from({ length: VISITORS }, (_, i) => clients[i % 2]!.createSession()),
    );
    await Promise.all(
      sessions.map(async (sessionId, v) => {
        for (const [n, text] of SCRIPT.entries()) await clients[(v + n) % 2]!.send(sessionId, `m${n}`, text);
      }),
    );
    const deadline = Date.now() + 60_000;
    let received = await Promise.all(sessions.map((id, i) => clients[i % 2]!.replies(id)));
    while (received.some((r) => r.length < SCRIPT.length) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      received = await Promise.all(sessions.map((id, i) => clients[i % 2]!.replies(id)));
    }
    for (const [i, sessionId] of sessions.entries()) {
      expect({ visitor: i, inReplyTo: received[i]!.map((r) => r.inReplyTo) }).toEqual({
        visitor: i,
        inReplyTo: SCRIPT.map((_, n) => `${sessionId}-m${n}`),
      });
    }
    // Both processes did part of the work: the steps were not all run by one of them.
    const admin = new Client({ connectionString: ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`) });
    await admin.connect();
    const processed = await admin.query(
      `SELECT count(*)::int AS n FROM inbound_messages WHERE outcome = 'processed'`,
    );
    await admin.end();
    expect(processed.rows[0]).toEqual({ n: VISITORS * SCRIPT.length });
    expect(await Promise.all(apps.map((a) => a.stop()))).toEqual([0, 0]);
  }, 180_000);
});
