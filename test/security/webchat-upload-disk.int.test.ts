import type { Tawasul } from '../../src/app/start-tawasul';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { EncryptedDocumentStore } from '../../src/documents/encrypted-document-store';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { uploadLimitsFromProfile } from '../../src/documents/upload-limits';
import { buildApp } from '../../src/http/app';
import { FieldCipher } from '../../src/security/field-cipher';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';

/**
 * Replays the disk fill of issue 17 (M2): 80 uploads into one session, 60 of them duplicates (20 resent
 * under the same `x-client-message-id`, 40 the same bytes under new ids), into the sealed document store
 * (every write of a sealed store has a new name, so it cannot dedupe by itself). Before, each stored its
 * own copy (400 MB of 5 MB files in 14 s); now the folder holds one copy of each distinct file. And an
 * upload whose message the conversation does not take in (over the flood budget, refused) leaves no file
 * behind.
 */
const profile = loadProfile(DEMO_PROFILE_PATH);
const cipher = new FieldCipher(Buffer.alloc(32, 9));
/** A JPEG of 64 KB whose bytes differ by `n`. */
const jpeg = (n: number) =>
  Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64 * 1024, n + 1), Buffer.from([n])]);

async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describeEachDatabase(
  'web chat: uploads do not fill the disk',
  (getDb) => {
    let folder = '';
    let runtime: Tawasul;
    const apps: FastifyInstance[] = [];
    let clock = 1_000_000;

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-upload-disk-'));
    });
    afterAll(async () => {
      for (const app of apps) await app.close();
      await runtime?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    async function appWith(channel: WebChatChannel) {
      const app = await buildApp({
        logger: pino({ level: 'silent' }),
        readiness: {},
        webchat: channel,
        webchatOptions: {
          documents: new EncryptedDocumentStore(new FsDocumentStore(folder), cipher),
          uploads: uploadLimitsFromProfile(profile),
          // Past the per-session limit of 20 posts in 10 s: the clock moves a second per upload.
          now: () => (clock += 1_000),
        },
      });
      apps.push(app);
      return app;
    }
    const upload = (app: FastifyInstance, session: string, id: string, bytes: Buffer) =>
      app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${session}/uploads`,
        headers: { 'content-type': 'image/jpeg', 'x-file-name': `${id}.jpg`, 'x-client-message-id': id },
        payload: bytes,
      });

    it('stores each distinct file once, however often it is resent', async () => {
      const webchat = new WebChatChannel(getDb(), cipher);
      runtime = await startTestTawasul(getDb(), {
        profile,
        channels: { extra: [webchat] },
        tuning: { inboundBudget: false },
      });
      const app = await appWith(webchat);
      const session = 'diskFillSession0123456789';
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await upload(app, session, `u${i}`, jpeg(i))).statusCode);
      expect(await filesIn(folder)).toHaveLength(20);
      // The same uploads again (a retry), then the same bytes as new messages.
      for (let i = 0; i < 20; i++) statuses.push((await upload(app, session, `u${i}`, jpeg(i))).statusCode);
      for (let i = 0; i < 40; i++)
        statuses.push((await upload(app, session, `again${i}`, jpeg(i % 20))).statusCode);
      expect(statuses.filter((s) => s !== 202)).toEqual([]);
      expect(await filesIn(folder)).toHaveLength(20);

      // Every message points to a file that exists, the first copy of its bytes.
      const refs = await getDb().query<{ ref: string }>(
        `SELECT DISTINCT m->>'ref' AS ref FROM inbound_messages i, jsonb_array_elements(i.payload->'media') m
         WHERE i.channel_message_id LIKE $1`,
        [`${session}-%`],
      );
      expect(refs.rows.map((r) => r.ref).sort()).toEqual((await filesIn(folder)).sort());
    });

    const refusals: [string, AcceptResult, number][] = [
      ['over the flood budget', { status: 'limited', retryAfterMs: 5_000 }, 429],
      ['refused', { status: 'rejected', issues: ['not now'] }, 400],
    ];
    it.each(refusals)('removes the file of an upload whose message was %s', async (_what, answer, status) => {
      const refusing = new WebChatChannel(getDb(), cipher);
      await refusing.start(async () => answer);
      const app = await appWith(refusing);
      const before = await filesIn(folder);
      const res = await upload(app, `refusedSession${status}0123456789`, 'r1', jpeg(100 + status));
      expect(res.statusCode).toBe(status);
      expect((await filesIn(folder)).sort()).toEqual(before.sort());
    });
  },
  { migrate: true },
);
