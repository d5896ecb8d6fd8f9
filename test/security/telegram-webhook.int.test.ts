import type { Tawasul } from '../../src/app/start-tawasul';
import { describeEachDatabase } from '../support/databases';
import type { FakeTelegramApi } from '../support/fake-telegram-api';
import { startTelegramWebhookSpine } from '../support/telegram-webhook-spine';

/**
 * The Telegram webhook through the whole spine: a replayed update — the same update_id again (as
 * Telegram redelivers after a timeout), later again, or re-posted under a new update_id — is answered
 * 200 and processed once, so the person gets one reply; a forged call without the secret is refused
 * and reaches nothing. (test/channels/telegram.int.test.ts checks the secret comparison itself.)
 */
const CHAT = 4_300_777;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase(
  'Telegram webhook: replayed and forged updates',
  (getDb) => {
    const secret = 'replay-secret-0123456789abcdef';
    let spine: Awaited<ReturnType<typeof startTelegramWebhookSpine>>;
    let runtime: Tawasul;
    let api: FakeTelegramApi;
    let url = '';

    beforeAll(async () => {
      spine = await startTelegramWebhookSpine(getDb(), secret);
      ({ runtime, api, url } = spine);
    }, 60_000);

    afterAll(async () => {
      await spine?.stop();
    });

    const post = async (
      update: object,
      headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': secret },
    ) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(update),
      });
      await res.arrayBuffer();
      return res.status;
    };
    const inbound = async () =>
      (
        await getDb().query<{ id: string }>(
          `SELECT channel_message_id AS id FROM inbound_messages WHERE channel = 'telegram' ORDER BY id`,
        )
      ).rows.map((r) => r.id);

    it('processes a replayed update once and answers it once', async () => {
      // Telegram delivers it (through its webhook call), then the same update arrives again and again.
      const update = api.sendText(CHAT, 'السلام عليكم');
      await api.waitForDrained();
      expect(await Promise.all([post(update), post(update)])).toEqual([200, 200]);
      await runtime.service.idle();
      await sleep(300);
      expect(await post(update)).toBe(200);
      expect(await post({ ...update, update_id: update.update_id + 10_000 })).toBe(200);
      await runtime.service.idle();

      expect(await inbound()).toEqual([
        `${CHAT}-${(update as unknown as { message: { message_id: number } }).message.message_id}`,
      ]);
      const deadline = Date.now() + 10_000;
      while (api.sent(CHAT).length === 0 && Date.now() < deadline) await sleep(50);
      await sleep(1_500); // room for a second reply, were there one
      expect(api.sent(CHAT)).toHaveLength(1);
      expect(api.sent(CHAT)[0]?.text).toContain('Choose your language');
    }, 30_000);

    it('refuses a forged update (no secret, or a wrong one) before it reaches the spine', async () => {
      const before = await inbound();
      const forged = {
        update_id: 77_001,
        message: {
          message_id: 99,
          date: Math.floor(Date.now() / 1000),
          chat: { id: CHAT + 1, type: 'private' },
          from: { id: CHAT + 1, is_bot: false, first_name: 'x' },
          text: 'forged',
        },
      };
      expect(await post(forged, {})).toBe(403);
      expect(await post(forged, { 'x-telegram-bot-api-secret-token': `${secret}x` })).toBe(403);
      expect(await post(forged, { 'x-telegram-bot-api-secret-token': secret.toUpperCase() })).toBe(403);
      await runtime.service.idle();
      expect(await inbound()).toEqual(before);
      expect(api.sent(CHAT + 1)).toEqual([]);
    });

    // Issue 17 (Low): a NUL in an update was a 500 from PostgreSQL (and Telegram sent it again and
    // again); Fastify's own refusals answered with `FST_…` codes.
    it('keeps an update with a NUL or a lone surrogate, and answers malformed bodies with documented codes', async () => {
      const update = {
        update_id: 88_001,
        message: {
          message_id: 501,
          date: Math.floor(Date.now() / 1000),
          chat: { id: CHAT + 2, type: 'private' },
          from: { id: CHAT + 2, is_bot: false, first_name: 'x' },
          text: 'placeholder',
        },
      };
      const raw = JSON.stringify(update).replace('placeholder', 'a\\u0000b\\ud800c');
      const send = (body: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
          body,
        });
      expect((await send(raw)).status).toBe(200);
      await runtime.service.idle();
      const stored = await getDb().query<{ text: string }>(
        `SELECT payload->>'text' AS text FROM inbound_messages WHERE channel = 'telegram' AND channel_message_id LIKE $1`,
        [`${CHAT + 2}-%`],
      );
      expect(stored.rows.map((r) => r.text)).toEqual(['a\uFFFDb\uFFFDc']);

      const notJson = await send('{"update_id":');
      expect([notJson.status, ((await notJson.json()) as { error: string }).error]).toEqual([
        400,
        'ERR_INVALID_JSON',
      ]);
      const huge = await send(JSON.stringify({ update_id: 1, padding: 'x'.repeat(1024 * 1024) }));
      expect([huge.status, ((await huge.json()) as { error: string }).error]).toEqual([
        413,
        'ERR_BODY_TOO_LARGE',
      ]);
    });
  },
  { migrate: false },
);
