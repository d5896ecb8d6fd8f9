import type { Tawasul } from '../../src/app/start-tawasul';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { buildApp } from '../../src/http/app';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from '../console/console-harness';

/**
 * Replays the input findings of issue 17 (Low): NUL bytes and lone surrogates in a web chat session id,
 * message text, client message id and upload name, and in console JSON bodies (500s from PostgreSQL
 * before); the longest documented message written as escaped Arabic JSON (refused by a 64 KB body limit
 * before); and a body too large, of the wrong type or not JSON (answered with Fastify's `FST_…` codes
 * before). Every refusal is now a documented `ERR_…` code with the field's path; a message keeps its text.
 */
const profile = loadProfile(DEMO_PROFILE_PATH);
/** JSON of `text` with every character written as a `\uXXXX` escape: 6 bytes a character. */
const escaped = (text: string) =>
  `"${[...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
const SESSION = 'hygieneSession0123456789';

describeEachDatabase(
  'malformed input answers 4xx with a documented code',
  (getDb) => {
    let app: FastifyInstance;
    let runtime: Tawasul;

    beforeAll(async () => {
      const webchat = new WebChatChannel(getDb());
      runtime = await startTestTawasul(getDb(), { profile, channels: { extra: [webchat] } });
      app = await buildApp({ logger: pino({ level: 'silent' }), readiness: {}, webchat, webchatOptions: {} });
    });
    afterAll(async () => {
      await app?.close();
      await runtime?.stop();
    });

    const postRaw = (url: string, body: string, contentType = 'application/json') =>
      app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload: body });
    const messages = `/webchat/api/sessions/${SESSION}/messages`;

    it('web chat: refuses a NUL or a lone surrogate in a session id, id or file name with the field path', async () => {
      for (const bad of ['%00', '%ED%A0%80', 'abc%00defghijklmnopqrstuvwxyz']) {
        const res = await postRaw(
          `/webchat/api/sessions/${bad}/messages`,
          '{"clientMessageId":"a","text":"x"}',
        );
        expect([bad, res.statusCode, res.json<{ error: string }>().error]).toEqual([
          bad,
          400,
          'ERR_VALIDATION',
        ]);
      }
      const nulSession = await app.inject({
        method: 'GET',
        url: `/webchat/api/sessions/${'A'.repeat(23)}%00/history`,
      });
      expect(nulSession.statusCode).toBe(400);
      const id = await postRaw(messages, '{"clientMessageId":"a\\u0000b","text":"x"}');
      expect(id.statusCode).toBe(400);
      expect(id.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'clientMessageId' }] });
      const surrogateId = await postRaw(messages, '{"clientMessageId":"a\\ud800","text":"x"}');
      expect(surrogateId.json()).toMatchObject({
        error: 'ERR_VALIDATION',
        issues: [{ path: 'clientMessageId' }],
      });
      const name = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${SESSION}/uploads`,
        headers: { 'content-type': 'image/jpeg', 'x-file-name': 'id%00.jpg' },
        payload: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
      });
      expect(name.statusCode).toBe(400);
      expect(name.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'x-file-name' }] });
      const query = await app.inject({ method: 'GET', url: `/webchat/api/texts?lang=ar%00` });
      expect(query.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'lang' }] });
    });

    it('web chat: keeps a message with a NUL or a lone surrogate, each replaced with U+FFFD', async () => {
      const res = await postRaw(messages, '{"clientMessageId":"n1","text":"سلام\\u0000عليكم\\ud800!"}');
      expect(res.statusCode).toBe(202);
      const history = await app.inject({ method: 'GET', url: `/webchat/api/sessions/${SESSION}/history` });
      const texts = history.json<{ entries: { from: string; text: string }[] }>().entries.map((e) => e.text);
      expect(texts).toContain('سلام\uFFFDعليكم\uFFFD!');
    });

    it('web chat: takes the longest documented message in any JSON encoding, and refuses more', async () => {
      const longest = 'ا'.repeat(20_000);
      const body = `{ "clientMessageId": "long1", "text": ${escaped(longest)}, "language": "ar" }`;
      expect(body.length).toBeGreaterThan(120_000);
      expect((await postRaw(messages, body)).statusCode).toBe(202);
      const tooLong = await postRaw(messages, `{"clientMessageId":"long2","text":${escaped(`${longest}ب`)}}`);
      expect(tooLong.statusCode).toBe(400);
      expect(tooLong.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'text' }] });
      const huge = await postRaw(
        messages,
        `{"clientMessageId":"long3","text":${escaped('ا'.repeat(30_000))}}`,
      );
      expect([huge.statusCode, huge.json<{ error: string }>().error]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
    });

    it('web chat: answers a body of the wrong type or not JSON with documented codes', async () => {
      const notJson = await postRaw(messages, '{"clientMessageId": ');
      expect([notJson.statusCode, notJson.json<{ error: string }>().error]).toEqual([
        400,
        'ERR_INVALID_JSON',
      ]);
      const wrongType = await postRaw(messages, '<hello/>', 'application/xml');
      expect([wrongType.statusCode, wrongType.json<{ error: string }>().error]).toEqual([
        415,
        'ERR_UNSUPPORTED_MEDIA_TYPE',
      ]);
      for (const res of [notJson, wrongType]) expect(res.body).not.toContain('FST_');
    });

    describe('the console API', () => {
      let h: ConsoleHarness;
      beforeAll(async () => {
        h = await startConsole(getDb());
      });
      afterAll(async () => h?.stop());

      it('refuses a NUL or a lone surrogate in any body field with its path, and maps Fastify refusals', async () => {
        const token = await h.app.inject({ method: 'GET', url: '/api/auth/csrf' });
        const cookie = (token.headers['set-cookie'] as string[] | string).toString().split(';')[0]!;
        const csrf = token.json<{ token: string }>().token;
        const login = (payload: string, contentType = 'application/json') =>
          h.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType },
            payload,
          });
        for (const staffId of ['t-admin\\u0000', 't-admin\\udc00']) {
          const res = await login(`{"staffId":"${staffId}","password":"x"}`);
          expect([staffId, res.statusCode]).toEqual([staffId, 400]);
          expect(res.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'staffId' }] });
          expect(res.json<{ message: string }>().message).toEqual(expect.any(String));
        }
        const session = await signIn(h.app, 't-admin');
        const ack = await h.app.inject({
          method: 'POST',
          url: '/api/policy/ack',
          headers: {
            cookie: session.cookie,
            'x-csrf-token': session.csrf,
            'content-type': 'application/json',
          },
          payload: '{"version":"1\\u0000"}',
        });
        expect(ack.statusCode).toBe(400);
        expect(ack.json()).toMatchObject({ error: 'ERR_VALIDATION', issues: [{ path: 'version' }] });

        const notJson = await login('{"staffId":');
        expect([notJson.statusCode, notJson.json<{ error: string }>().error]).toEqual([
          400,
          'ERR_INVALID_JSON',
        ]);
        const wrongType = await login('<staffId/>', 'application/xml');
        expect([wrongType.statusCode, wrongType.json<{ error: string }>().error]).toEqual([
          415,
          'ERR_UNSUPPORTED_MEDIA_TYPE',
        ]);
        const huge = await login(JSON.stringify({ staffId: 'x'.repeat(2 * 1024 * 1024), password: 'x' }));
        expect([huge.statusCode, huge.json<{ error: string }>().error]).toEqual([413, 'ERR_BODY_TOO_LARGE']);
      });
    });
  },
  { migrate: true },
);
