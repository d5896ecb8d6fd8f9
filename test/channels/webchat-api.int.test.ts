import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { AcceptResult } from '../../src/channels/channel-adapter';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import type { WebChatRouteOptions } from '../../src/channels/webchat/webchat-routes';
import { WEBCHAT_ERRORS } from '../../src/channels/webchat/webchat-http';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { InboundMessageInput } from '../../src/domain/inbound-message';
import { buildApp } from '../../src/http/app';
import { describeEachDatabase } from '../support/databases';
import { CONTRACT_SAMPLES } from './channel-contract';

const ROOT = path.join(__dirname, '../..');
const PNG = CONTRACT_SAMPLES.image.bytes;
const PDF = CONTRACT_SAMPLES.document.bytes;

describeEachDatabase(
  'web chat API',
  (getDb) => {
    let folder = '';
    let received: InboundMessageInput[] = [];
    const apps: FastifyInstance[] = [];

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-webchat-api-'));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });
    afterEach(async () => {
      await Promise.all(apps.splice(0).map((app) => app.close()));
    });

    /** The app with a web chat whose spine only records what it is handed. */
    async function start(options: Omit<WebChatRouteOptions, 'channel'> = {}) {
      received = [];
      const channel = new WebChatChannel(getDb());
      await channel.start(async (message): Promise<AcceptResult> => {
        received.push(message);
        return { status: 'accepted', conversationId: 'c' };
      });
      const documents = new FsDocumentStore(folder);
      const app = await buildApp({
        logger: pino({ level: 'silent' }),
        readiness: {},
        webchat: channel,
        webchatOptions: { documents, ...options },
      });
      apps.push(app);
      const sessionId = (await app.inject({ method: 'POST', url: '/webchat/api/sessions' })).json<{
        sessionId: string;
      }>().sessionId;
      return { app, channel, documents, sessionId };
    }

    const upload = (
      app: FastifyInstance,
      sessionId: string,
      bytes: Buffer,
      headers: Record<string, string> = {},
    ) =>
      app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${sessionId}/uploads`,
        headers: { 'content-type': 'application/octet-stream', ...headers },
        payload: bytes,
      });

    describe('uploads', () => {
      it('stores an image and hands the spine a message with its media', async () => {
        const { app, documents, sessionId } = await start();
        const res = await upload(app, sessionId, PNG, {
          'content-type': 'image/png',
          'x-file-name': encodeURIComponent('صورة الهوية.png'),
          'x-client-message-id': 'up-1',
        });
        expect(res.statusCode).toBe(202);
        expect(res.json()).toEqual({
          status: 'accepted',
          file: { fileName: 'صورة الهوية.png', mimeType: 'image/png', sizeBytes: PNG.length },
        });
        expect(received).toHaveLength(1);
        expect(received[0]).toMatchObject({
          channel: 'webchat',
          channelMessageId: `${sessionId}-up-1`,
          sender: { channelUserId: sessionId },
          text: '',
          media: [
            {
              kind: 'image',
              mimeType: 'image/png',
              sizeBytes: PNG.length,
              fileName: 'صورة الهوية.png',
              ref: CONTRACT_SAMPLES.image.ref,
            },
          ],
        });
        expect(await documents.get(CONTRACT_SAMPLES.image.ref)).toEqual(PNG);
      });

      it('takes a PDF as a document whatever type the browser declared', async () => {
        const { app, sessionId } = await start();
        const res = await upload(app, sessionId, PDF, { 'content-type': 'image/png' });
        expect(res.statusCode).toBe(202);
        expect(received[0]?.media?.[0]).toMatchObject({ kind: 'document', mimeType: 'application/pdf' });
      });

      it('refuses a type outside the allow-list with 415, by its bytes, storing nothing', async () => {
        const { app, sessionId } = await start();
        const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]);
        const res = await upload(app, sessionId, zip, { 'content-type': 'application/pdf' });
        expect(res.statusCode).toBe(415);
        expect(res.json()).toMatchObject({
          error: 'ERR_UPLOAD_TYPE',
          allowed: ['image/jpeg', 'image/png', 'application/pdf'],
        });
        expect(received).toEqual([]);
      });

      it('refuses a file over the size limit with 413', async () => {
        const { app, sessionId } = await start({
          uploads: { maxBytes: 1024, mimeTypes: ['image/png'] },
        });
        const big = Buffer.concat([PNG, Buffer.alloc(2048)]);
        const res = await upload(app, sessionId, big, { 'content-type': 'image/png' });
        expect(res.statusCode).toBe(413);
        expect(res.json()).toMatchObject({ error: 'ERR_UPLOAD_TOO_LARGE', maxBytes: 1024 });
        expect(received).toEqual([]);
      });

      it('refuses an empty file and a file name that is not percent-encoded, with the field path', async () => {
        const { app, sessionId } = await start();
        const empty = await upload(app, sessionId, Buffer.alloc(0));
        expect(empty.statusCode).toBe(400);
        expect(empty.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: '(body)' }] });
        const badName = await upload(app, sessionId, PNG, { 'x-file-name': '%E0%A4%A' });
        expect(badName.statusCode).toBe(400);
        expect(badName.json()).toMatchObject({ issues: [{ path: 'x-file-name' }] });
      });

      it('answers 503 when the app has no document store', async () => {
        const channel = new WebChatChannel(getDb());
        const app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {}, webchat: channel });
        apps.push(app);
        const res = await upload(app, 'A'.repeat(24), PNG);
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ error: 'ERR_UPLOADS_DISABLED' });
      });
    });

    it('limits posts per session: the 21st in 10 s gets 429 with retry-after, other sessions go on', async () => {
      const { app, sessionId } = await start();
      const post = (session: string, n: number) =>
        app.inject({
          method: 'POST',
          url: `/webchat/api/sessions/${session}/messages`,
          payload: { clientMessageId: `m${n}`, text: `رسالة ${n}` },
        });
      for (let n = 0; n < 20; n++) expect((await post(sessionId, n)).statusCode).toBe(202);
      const refused = await post(sessionId, 20);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ error: 'ERR_RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(10);
      const upload429 = await upload(app, sessionId, PNG);
      expect(upload429.statusCode).toBe(429);
      expect((await post('B'.repeat(24), 0)).statusCode).toBe(202);
      expect(received).toHaveLength(21);
    });

    it('takes a shared location and refuses one out of range with its path', async () => {
      const { app, sessionId } = await start();
      const ok = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${sessionId}/messages`,
        payload: { clientMessageId: 'loc', location: { latitude: 21.42, longitude: 39.82 } },
      });
      expect(ok.statusCode).toBe(202);
      expect(received[0]?.location).toEqual({ latitude: 21.42, longitude: 39.82 });
      const bad = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${sessionId}/messages`,
        payload: { clientMessageId: 'loc2', location: { latitude: 120, longitude: 39.82 } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ issues: [{ path: 'location.latitude' }] });
    });

    it('shows the history of both sides in order, with the conversation language', async () => {
      const { app, channel, sessionId } = await start();
      const db = getDb();
      // As the spine leaves it: a person, a conversation in English, two messages and their replies.
      await db.query(
        `WITH b AS (INSERT INTO beneficiaries (preferred_lang) VALUES ('en') RETURNING id),
         i AS (INSERT INTO channel_identities (channel, channel_user_id, beneficiary_id) SELECT 'webchat', $1, id FROM b)
         INSERT INTO conversations (beneficiary_id, channel, channel_user_id) SELECT id, 'webchat', $1 FROM b`,
        [sessionId],
      );
      const say = async (id: string, payload: Record<string, unknown>) =>
        db.query(
          `INSERT INTO inbound_messages (channel, channel_message_id, conversation_id, payload, received_at)
           SELECT 'webchat', $2, id, $3, now() FROM conversations WHERE channel_user_id = $1`,
          [sessionId, `${sessionId}-${id}`, JSON.stringify(payload)],
        );
      await say('c1', { text: 'Hello', media: [] });
      await channel.send(sessionId, { kind: 'text', text: 'Welcome' }, { idempotencyKey: 'k1' });
      await new Promise((r) => setTimeout(r, 5));
      await say('c2', {
        text: '',
        media: [
          { kind: 'image', mimeType: 'image/png', fileName: 'id.png', sizeBytes: 70, ref: 'x'.repeat(64) },
        ],
      });
      await channel.send(
        sessionId,
        { kind: 'choices', text: 'More?', choices: [{ id: 'a', label: 'Another' }] },
        { idempotencyKey: 'k2' },
      );
      const res = await app.inject({ method: 'GET', url: `/webchat/api/sessions/${sessionId}/history` });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ language: string; lastSeq: number; entries: Record<string, unknown>[] }>();
      expect(body.language).toBe('en');
      expect(
        body.entries.map((e) =>
          e.from === 'visitor'
            ? ['visitor', e.id, e.text, e.media]
            : ['bot', (e.message as { text: string }).text],
        ),
      ).toEqual([
        ['visitor', 'c1', 'Hello', undefined],
        ['bot', 'Welcome'],
        ['visitor', 'c2', '', [{ kind: 'image', mimeType: 'image/png', fileName: 'id.png', sizeBytes: 70 }]],
        ['bot', 'More?'],
      ]);
      expect(body.lastSeq).toBe(body.entries.at(-1)?.seq);
      // The stored ref of a visitor's file never goes back to the browser.
      expect(res.body).not.toContain('x'.repeat(64));
    });

    it('lets a session download a document it was sent, and no other session', async () => {
      const { app, channel, documents, sessionId } = await start();
      const stored = await documents.put(PDF, { fileName: 'نموذج.pdf' });
      await channel.send(
        sessionId,
        { kind: 'document', ref: stored.ref, fileName: 'نموذج.pdf', mimeType: 'application/pdf' },
        { idempotencyKey: 'doc-1' },
      );
      const mine = await app.inject({
        method: 'GET',
        url: `/webchat/api/sessions/${sessionId}/documents/${stored.ref}`,
      });
      expect(mine.statusCode).toBe(200);
      expect(mine.headers['content-type']).toBe('application/pdf');
      expect(mine.headers['content-disposition']).toContain(encodeURIComponent('نموذج.pdf'));
      expect(mine.rawPayload.equals(PDF)).toBe(true);
      const theirs = await app.inject({
        method: 'GET',
        url: `/webchat/api/sessions/${'C'.repeat(24)}/documents/${stored.ref}`,
      });
      expect(theirs.statusCode).toBe(404);
      expect(theirs.json()).toMatchObject({ error: 'ERR_NOT_FOUND' });
    });

    it('streams replies as server-sent events, resumes after Last-Event-ID, and closes with the app', async () => {
      const { app, channel, sessionId } = await start({ eventsPollMs: 60_000 });
      await channel.send(sessionId, { kind: 'text', text: 'earlier' }, { idempotencyKey: 'e0' });
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const first = (await channel.deliveries(sessionId, 0))[0]!.seq;

      const res = await fetch(`${url}/webchat/api/sessions/${sessionId}/events`, {
        headers: { 'last-event-id': String(first) },
      });
      expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      const nextEvent = async () => {
        for (;;) {
          const match = /(?:^|\n)(id: \d+\nevent: messages\ndata: .*)\n\n/.exec(buffer);
          if (match) {
            buffer = buffer.slice(match.index + match[0].length);
            const [, id, data] = /^id: (\d+)\nevent: messages\ndata: (.*)$/.exec(match[1]!)!;
            return {
              id: Number(id),
              data: JSON.parse(data!) as { messages: { message: { text: string } }[] },
            };
          }
          const chunk = await reader.read();
          if (chunk.done) throw new Error('the stream ended');
          buffer += decoder.decode(chunk.value, { stream: true });
        }
      };

      await channel.send(sessionId, { kind: 'text', text: 'just now' }, { idempotencyKey: 'e1' });
      const event = await nextEvent();
      expect(event.data.messages.map((m) => m.message.text)).toEqual(['just now']);
      expect(event.id).toBeGreaterThan(first);

      const closing = app.close();
      await expect(
        (async () => {
          for (;;) if ((await reader.read()).done) return 'ended';
        })(),
      ).resolves.toBe('ended');
      await closing;
    });

    describe('the page', () => {
      it('serves the page with its policy, and its files with types and an ETag', async () => {
        const { app } = await start();
        const redirect = await app.inject({ method: 'GET', url: '/webchat' });
        expect(redirect.statusCode).toBe(308);
        expect(redirect.headers.location).toBe('/webchat/');

        const page = await app.inject({ method: 'GET', url: '/webchat/' });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(page.headers['content-security-policy']).toContain("script-src 'self'");
        expect(page.body).toContain('aria-live="polite"');

        for (const [file, type] of [
          ['app.js', 'text/javascript; charset=utf-8'],
          ['widget.js', 'text/javascript; charset=utf-8'],
          ['style.css', 'text/css; charset=utf-8'],
        ]) {
          const res = await app.inject({ method: 'GET', url: `/webchat/${file}` });
          expect([file, res.statusCode, res.headers['content-type']]).toEqual([file, 200, type]);
          expect(res.headers['cache-control']).toBe('public, max-age=300');
          const again = await app.inject({
            method: 'GET',
            url: `/webchat/${file}`,
            headers: { 'if-none-match': String(res.headers.etag) },
          });
          expect(again.statusCode).toBe(304);
        }
        for (const url of ['/webchat/package.json', '/webchat/..%2F..%2Fpackage.json', '/webchat/public']) {
          expect([url, (await app.inject({ method: 'GET', url })).statusCode]).toEqual([url, 404]);
        }
      });

      it('serves its texts per language, readable from any site', async () => {
        const { app } = await start({ association: { ar: 'جمعية البر', en: 'Al-Birr Society' } });
        const ar = await app.inject({ method: 'GET', url: '/webchat/api/texts?lang=ar' });
        expect(ar.headers['access-control-allow-origin']).toBe('*');
        expect(ar.json()).toMatchObject({
          lang: 'ar',
          dir: 'rtl',
          association: 'جمعية البر',
          texts: { send: 'إرسال' },
          uploads: { maxBytes: 10 * 1024 * 1024 },
        });
        const en = await app.inject({ method: 'GET', url: '/webchat/api/texts?lang=en' });
        expect(en.json()).toMatchObject({ lang: 'en', dir: 'ltr', association: 'Al-Birr Society' });
        const fr = await app.inject({ method: 'GET', url: '/webchat/api/texts?lang=fr' });
        expect(fr.statusCode).toBe(400);
        expect(fr.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'lang' }] });
      });
    });
  },
  { migrate: true },
);

describe('docs/channels/webchat.md', () => {
  it('documents every error code the web chat API answers with', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/channels/webchat.md'), 'utf8');
    const missing = Object.keys(WEBCHAT_ERRORS).filter((code) => !doc.includes(code));
    expect(missing).toEqual([]);
  });
});
