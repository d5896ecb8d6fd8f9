import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppProcess, freePort, LOAD_TEST_WEBCHAT_LIMITS, TEST_ENCRYPTION_KEY } from '../support/app-process';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { WebChatClient } from '../support/webchat-client';

/**
 * Group commit's promise under SIGKILL (issue 22): the steps of many conversations share one
 * transaction, so a process killed in the middle of one must lose, repeat and reorder none of them.
 * The test holds the batch open where it is most exposed — its conversations locked, their steps run,
 * the replies about to be written — by locking the outbox table from outside, checks that one app
 * transaction holds several conversations, kills the app there, and restarts it.
 *
 * PostgreSQL server only: the lock is taken from a second connection, which PGlite (one process, one
 * connection) cannot have; crash-recovery.int.test.ts kills both under load.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const VISITORS = 24;
/** Rounds tried before the test gives up on seeing a batch of several conversations. */
const ROUNDS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a SIGKILL in the middle of a batch of steps (postgres)', () => {
  const dbName = `tawasul_batchkill_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-batchkill-'));
  let app: AppProcess;
  let base = '';
  let sql: Client;

  beforeAll(async () => {
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    await admin.end();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = new AppProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
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
    sql = new Client({ connectionString: databaseUrl });
    await sql.connect();
  }, 90_000);

  afterAll(async () => {
    await sql?.end();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  });

  const client = () => new WebChatClient(base);

  /** Each session's replies, once every session has `count` of them (or the time is up). */
  async function repliesOnceEach(sessions: string[], count: number): Promise<string[][]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const received = await Promise.all(sessions.map((id) => client().replies(id)));
      if (received.every((r) => r.length >= count) || Date.now() > deadline)
        return received.map((r) => r.map((reply) => reply.inReplyTo ?? 'none'));
      await sleep(100);
    }
  }

  it('answers every message of the killed batch once, in order, after the restart', async () => {
    const sessions = await Promise.all(Array.from({ length: VISITORS }, () => client().createSession()));
    await Promise.all(sessions.map((id) => client().send(id, 'm0', 'hi')));
    await repliesOnceEach(sessions, 1);
    const expected = (id: string, last: number) => Array.from({ length: last + 1 }, (_, n) => `${id}-m${n}`);

    // Rounds of one message from everyone, with replies held back by the lock below, until a batch of
    // several conversations waits at it. On a busy machine the messages can trickle in so slowly that
    // the two batches in flight take one conversation each; that round is let through and tried again.
    let round = 0;
    for (let killed = false; !killed;) {
      round += 1;
      if (round > ROUNDS) throw new Error(`no batch of several conversations formed in ${ROUNDS} rounds`);
      // Replies cannot be written while this lock is held: the steps stop just before their outbox rows.
      await sql.query('BEGIN');
      await sql.query('LOCK TABLE outbox IN EXCLUSIVE MODE');
      try {
        const text = round % 2 === 1 ? 'الاستفسارات' : 'رجوع';
        await Promise.all(sessions.map((id) => client().send(id, `m${round}`, text)));
        // The app's transactions stopped at the lock, and the conversations they hold.
        const { waiting, locked } = await batchesAtTheLock();
        expect(waiting).toBeGreaterThanOrEqual(1);
        if (locked > waiting) {
          await app.kill();
          killed = true;
        }
      } finally {
        await sql.query('ROLLBACK');
      }
      if (!killed) await repliesOnceEach(sessions, round + 1);
    }
    const unprocessed = await sql.query(`SELECT 1 FROM inbound_messages WHERE processed_at IS NULL`);
    expect(unprocessed.rowCount).toBe(VISITORS);

    await app.start();
    const afterRestart = await repliesOnceEach(sessions, round + 1);
    for (const [i, id] of sessions.entries())
      expect({ visitor: i, inReplyTo: afterRestart[i] }).toEqual({
        visitor: i,
        inReplyTo: expected(id, round),
      });

    // The conversations go on where they were, in order.
    const next = round + 1;
    await Promise.all(sessions.map((id) => client().send(id, `m${next}`, 'القائمة')));
    const after = await repliesOnceEach(sessions, next + 1);
    for (const [i, id] of sessions.entries())
      expect({ visitor: i, inReplyTo: after[i] }).toEqual({ visitor: i, inReplyTo: expected(id, next) });
    const twice = await sql.query(
      `SELECT inbound_id FROM outbox WHERE inbound_id IS NOT NULL GROUP BY inbound_id HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    expect(await app.stop()).toBe(0);
  }, 300_000);

  /**
   * How many app transactions wait on the outbox lock (nothing else takes a lock the app could wait on
   * here) and how many conversations are locked, once both read the same twice 250 ms apart with one
   * transaction waiting at least (a batch still on its way to the lock holds conversations too), or
   * after 20 s. Not by query text: a prepared statement waiting in its bind step is still shown with
   * the transaction's previous statement.
   */
  async function batchesAtTheLock(): Promise<{ waiting: number; locked: number }> {
    const deadline = Date.now() + 20_000;
    let previous = '';
    for (;;) {
      const found = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
      );
      const seen = { waiting: found.rows[0]?.n ?? 0, locked: await lockedConversations() };
      const settled = seen.waiting > 0 && JSON.stringify(seen) === previous;
      if (settled || Date.now() > deadline) return seen;
      previous = JSON.stringify(seen);
      await sleep(250);
    }
  }

  /** Conversations whose row lock another transaction holds (tried from a third connection). */
  async function lockedConversations(): Promise<number> {
    const probe = new Client({ connectionString: databaseUrl });
    await probe.connect();
    try {
      const found = await probe.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM conversations)::int
              - (SELECT count(*) FROM (SELECT id FROM conversations FOR NO KEY UPDATE SKIP LOCKED) free)::int AS n`,
      );
      return found.rows[0]?.n ?? 0;
    } finally {
      await probe.end();
    }
  }
});
