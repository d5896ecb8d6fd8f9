import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppProcess, freePort, TEST_ENCRYPTION_KEY, LOAD_TEST_WEBCHAT_LIMITS } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { WebChatClient } from '../support/webchat-client';

/**
 * The promise of the spine, tested the hard way: the real app (`src/main.ts`) runs as a child
 * process serving the web chat; 12 visitors send bursts of messages while the test kills the app
 * with SIGKILL twice and restarts it. Afterwards every message must have exactly one reply, in order.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCRIPT = [
  'hi',
  '2',
  '1',
  '1',
  'conditions for aid',
  'menu',
  '1',
  'working hours',
  'back',
  'another',
  'documents',
];
const VISITORS = 12;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(['postgres', 'pglite'] as const)('a SIGKILL in the middle of a burst (%s)', (backend) => {
  const dbName = `tawasul_kill_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-kill-'));
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  let app: AppProcess;
  let base = '';

  beforeAll(async () => {
    if (backend === 'postgres') {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
      await admin.end();
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = new AppProcess({
      DATA_DIR: dataDir,
      ...(backend === 'postgres' ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
      REDIS_URL: TEST_REDIS_URL,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      QUEUE_PREFIX: freshQueuePrefix(),
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      TERMINAL_CHAT: 'false',
      WEBCHAT_ENABLED: 'true',
      ...LOAD_TEST_WEBCHAT_LIMITS,
    });
    await app.start();
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (backend === 'postgres') {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  });

  const client = () => new WebChatClient(base);

  it('answers every accepted message exactly once and in order per conversation', async () => {
    const sessions: string[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const sessionId = await client().createSession();
      sessions.push(sessionId);
    }
    const senders = sessions.map(async (sessionId) => {
      for (const [n, text] of SCRIPT.entries()) {
        await client().send(sessionId, `m${n}`, text);
        await sleep(20);
      }
    });
    const chaos = (async () => {
      for (const pause of [250, 600]) {
        await sleep(pause);
        await app.kill();
        await app.start();
      }
    })();
    await Promise.all([...senders, chaos]);

    const deadline = Date.now() + 60_000;
    let received = await Promise.all(sessions.map((id) => client().replies(id)));
    while (received.some((r) => r.length < SCRIPT.length) && Date.now() < deadline) {
      await sleep(250);
      received = await Promise.all(sessions.map((id) => client().replies(id)));
    }
    for (const [i, sessionId] of sessions.entries()) {
      const expected = SCRIPT.map((_, n) => `${sessionId}-m${n}`);
      expect({ visitor: i, inReplyTo: received[i]!.map((r) => r.inReplyTo) }).toEqual({
        visitor: i,
        inReplyTo: expected,
      });
    }
    expect(await app.stop()).toBe(0);
  }, 240_000);
});
