import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { toNumberedText } from '../../src/channels/numbered-text';
import { ConfigError } from '../../src/config/config-error';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { buildApp } from '../../src/http/app';
import type { Tawasul } from '../../src/app/start-tawasul';
import { FieldCipher } from '../../src/security/field-cipher';
import { StaffBot, type StaffBotOptions } from '../../src/staff-bot/staff-bot';
import { staffBotWebhookRoutes } from '../../src/staff-bot/staff-bot-webhook-routes';
import type { Database } from '../../src/store/database';
import { freePort } from '../support/app-process';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi, type SentMessage } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

/**
 * The staff bot in webhook mode, end to end: Telegram (the Bot API stand-in) posts each update to
 * the staff bot's route over HTTP, and a press or a message does exactly what it does by polling
 * (test/staff-bot/staff-bot.int.test.ts). A call without the secret reaches nothing.
 */
const GROUP = -1001234567890;
const HUDA = 5001; // volunteer
const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = {
  ...demo,
  policy: { version: '2026-1', url: 'https://example.org/policy' },
  staff: [
    ...demo.staff,
    { id: 'huda', name: 'هدى', roles: ['volunteer'], categories: [], telegramUserId: HUDA },
  ],
};
/** Sunday 22 November 2026, 10:00 in Riyadh: staff are at work. */
const CLOCK = new Date('2026-11-22T10:00:00+03:00');
const SECRET = 'staff-hook-0123456789abcdef';
const cipher = new FieldCipher(Buffer.alloc(32, 9));
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

interface World {
  db: Database;
  api: FakeTelegramApi;
  chat: InProcessChannel;
  runtime: Tawasul;
  staffBot: StaffBot;
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

function staffBotOptions(db: Database, runtime: Tawasul, api: FakeTelegramApi, dir: string): StaffBotOptions {
  return {
    token: api.token,
    apiRoot: api.apiRoot,
    groupId: GROUP,
    db,
    profile,
    translator: runtime.translator,
    caseActions: runtime.caseActions,
    conversations: runtime.service,
    documents: new FsDocumentStore(dir),
    cipher,
    logger,
    pacing: { groupIntervalMs: 160, perChatIntervalMs: 60, globalPerSecond: 30 },
    pollIntervalMs: 100,
    now: () => CLOCK,
  };
}

async function startWorld(db: Database): Promise<World> {
  const { chat, runtime } = await startSpine(db, freshQueuePrefix(), { profile, now: () => CLOCK, cipher });
  const api = await FakeTelegramApi.start({ limits: false, botUsername: 'tawasul_staff_bot' });
  api.addGroup(GROUP, { forum: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-staff-hook-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/telegram/staff-webhook`;
  const staffBot = new StaffBot({
    ...staffBotOptions(db, runtime, api, dir),
    webhook: { url, secret: SECRET },
  });
  const app = await buildApp({ logger, readiness: {} });
  await app.register(staffBotWebhookRoutes, { staffBot });
  await app.listen({ host: '127.0.0.1', port });
  await staffBot.start();
  return {
    db,
    api,
    chat,
    runtime,
    staffBot,
    app,
    url,
    async stop() {
      // The stand-in first, so no webhook call is in flight while the app closes.
      await api.close();
      await app.close();
      await staffBot.stop();
      await runtime.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A person at the main menu who asks to talk with staff; resolves with the handoff's reference. */
async function openHandoff(world: World, user: string): Promise<string> {
  const talk = async (text: string) => {
    await world.chat.say(user, text);
    return toNumberedText(await world.chat.nextReply(user));
  };
  await talk('السلام عليكم');
  await talk('١');
  await talk('أوافق');
  await talk('التحدث مع موظف');
  return /HND-\d{4}-\d{2}/.exec(await talk('تخطي'))![0];
}

function cardOf(api: FakeTelegramApi, reference: string): Promise<SentMessage> {
  return api.waitUntil(
    () => api.sent(GROUP).find((m) => m.text.includes(reference) && m.buttons.length > 0),
    20_000,
    `the card of ${reference}`,
  );
}

/** What a forged webhook call gets: Telegram's shape of a press, POSTed with `secret` (or none). */
async function postPress(world: World, card: SentMessage, data: string, secret?: string): Promise<number> {
  const response = await fetch(world.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify({
      update_id: 990_001,
      callback_query: {
        id: 'forged-1',
        from: { id: HUDA, is_bot: false, first_name: 'Huda' },
        chat_instance: 'ci',
        data,
        message: {
          message_id: card.messageId,
          date: 1,
          chat: { id: GROUP, type: 'supergroup', is_forum: true },
          message_thread_id: card.threadId,
        },
      },
    }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function eventTypes(db: Database, reference: string): Promise<string[]> {
  const found = await db.query<{ type: string }>(
    'SELECT type FROM events WHERE subject_id = $1 ORDER BY id',
    [reference],
  );
  return found.rows.map((r) => r.type);
}

describeEachDatabase(
  'staff bot by webhook',
  (getDb) => {
    it('takes a press and a reply by webhook as it does by polling, one at a time, never polling', async () => {
      const world = await startWorld(getDb());
      const { api, chat } = world;
      try {
        expect(api.webhook).toMatchObject({ url: world.url, secretToken: SECRET });
        expect(api.calls.find((c) => c.method === 'setWebhook')?.params).toMatchObject({
          max_connections: 1,
        });
        const ref = await openHandoff(world, 'omar');
        const card = await cardOf(api, ref);

        // /ack in private, then the claim button, then a reply in the topic: all by webhook.
        api.sendText(HUDA, '/ack');
        expect((await api.waitForSent(HUDA, 2)).map((m) => m.text).join('\n')).toContain('سجّلنا إقرارك');
        const press = api.pressButton(GROUP, `h:claim:${ref}`, card.messageId, { from: HUDA });
        await api.waitForCallbackAnswer(press);
        expect(api.callbackAnswers.find((a) => a.id === press)?.text).toContain('استلمت');
        expect(textOf(await chat.nextReply('omar'))).toContain('من فريق الجمعية إلى محادثتك');
        await api.waitUntil(() => (card.text.includes('المسؤول عنها: هدى') ? true : undefined));

        api.postInGroup(GROUP, HUDA, { text: 'وعليكم السلام، سأتابع الأمر' }, { threadId: card.threadId });
        const answer = textOf(await chat.nextReply('omar'));
        expect(answer).toContain('هدى من فريق الجمعية');
        expect(answer).toContain('سأتابع الأمر');

        await api.waitForDrained();
        expect(api.webhookDeliveries.map((d) => d.status)).toEqual([200, 200, 200]);
        expect(api.calls.some((c) => c.method === 'getUpdates')).toBe(false);
        expect(await eventTypes(world.db, ref)).toEqual([
          'handoff.opened',
          'handoff.claimed',
          'handoff.staffReplied',
        ]);
      } finally {
        await world.stop();
      }
    }, 90_000);

    it('refuses a call without the right secret with 403, and nothing happens', async () => {
      const world = await startWorld(getDb());
      const { api } = world;
      try {
        const ref = await openHandoff(world, 'sami');
        const card = await cardOf(api, ref);
        api.sendText(HUDA, '/ack');
        await api.waitForSent(HUDA, 2);

        // A press Huda may make: refused for the secret alone.
        expect(await postPress(world, card, `h:claim:${ref}`, `${SECRET}x`)).toBe(403);
        expect(await postPress(world, card, `h:claim:${ref}`, SECRET.slice(1))).toBe(403);
        expect(await postPress(world, card, `h:claim:${ref}`)).toBe(403);
        expect(await eventTypes(world.db, ref)).toEqual(['handoff.opened']);
        expect(card.buttons.map((b) => b.data)).toContain(`h:claim:${ref}`);

        // The same call with the secret is taken: the refusals above were about the secret.
        expect(await postPress(world, card, `h:claim:${ref}`, SECRET)).toBe(200);
        expect(await eventTypes(world.db, ref)).toEqual(['handoff.opened', 'handoff.claimed']);

        await world.staffBot.stop();
        expect(await postPress(world, card, `h:close:${ref}`, SECRET)).toBe(503);
      } finally {
        await world.stop();
      }
    }, 90_000);

    it('does not start with a token Telegram refuses, or a group it does not know', async () => {
      const { runtime } = await startSpine(getDb(), freshQueuePrefix(), {
        profile,
        now: () => CLOCK,
        cipher,
      });
      const api = await FakeTelegramApi.start({ limits: false });
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-staff-hook-'));
      try {
        const options = staffBotOptions(getDb(), runtime, api, dir);
        const webhook = { url: 'http://127.0.0.1:9/telegram/staff-webhook', secret: SECRET };
        const wrongToken = new StaffBot({ ...options, webhook, token: `${api.token}x` });
        await expect(wrongToken.start()).rejects.toThrow(ConfigError);
        await expect(wrongToken.start()).rejects.toThrow(/^STAFF_TELEGRAM_BOT_TOKEN .*refused the token/);
        const noGroup = new StaffBot({ ...options, webhook });
        await expect(noGroup.start()).rejects.toThrow(/^STAFF_TELEGRAM_GROUP_ID=-1001234567890: .*@/);
        // Refused before the webhook was set: Telegram does not post to a bot that is not running.
        expect(api.webhook).toBeUndefined();
      } finally {
        await api.close();
        await runtime.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
  { migrate: true },
);
