import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';

/**
 * The promise of the spine, tested the hard way: the real app (`src/main.ts`) runs as a child
 * process serving the web chat; 12 visitors send bursts of messages while the test kills the app
 * with SIGKILL twice and restarts it. Afterwards every message must have exactly one reply, in order.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROOT = path.join(__dirname, '../..');
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

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

class App {
  private child: ChildProcess | undefined;
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...this.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    let errors = '';
    child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`app did not start: ${errors}`)), 60_000);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('Tawasul is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`app exited with ${code}: ${errors}`)));
    });
  }

  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }
}

describe.each(['postgres', 'pglite'] as const)('a SIGKILL in the middle of a burst (%s)', (backend) => {
  const dbName = `tawasul_kill_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-kill-'));
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  let app: App;
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
    app = new App({
      DATA_DIR: dataDir,
      ...(backend === 'postgres' ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: freshQueuePrefix(),
      HTTP_PORT: String(port),
      LOG_LEVEL: 'info',
      TERMINAL_CHAT: 'false',
      WEBCHAT_ENABLED: 'true',
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

  /** Posts until the app answers 202: while it is down, the visitor's browser would retry too. */
  async function post(url: string, body: unknown): Promise<unknown> {
    for (;;) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 201 || res.status === 202) return res.json();
        throw new Error(`status ${res.status}: ${await res.text()}`);
      } catch (err) {
        if (!/fetch failed|ECONNREFUSED|ECONNRESET|socket/i.test(String((err as Error).cause ?? err)))
          throw err;
        await sleep(100);
      }
    }
  }

  async function replies(sessionId: string): Promise<{ inReplyTo: string | null }[]> {
    for (;;) {
      try {
        const res = await fetch(`${base}/webchat/api/sessions/${sessionId}/messages`);
        if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
        return ((await res.json()) as { messages: { inReplyTo: string | null }[] }).messages;
      } catch (err) {
        if (process.env.DEBUG_CRASH_TEST) console.log(err);
        await sleep(100);
      }
    }
  }

  it('answers every accepted message exactly once and in order per conversation', async () => {
    const sessions: string[] = [];
    for (let i = 0; i < VISITORS; i++) {
      const { sessionId } = (await post(`${base}/webchat/api/sessions`, {})) as { sessionId: string };
      sessions.push(sessionId);
    }
    const senders = sessions.map(async (sessionId) => {
      for (const [n, text] of SCRIPT.entries()) {
        await post(`${base}/webchat/api/sessions/${sessionId}/messages`, { clientMessageId: `m${n}`, text });
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
    let received = await Promise.all(sessions.map(replies));
    while (received.some((r) => r.length < SCRIPT.length) && Date.now() < deadline) {
      await sleep(250);
      received = await Promise.all(sessions.map(replies));
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
