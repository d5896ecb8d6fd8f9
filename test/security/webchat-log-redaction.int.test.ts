import type { Tawasul } from '../../src/app/start-tawasul';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { uploadLimitsFromProfile } from '../../src/documents/upload-limits';
import { buildApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/create-logger';
import { sessionTag } from '../../src/logging/redact-session-paths';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';

/**
 * Replays the log finding of issue 17 (M3): the web chat session id, the visitor's only key to their
 * conversation, was written into every request log line (Fastify logs the full URL) and into the error
 * log of a failed request. A visitor chats, uploads a file, reads their history and replies, sends a
 * malformed body, and a request fails with a 500; the app logs at debug level, the spine included.
 * No captured line holds the id; the lines show its short hash, so the scan does not pass on silence.
 */
const profile = loadProfile(DEMO_PROFILE_PATH);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(900, 5)]);
const SESSION = 'LogScanSession_0123456789-abc';

describeEachDatabase(
  'web chat: session ids stay out of the logs',
  (getDb) => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(...chunk.toString().split('\n').filter(Boolean));
          done();
        },
      }),
    });
    let folder = '';
    let app: FastifyInstance;
    let broken: FastifyInstance;
    let runtime: Tawasul;

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-logredact-'));
      const webchat = new WebChatChannel(getDb());
      runtime = await startTestTawasul(getDb(), { profile, channels: { extra: [webchat] }, logger });
      const webchatOptions = {
        documents: new FsDocumentStore(folder),
        uploads: uploadLimitsFromProfile(profile),
      };
      app = await buildApp({ logger, readiness: {}, webchat, webchatOptions });
      // A channel that was never started: its inbound handler throws, the request fails with a 500.
      broken = await buildApp({
        logger,
        readiness: {},
        webchat: new WebChatChannel(getDb()),
        webchatOptions,
      });
    });
    afterAll(async () => {
      await app?.close();
      await broken?.close();
      await runtime?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    it('logs a short hash where the session id was, in request lines and error logs', async () => {
      const base = `/webchat/api/sessions/${SESSION}`;
      for (const [i, text] of ['hi', '2', '1'].entries()) {
        const res = await app.inject({
          method: 'POST',
          url: `${base}/messages`,
          payload: { clientMessageId: `m${i}`, text },
        });
        expect(res.statusCode).toBe(202);
      }
      const upload = await app.inject({
        method: 'POST',
        url: `${base}/uploads`,
        headers: { 'content-type': 'image/jpeg', 'x-file-name': 'id.jpg', 'x-client-message-id': 'u1' },
        payload: JPEG,
      });
      expect(upload.statusCode).toBe(202);
      expect((await app.inject({ method: 'GET', url: `${base}/history` })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: `${base}/messages?after=0` })).statusCode).toBe(200);
      const bad = await app.inject({
        method: 'POST',
        url: `${base}/messages`,
        headers: { 'content-type': 'application/json' },
        payload: '{"clientMessageId":',
      });
      expect(bad.statusCode).toBe(400);
      const failed = await broken.inject({
        method: 'POST',
        url: `${base}/messages`,
        payload: { clientMessageId: 'x', text: 'hi' },
      });
      expect(failed.statusCode).toBe(500);
      // Let the spine finish and log what it does with the messages.
      await new Promise((r) => setTimeout(r, 1_500));

      const leaks = lines.filter((l) => l.includes(SESSION) || l.includes(encodeURIComponent(SESSION)));
      expect(leaks.map((l) => l.slice(0, 300))).toEqual([]);
      expect(lines.some((l) => l.includes('"level":50'))).toBe(true);
      expect(
        lines.filter((l) => l.includes(`/webchat/api/sessions/${sessionTag(SESSION)}/messages`)).length,
      ).toBeGreaterThan(4);
    });
  },
  { migrate: true },
);
