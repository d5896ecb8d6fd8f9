import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { toNumberedText } from '../../src/channels/numbered-text';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { StaffBot } from '../../src/staff-bot/staff-bot';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi, type SentMessage } from '../support/fake-telegram-api';
import { textOf } from '../support/spine-harness';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

const GROUP = -1005556667778;
/** The volunteer `t-volunteer` of the console harness, on Telegram too. */
const VOLUNTEER = 7001;
const CLOCK = new Date('2026-11-22T10:00:00+03:00');
const TIMEOUT_MS = 90_000;

async function staffLines(db: Database, reference: string) {
  const found = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox o JOIN handoffs h ON h.conversation_id = o.conversation_id
     WHERE h.reference = $1 AND o.inbound_id IS NULL`,
    [reference],
  );
  return found.rows[0]!.n;
}

/**
 * One handoff answered from both places: the staff group on Telegram (through the Bot API stand-in)
 * and the web console's inbox, both through `HandoffService`. Each reply reaches the person once; the
 * console shows what was said on Telegram, and the group's topic shows what was said in the console.
 */
describeEachDatabase(
  'a handoff answered from Telegram and from the console',
  (getDb) => {
    let h: ConsoleHarness;
    let api: FakeTelegramApi;
    let staffBot: StaffBot;
    let folder = '';

    beforeEach(async () => {
      h = await startConsole(getDb(), { now: () => CLOCK, inboxPollMs: 50 });
      api = await FakeTelegramApi.start({ limits: false, botUsername: 'tawasul_staff_bot' });
      api.addGroup(GROUP, { forum: true, title: 'فريق الجمعية' });
      folder = mkdtempSync(path.join(os.tmpdir(), 'tawasul-inbox-telegram-'));
      await getDb().query(`UPDATE staff_accounts SET telegram_user_id = $1 WHERE id = 't-volunteer'`, [
        VOLUNTEER,
      ]);
      staffBot = new StaffBot({
        token: api.token,
        apiRoot: api.apiRoot,
        groupId: GROUP,
        db: getDb(),
        profile: h.profile,
        translator: h.runtime.translator,
        caseActions: h.runtime.caseActions,
        conversations: h.runtime.service,
        documents: new FsDocumentStore(folder),
        logger: pino({ level: 'silent' }),
        // The stand-in enforces no limits: no need to pace posts at Telegram's 20 a minute.
        pacing: { groupIntervalMs: 20, perChatIntervalMs: 20, globalPerSecond: 100 },
        pollIntervalMs: 100,
        pollTimeoutSeconds: 1,
        now: () => CLOCK,
      });
      await staffBot.start();
    });

    afterEach(async () => {
      await staffBot.stop();
      await api.close();
      await h.stop();
      rmSync(folder, { recursive: true, force: true });
    });

    it(
      'claims and answers once on Telegram, then once in the console, without a double or a lost reply',
      async () => {
        const db = getDb();
        const talk = async (text: string) => {
          await h.chat.say('reem', text);
          return toNumberedText(await h.chat.nextReply('reem'));
        };
        await talk('السلام عليكم');
        await talk('١');
        await talk('أوافق');
        await talk('التحدث مع موظف');
        const reference = /HND-\d{4}-\d{2}/.exec(await talk('تخطي'))![0];

        // On Telegram: the card in a topic; the volunteer acknowledges the policy, claims and answers.
        const card = await api.waitUntil(
          () => api.sent(GROUP).find((m) => m.text.includes(reference) && m.buttons.length > 0),
          20_000,
          'the card',
        );
        api.sendText(VOLUNTEER, '/ack');
        await api.waitForSent(VOLUNTEER, 1);
        const claim = api.pressButton(GROUP, `h:claim:${reference}`, card.messageId, { from: VOLUNTEER });
        await api.waitForCallbackAnswer(claim);
        expect(textOf(await h.chat.nextReply('reem'))).toContain('Test volunteer');
        api.postInGroup(GROUP, VOLUNTEER, { text: 'مرحبًا ريم، وصلتني رسالتك' }, { threadId: card.threadId });
        expect(textOf(await h.chat.nextReply('reem'))).toContain('وصلتني رسالتك');

        // In the console: the same conversation, with the Telegram line; only its holder may answer.
        const volunteer = await signIn(h.app, 't-volunteer');
        const liaison = await signIn(h.app, 't-liaison');
        const call = (session: typeof volunteer, method: 'GET' | 'POST', url: string, payload?: object) =>
          h.app.inject({
            method,
            url,
            headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
            ...(payload ? { payload } : {}),
          });
        const seen = (await call(volunteer, 'GET', `/api/inbox/${reference}`)).json<{
          transcript: { author: string; origin: string; text: string; staffName: string }[];
          can: { reply: boolean };
        }>();
        expect(seen.transcript).toEqual([
          expect.objectContaining({
            author: 'staff',
            origin: 'telegram',
            text: 'مرحبًا ريم، وصلتني رسالتك',
            staffName: 'Test volunteer',
          }),
        ]);
        expect(seen.can.reply).toBe(true);
        const over = await call(liaison, 'POST', `/api/inbox/${reference}/reply`, {
          clientId: 'liaison-01',
          text: 'أنا أيضًا هنا',
        });
        expect([over.statusCode, over.json<{ error: string }>().error]).toEqual([409, 'ERR_HANDOFF_TAKEN']);

        const before = await staffLines(db, reference);
        const reply = { clientId: 'console-reply-1', text: 'أرسلت لكِ النموذج المطلوب' };
        expect((await call(volunteer, 'POST', `/api/inbox/${reference}/reply`, reply)).json()).toEqual({
          status: 'relayed',
        });
        expect((await call(volunteer, 'POST', `/api/inbox/${reference}/reply`, reply)).json()).toEqual({
          status: 'duplicate',
        });
        expect(textOf(await h.chat.nextReply('reem'))).toContain('أرسلت لكِ النموذج المطلوب');
        expect(await staffLines(db, reference)).toBe(before + 1);

        // The group reads the console's reply in the topic, marked as written in the console, once.
        const mirrored = await api.waitUntil(
          () =>
            api
              .sent(GROUP)
              .find((m: SentMessage) => m.threadId === card.threadId && m.text.includes('أرسلت لكِ النموذج')),
          20_000,
          'the console reply in the topic',
        );
        expect(mirrored.text).toContain('لوحة التحكم');
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(
          api.sent(GROUP).filter((m) => m.threadId === card.threadId && m.text.includes('أرسلت لكِ النموذج')),
        ).toHaveLength(1);
        // Nothing the volunteer wrote on Telegram came back to the topic as a second copy.
        expect(api.sent(GROUP).filter((m) => m.text.includes('وصلتني رسالتك'))).toHaveLength(0);
      },
      TIMEOUT_MS,
    );
  },
  { migrate: true },
);
