import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { eraseBeneficiary } from '../../src/cases/erase-beneficiary';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import type { Database } from '../../src/store/database';
import { PgEventLog } from '../../src/store/event-log';
import { describeEachDatabase } from '../support/databases';
import { TEST_REDIS_URL, freshQueuePrefix, startTestTawasul } from '../support/spine-harness';

/**
 * A deletion request, carried out, leaves nothing of the person anywhere we keep data: not in any
 * table (web chat deliveries, the inbound log, the outbox, cases, the declaration, the audit trail),
 * not in the queue's job data in Redis, not in the document store. test/conversation/my-data.int.test.ts
 * checks the tables for the in-process channel; this adds the web chat, Redis and the digits people
 * really type (Arabic-Indic), and a channel message id that carries a phone number, as WhatsApp's do.
 */
const NAME = 'Huda Salem Alotaibi';
const COMPLAINT = 'The basket for Huda Salem Alotaibi came three months late';
/** WhatsApp message ids embed the chat's phone number (`true_9665…@c.us_3EB0…`). */
const PHONE_IN_ID = 'wa-true_966501234567@c.us_3EB0C767D26A';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600, 3)]);
const PDF = Buffer.from('%PDF-1.4\nHuda income statement\n%%EOF\n');

/** Every row of every table of ours, as text. */
async function everything(db: Database): Promise<string> {
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await db.query<{ row: string }>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
    parts.push(...rows.rows.map((r) => `${name}: ${r.row}`));
  }
  return parts.join('\n');
}

/** Every value under the queue prefix in Redis, as text. */
async function everythingInRedis(prefix: string): Promise<string> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    const parts: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') parts.push(JSON.stringify(await redis.hgetall(key)));
      else if (type === 'list') parts.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') parts.push(...(await redis.zrange(key, '0', '-1')));
      else if (type === 'set') parts.push(...(await redis.smembers(key)));
      else if (type === 'string') parts.push((await redis.get(key)) ?? '');
      else if (type === 'stream') parts.push(JSON.stringify(await redis.xrange(key, '-', '+')));
      parts.push(key);
    }
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}

describeEachDatabase(
  'erasure of one person, everywhere',
  (getDb) => {
    let folder = '';
    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-erasure-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('leaves no trace of them in the tables, the queue or the document store', async () => {
      const db = getDb();
      const documents = new FsDocumentStore(folder);
      const webchat = new WebChatChannel(db);
      const prefix = freshQueuePrefix();
      const runtime = await startTestTawasul(db, {
        channels: { extra: [webchat] },
        queuePrefix: prefix,
        documents,
      });
      const session = 'HudaSessionAbcdefghijklmnop';
      let n = 0;
      const say = async (fields: string | Partial<InboundMessageInput>, clientId = `m${++n}`) => {
        await webchat.inbound({
          channel: 'webchat',
          channelMessageId: `${session}-${clientId}`,
          sender: { channelUserId: session },
          receivedAt: new Date(),
          ...(typeof fields === 'string' ? { text: fields } : fields),
        });
        await runtime.service.idle();
      };
      let reference = '';
      let files: string[] = [];
      try {
        const id = await documents.put(JPEG, { fileName: 'huda-id.jpg' });
        const income = await documents.put(PDF, { fileName: 'huda-income.pdf' });
        files = [id.ref, income.ref];
        const file = (stored: typeof id, kind: 'image' | 'document') => ({
          media: [{ kind, mimeType: stored.mimeType, sizeBytes: stored.sizeBytes, ref: stored.ref }],
        });
        for (const text of ['hi', '2', '1', '2', '1', '1', NAME, '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '4'])
          await say(text);
        await say(file(id, 'image'));
        await say('1');
        await say(file(income, 'document'));
        await say('1'); // the summary is right
        await say('1', PHONE_IN_ID); // the declaration, by a message whose id carries the number
        for (const text of ['4', '1', '2', COMPLAINT, '1', '1']) await say(text);
        await say({ choiceId: 'my-data' });
        await say('2');
        await say('1');
        // Every reply delivered (so the queue holds the jobs of all of them).
        const deadline = Date.now() + 20_000;
        for (;;) {
          const open = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`,
          );
          if (open.rows[0]?.n === 0 || Date.now() > deadline) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const replies = await webchat.deliveries(session, 0, 1000);
        reference = /DAT-\d{4}-\d{2}/.exec(JSON.stringify(replies))?.[0] ?? '';
        expect(JSON.stringify(replies)).toMatch(/REQ-\d{4}-\d{2}/);
        expect(JSON.stringify(replies)).toMatch(/CMP-\d{4}-\d{2}/);
        expect(reference).not.toBe('');
      } finally {
        await runtime.stop();
      }

      const traces = [
        session,
        NAME,
        COMPLAINT,
        '1000000008',
        '١٠٠٠٠٠٠٠٠٨',
        '501234567', // inside 0501234567, +966501234567 and 966501234567 alike
        '٠٥٠١٢٣٤٥٦٧',
        PHONE_IN_ID,
      ];
      // Before: the person is all over the store (so the checks below can fail).
      const before = await everything(db);
      for (const trace of [session, NAME, COMPLAINT, '501234567']) expect(before).toContain(trace);

      const result = await eraseBeneficiary({ db, documents, events: new PgEventLog() }, reference);
      expect(result.rows).toMatchObject({ beneficiaries: 1, webchat_deliveries: expect.any(Number) });
      expect(result.rows.webchat_deliveries).toBeGreaterThan(20);

      const after = await everything(db);
      const left = traces.filter((t) => after.includes(t));
      const where = left.map((t) =>
        after
          .split('\n')
          .find((line) => line.includes(t))
          ?.slice(0, 400),
      );
      expect({ left, where }).toEqual({ left: [], where: [] });

      // The queue's jobs only ever carried row ids and case references.
      const queued = await everythingInRedis(prefix);
      // The jobs are there (timers and periodic jobs: web chat replies no longer pass through Redis)…
      expect(queued).toMatch(/"data":/);
      expect(traces.filter((t) => queued.includes(t))).toEqual([]); // …and nothing of the person in them

      // Her files are destroyed.
      for (const ref of files) await expect(documents.get(ref)).rejects.toThrow();
      expect(result.documents.sort()).toEqual([...files].sort());
    }, 120_000);
  },
  { migrate: false },
);
