import type { Tawasul } from '../../src/app/start-tawasul';
import { describeEachDatabase } from '../support/databases';
import type { FakeTelegramApi } from '../support/fake-telegram-api';
import { startTelegramWebhookSpine } from '../support/telegram-webhook-spine';

/**
 * Replays issue 17, "NUL bytes and lone surrogates give 500" on the Telegram webhook: an update whose
 * text, sender name or button callback data holds a NUL ("\u0000") or half a surrogate pair ("\uD800")
 * made the database refuse the write, the webhook answered 500, and Telegram, which redelivers any
 * non-2xx answer, would retry it for ever (blocking the chat's later updates). Now the update is
 * answered 200 and handled: NULs stripped and lone halves replaced by U+FFFD before anything is stored.
 */
const CHAT = 4_300_917;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEachDatabase(
  'Telegram webhook: updates holding a NUL or a lone surrogate',
  (getDb) => {
    const secret = 'nul-secret-0123456789abcdef';
    let spine: Awaited<ReturnType<typeof startTelegramWebhookSpine>>;
    let runtime: Tawasul;
    let api: FakeTelegramApi;

    beforeAll(async () => {
      spine = await startTelegramWebhookSpine(getDb(), secret);
      ({ runtime, api } = spine);
    }, 60_000);
    afterAll(async () => {
      await spine?.stop();
    });

    const delivered = async (updateId: number) => {
      await api.waitForDrained();
      await runtime.service.idle();
      return api.webhookDeliveries.filter((d) => d.updateId === updateId).map((d) => d.status);
    };
    const replies = async (chat: number, count: number) => {
      const deadline = Date.now() + 10_000;
      while (api.sent(chat).length < count && Date.now() < deadline) await sleep(50);
      return api.sent(chat);
    };
    const badName = {
      first_name: 'Sa\u0000ra\uD800',
      last_name: '\uDC00Ali\u0000',
      language_code: 'ar\u0000',
    };

    it('answers 200 to a message whose text and sender name hold them, and stores clean text', async () => {
      const update = api.sendText(CHAT, 'السلام\u0000 عليكم\uD800', badName);
      expect(await delivered(update.update_id)).toEqual([200]);
      expect((await replies(CHAT, 1))[0]?.text).toContain('Choose your language');
      const stored = await getDb().query<{ id: string }>(
        `SELECT channel_message_id AS id FROM inbound_messages WHERE channel = 'telegram' AND channel_message_id LIKE $1`,
        [`${CHAT}-%`],
      );
      expect(stored.rows).toHaveLength(1);
      // The chat's next, ordinary message is handled as usual: nothing is stuck before it.
      const next = api.sendText(CHAT, '1', badName);
      expect(await delivered(next.update_id)).toEqual([200]);
      expect((await replies(CHAT, 2)).length).toBeGreaterThanOrEqual(2);
    });

    it('answers 200 to a button press whose callback data holds them, and answers the press', async () => {
      const chat = CHAT + 1;
      expect(await delivered(api.sendText(chat, 'hello', badName).update_id)).toEqual([200]);
      await replies(chat, 1);
      for (const data of ['lang:ar\u0000', '\uD800', 'x\u0000\uDFFF']) {
        const before = api.webhookDeliveries.length;
        const id = api.pressButton(chat, data);
        await api.waitForCallbackAnswer(id);
        await api.waitForDrained();
        expect(api.webhookDeliveries.slice(before).map((d) => d.status)).toEqual([200]);
      }
    });
  },
  { migrate: false },
);
