import type { Tawasul } from '../../src/app/start-tawasul';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { uploadLimitsFromProfile } from '../../src/documents/upload-limits';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';

/**
 * One visitor can never read another's conversation through the web chat API: not their replies,
 * not their history, not their event stream, not their files, whatever session id they try (a
 * stranger's, a near miss of a real one, an unused one). The session id is the visitor's only key.
 * Guessing case references in the chat is covered by test/conversation/complaint-and-status.int.test.ts.
 */
const profile = loadProfile(DEMO_PROFILE_PATH);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(900, 5)]);
const HUDA = 'Huda Salem Alotaibi';

describeEachDatabase(
  'web chat: one session cannot read another',
  (getDb) => {
    let folder = '';
    let app: FastifyInstance;
    let runtime: Tawasul;

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-isolation-'));
      const webchat = new WebChatChannel(getDb());
      runtime = await startTestTawasul(getDb(), { profile, channels: { extra: [webchat] } });
      app = await buildApp({
        logger: pino({ level: 'silent' }),
        readiness: {},
        webchat,
        webchatOptions: {
          documents: new FsDocumentStore(folder),
          uploads: uploadLimitsFromProfile(profile),
          eventsPollMs: 200,
        },
      });
    });
    afterAll(async () => {
      await app?.close();
      await runtime?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    const post = (session: string, clientMessageId: string, text: string) =>
      app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${session}/messages`,
        payload: { clientMessageId, text },
      });
    const get = (url: string) => app.inject({ method: 'GET', url });
    /** Waits until the session has `count` replies stored. */
    async function replies(session: string, count: number): Promise<string> {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const res = await get(`/webchat/api/sessions/${session}/messages`);
        const { messages } = res.json<{ messages: unknown[] }>();
        if (messages.length >= count || Date.now() > deadline) return res.body;
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    it('lists only its own replies, history, stream and files', async () => {
      const huda = 'HudaSession0123456789abcd';
      const omar = 'OmarSession0123456789abcd';
      const script = ['hi', '2', '1', '2', '1', '1', HUDA, '1000000008', '0501234567'];
      for (const [i, text] of script.entries())
        expect((await post(huda, `h${i}`, text)).statusCode).toBe(202);
      const upload = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${huda}/uploads`,
        headers: { 'content-type': 'image/jpeg', 'x-file-name': 'huda-id.jpg', 'x-client-message-id': 'up1' },
        payload: JPEG,
      });
      expect(upload.statusCode).toBe(202);
      for (const [i, text] of ['hi', '1'].entries()) await post(omar, `o${i}`, text);
      await replies(huda, script.length + 1);
      await replies(omar, 2);
      // Her own history shows what she typed, ID and mobile included: she, and only she, may read it.
      const own = (await get(`/webchat/api/sessions/${huda}/history`)).body;
      for (const secret of [HUDA, '1000000008', '0501234567']) expect(own).toContain(secret);
      const hudaRef = (
        await getDb().query<{ ref: string }>(
          `SELECT m->>'ref' AS ref FROM inbound_messages i, jsonb_array_elements(i.payload->'media') m
           WHERE i.channel_message_id = $1`,
          [`${huda}-up1`],
        )
      ).rows[0]?.ref;
      expect(hudaRef).toMatch(/^[a-f0-9]{64}$/);

      const secrets = [HUDA, '1000000008', '0501234567', '501234567', 'huda-id.jpg', hudaRef!, huda];
      const leaks = (body: string) => secrets.filter((s) => body.includes(s));
      // Omar's own views, a near miss of Huda's id (case, prefix, suffix) and an unused id.
      const others = [omar, huda.toLowerCase(), huda.slice(0, 22), `${huda}x`, 'Z'.repeat(24)];
      for (const session of others) {
        for (const url of [
          `/webchat/api/sessions/${session}/messages`,
          `/webchat/api/sessions/${session}/messages?after=0`,
          `/webchat/api/sessions/${session}/history`,
        ]) {
          const res = await get(url);
          expect([url, res.statusCode, leaks(res.body)]).toEqual([url, 200, []]);
        }
        // Her file, asked for under any other session (and the file of a bot reply is the only kind served).
        const file = await get(`/webchat/api/sessions/${session}/documents/${hudaRef}`);
        expect([session, file.statusCode]).toEqual([session, 404]);
      }
      const strangers = await get(`/webchat/api/sessions/${'Z'.repeat(24)}/history`);
      expect(strangers.json()).toEqual({ entries: [], lastSeq: 0, language: null });

      // Even Huda cannot fetch back her own upload by ref: the API serves only files the bot sent.
      expect((await get(`/webchat/api/sessions/${huda}/documents/${hudaRef}`)).statusCode).toBe(404);
      // Nor does her history hand the ref out.
      expect((await get(`/webchat/api/sessions/${huda}/history`)).body).not.toContain(hudaRef);

      // Omar's event stream carries his replies only.
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const controller = new AbortController();
      const stream = await fetch(`${address}/webchat/api/sessions/${omar}/events?after=0`, {
        signal: controller.signal,
      });
      const reader = stream.body!.getReader();
      let seen = '';
      const until = Date.now() + 1_500;
      while (Date.now() < until && !seen.includes('event: messages')) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 300)),
        ]);
        if (chunk?.value) seen += Buffer.from(chunk.value).toString();
      }
      controller.abort();
      expect(seen).toContain('event: messages');
      expect(leaks(seen)).toEqual([]);
    }, 60_000);
  },
  { migrate: false },
);
