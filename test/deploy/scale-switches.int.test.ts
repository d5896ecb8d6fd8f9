import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppProcess, freePort, TEST_ENCRYPTION_KEY, LOAD_TEST_WEBCHAT_LIMITS } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { WebChatClient } from '../support/webchat-client';

/**
 * RUN_WORKERS and CHANNELS (docs/SCALING.md): a front process that only receives and processes messages,
 * and a worker process that sends them. Every message goes to the front; every reply is sent by the
 * worker; /metrics of each shows which did what.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCRIPT = ['hi', '2', '1', '1', 'menu'];

/** The value of one series in a /metrics page (0 when absent). */
function sample(page: string, series: string): number {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('a receiving process and a sending process (RUN_WORKERS, CHANNELS)', () => {
  const dbName = `tawasul_split_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const url = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'tawasul-split-')));
  let front: AppProcess;
  let worker: AppProcess;
  let frontBase: string;
  let workerBase: string;

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    await admin.end();
    const prefix = freshQueuePrefix();
    const common = {
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      QUEUE_PREFIX: prefix,
      TERMINAL_CHAT: 'false',
      WEBCHAT_ENABLED: 'true',
      ...LOAD_TEST_WEBCHAT_LIMITS,
    };
    const [frontPort, workerPort] = [await freePort(), await freePort()];
    frontBase = `http://127.0.0.1:${frontPort}`;
    workerBase = `http://127.0.0.1:${workerPort}`;
    front = new AppProcess({
      ...common,
      DATA_DIR: dirs[0],
      HTTP_PORT: String(frontPort),
      CHANNELS: 'webchat',
      RUN_WORKERS: 'false',
    });
    worker = new AppProcess({
      ...common,
      DATA_DIR: dirs[1],
      HTTP_PORT: String(workerPort),
      RUN_WORKERS: 'true',
    });
    await Promise.all([front.start(), worker.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([front?.stop(), worker?.stop()]);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  it('answers every message in order though the process that received them sends nothing', async () => {
    const client = new WebChatClient(frontBase);
    const session = await client.createSession();
    for (const [n, text] of SCRIPT.entries()) await client.send(session, `m${n}`, text);
    const deadline = Date.now() + 60_000;
    let replies = await client.replies(session);
    while (replies.length < SCRIPT.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      replies = await client.replies(session);
    }
    expect(replies.map((r) => r.inReplyTo)).toEqual(SCRIPT.map((_, n) => `${session}-m${n}`));

    const metrics = async (base: string) => (await fetch(`${base}/metrics`)).text();
    const [frontPage, workerPage] = [await metrics(frontBase), await metrics(workerBase)];
    const accepted = 'tawasul_messages_in_total{channel="webchat",status="accepted"}';
    const sent = 'tawasul_messages_out_total{channel="webchat",outcome="sent"}';
    expect({ front: sample(frontPage, accepted), worker: sample(workerPage, accepted) }).toEqual({
      front: SCRIPT.length,
      worker: 0,
    });
    expect(sample(frontPage, sent)).toBe(0);
    expect(sample(workerPage, sent)).toBeGreaterThanOrEqual(SCRIPT.length);
    // Both read the same shared state at scrape time.
    expect(sample(frontPage, 'tawasul_outbox_unsent')).toBe(0);
    expect(sample(workerPage, 'tawasul_queue_jobs{queue="outbound",state="failed"}')).toBe(0);
  }, 120_000);
});
