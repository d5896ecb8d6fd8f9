import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { toNumberedText } from '../../src/channels/numbered-text';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { FieldCipher } from '../../src/security/field-cipher';
import { openText } from '../../src/security/sealed-parts';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import type { Tawasul } from '../../src/app/start-tawasul';
import { StaffBot } from '../../src/staff-bot/staff-bot';
import type { Database } from '../../src/store/database';
import { PgStaffNotificationRepository } from '../../src/store/staff-notification-repository';
import { describeEachDatabase } from '../support/databases';
import { FakeTelegramApi, type SentMessage } from '../support/fake-telegram-api';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const GROUP = -1001234567890;
const HUDA = 5001; // volunteer
const NOURA = 5002; // committee member
const KHALID = 5003; // manager
const STRANGER = 6666; // in the group, not staff

const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = {
  ...demo,
  policy: { version: '2026-1', url: 'https://example.org/policy' },
  staff: [
    ...demo.staff,
    { id: 'huda', name: 'هدى', roles: ['volunteer'], categories: [], telegramUserId: HUDA },
    { id: 'noura', name: 'نورة', roles: ['committee'], categories: [], telegramUserId: NOURA },
    { id: 'khalid', name: 'خالد', roles: ['manager'], categories: [], telegramUserId: KHALID },
  ],
};

/** Sunday 22 November 2026, 10:00 in Riyadh: staff are at work. */
const CLOCK = new Date('2026-11-22T10:00:00+03:00');
const TIMEOUT_MS = 90_000;
/** Telegram's group limit scaled down (20 posts in 3 s instead of a minute), and the console paced to it. */
const LIMITS = {
  group: { max: 20, windowMs: 3000 },
  perChat: { max: 1, windowMs: 50 },
  global: { max: 30, windowMs: 1000 },
};
const PACING = { groupIntervalMs: 160, perChatIntervalMs: 60, globalPerSecond: 30 };

interface World {
  db: Database;
  api: FakeTelegramApi;
  chat: InProcessChannel;
  runtime: Tawasul;
  console: StaffBot;
  documents: FsDocumentStore;
  stop(): Promise<void>;
}

/** The app always seals at rest; the staff bot must open what it relays. */
const cipher = new FieldCipher(Buffer.alloc(32, 9));

async function startWorld(db: Database, options: { forum?: boolean } = {}): Promise<World> {
  const { chat, runtime } = await startSpine(db, freshQueuePrefix(), { profile, now: () => CLOCK, cipher });
  const api = await FakeTelegramApi.start({ limits: LIMITS, botUsername: 'tawasul_staff_bot' });
  api.addGroup(GROUP, { forum: options.forum ?? true, title: 'فريق الجمعية' });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-staff-'));
  const documents = new FsDocumentStore(dir);
  const staffBot = new StaffBot({
    token: api.token,
    apiRoot: api.apiRoot,
    groupId: GROUP,
    db,
    profile,
    translator: runtime.translator,
    caseActions: runtime.caseActions,
    conversations: runtime.service,
    documents,
    cipher,
    logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    pacing: PACING,
    pollIntervalMs: 100,
    pollTimeoutSeconds: 1,
    now: () => CLOCK,
  });
  await staffBot.start();
  return {
    db,
    api,
    chat,
    runtime,
    console: staffBot,
    documents,
    async stop() {
      await staffBot.stop();
      await runtime.stop();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A person who greeted, chose Arabic and accepted the notice: at the main menu. Returns their ids. */
async function newPerson(world: World, user: string) {
  const talk = async (text: string) => {
    await world.chat.say(user, text);
    return toNumberedText(await world.chat.nextReply(user));
  };
  await talk('السلام عليكم');
  await talk('١');
  expect(await talk('أوافق')).toContain('كيف نخدمك اليوم');
  const found = await world.db.query<{ id: string; beneficiary_id: string }>(
    `SELECT id, beneficiary_id FROM conversations WHERE channel = 'inprocess' AND channel_user_id = $1`,
    [user],
  );
  return { talk, conversationId: found.rows[0]!.id, beneficiaryId: found.rows[0]!.beneficiary_id };
}

/** The card of `reference` in the group, once posted. */
function cardOf(api: FakeTelegramApi, reference: string): Promise<SentMessage> {
  return api.waitUntil(
    () => api.sent(GROUP).find((m) => m.text.includes(reference) && m.buttons.length > 0),
    20_000,
    `the card of ${reference}`,
  );
}

/** A post in the group matching `test`, once there. */
function postWhere(
  api: FakeTelegramApi,
  test: (m: SentMessage) => boolean,
  why: string,
): Promise<SentMessage> {
  return api.waitUntil(() => api.sent(GROUP).find(test), 20_000, why);
}

/** Presses a button and returns what the bot answered the presser. */
async function press(api: FakeTelegramApi, card: SentMessage, data: string, from: number) {
  const id = api.pressButton(GROUP, data, card.messageId, { from });
  await api.waitForCallbackAnswer(id);
  return api.callbackAnswers.find((a) => a.id === id)!;
}

/** Staff `userId` sends /ack to the bot in private; resolves with the bot's answer. */
async function acknowledge(api: FakeTelegramApi, userId: number): Promise<string> {
  const before = api.sent(userId).length;
  api.sendText(userId, '/ack');
  const sent = await api.waitForSent(userId, before + 1);
  return sent.at(-1)!.text;
}

async function events(db: Database, subject: string) {
  const found = await db.query<{ type: string; actor: string; data: Record<string, unknown> }>(
    'SELECT type, actor, data FROM events WHERE subject_id = $1 ORDER BY id',
    [subject],
  );
  return found.rows;
}

const textsOf = (messages: OutboundMessage[]) =>
  messages.map((m) => textOf(m as { kind: string; text?: string }));

describeEachDatabase(
  'staff bot on Telegram',
  (getDb) => {
    it(
      'a volunteer claims a handoff and talks with the person from the topic; notes stay inside; strangers are refused',
      async () => {
        const world = await startWorld(getDb());
        const { api, chat, db } = world;
        try {
          const omar = await newPerson(world, 'omar');
          await omar.talk('التحدث مع موظف');
          const opened = await omar.talk('تخطي');
          const ref = /HND-\d{4}-\d{2}/.exec(opened)![0];

          // A topic with the card: who, channel, status, and the buttons to claim or close.
          const card = await cardOf(api, ref);
          expect(card.threadId).toBeDefined();
          expect(api.group(GROUP)!.topics.get(card.threadId!)).toContain(ref);
          expect(card.text).toContain('💬 طلب التحدث مع موظف');
          expect(card.text).toContain('القناة: قناة الاختبار');
          expect(card.text).toContain('موجّه إلى: هدى');
          expect(card.buttons.map((b) => b.data)).toEqual([`h:claim:${ref}`, `h:close:${ref}`]);
          // Routed to Huda: she is told privately, with a link to the topic.
          const [ping] = await api.waitForSent(HUDA, 1);
          expect(ping!.text).toContain(`https://t.me/c/1234567890/${card.threadId}`);

          // Not yet acknowledged the policy: refused with a reminder, and recorded.
          const early = await press(api, card, `h:claim:${ref}`, HUDA);
          expect(early.text).toContain('/ack');
          expect(early.showAlert).toBe(true);
          expect(await acknowledge(api, HUDA)).toContain('سجّلنا إقرارك');
          expect(await acknowledge(api, HUDA)).toContain('مسجّل من قبل');
          const acks = await db.query('SELECT staff_id, policy_version FROM staff_policy_acks');
          expect(acks.rows).toContainEqual({ staff_id: 'huda', policy_version: '2026-1' });

          // Someone in the group who is not staff: a polite refusal, logged and recorded.
          const stranger = await press(api, card, `h:claim:${ref}`, STRANGER);
          expect(stranger.text).toBe('هذه الإجراءات لفريق الجمعية فقط.');
          const refused = await db.query<{ actor: string; data: { code: string } }>(
            `SELECT actor, data FROM events WHERE type = 'staff.refused' AND subject_id = $1 ORDER BY id`,
            [ref],
          );
          expect(refused.rows.map((r) => [r.actor, r.data.code])).toEqual([
            ['staff:huda', 'ERR_POLICY_NOT_ACKNOWLEDGED'],
            [`telegram:${STRANGER}`, 'ERR_NOT_STAFF'],
          ]);

          // Huda claims: the person is told who joined; the card says who has it.
          const claimed = await press(api, card, `h:claim:${ref}`, HUDA);
          expect(claimed.text).toContain('استلمت');
          expect(textOf(await chat.nextReply('omar'))).toContain('من فريق الجمعية إلى محادثتك');
          await api.waitUntil(() => (card.text.includes('المسؤول عنها: هدى') ? true : undefined));
          expect(card.buttons.map((b) => b.data)).toEqual([`h:close:${ref}`]);

          // The person writes: it appears in the topic.
          await chat.say('omar', 'تأخر صرف السلة هذا الشهر');
          const said = await postWhere(
            api,
            (m) => m.threadId === card.threadId && m.text.includes('تأخر صرف السلة'),
            'the person’s message in the topic',
          );
          expect(said.text).toContain('👤');

          // Huda answers in the topic: relayed to the person on their channel, once.
          api.postInGroup(
            GROUP,
            HUDA,
            { text: 'وعليكم السلام، سأتابع الأمر الآن' },
            { threadId: card.threadId },
          );
          const answer = textOf(await chat.nextReply('omar'));
          expect(answer).toContain('هدى من فريق الجمعية');
          expect(answer).toContain('سأتابع الأمر الآن');

          // An internal note is not relayed, and is kept in the audit trail.
          api.postInGroup(
            GROUP,
            HUDA,
            { text: '/note سبق أن تأخر صرفه في رمضان' },
            { threadId: card.threadId },
          );
          // Another staff member's words in her conversation are not relayed either.
          await acknowledge(api, KHALID);
          api.postInGroup(GROUP, KHALID, { text: 'سأراجع الصرف' }, { threadId: card.threadId });
          await postWhere(api, (m) => m.text.includes('المحادثة مع هدى'), 'the not-yours notice');
          // A photo from Huda reaches the person as a file from the document store.
          const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
          api.postInGroup(GROUP, HUDA, { photo, caption: 'صورة الإيصال' }, { threadId: card.threadId });
          const file = await chat.nextReply('omar');
          expect(file).toMatchObject({ kind: 'document', mimeType: 'image/jpeg' });
          expect((file as { caption?: string }).caption).toContain('صورة الإيصال');
          expect(await world.documents.get((file as { ref: string }).ref)).toEqual(photo);
          // The note is kept with the conversation (the console's inbox shows it), never sent.
          const notes = await db.query<{ staff_id: string; origin: string; body: string }>(
            `SELECT m.staff_id, m.origin, m.body FROM handoff_messages m JOIN handoffs h ON h.id = m.handoff_id
             WHERE h.reference = $1 AND m.author = 'note'`,
            [ref],
          );
          expect(notes.rows.map((n) => ({ ...n, body: openText(n.body, cipher) }))).toEqual([
            { staff_id: 'huda', origin: 'telegram', body: 'سبق أن تأخر صرفه في رمضان' },
          ]);

          // Huda ends the conversation: the person is back with the bot and offered the survey.
          const closed = await press(api, card, `h:close:${ref}`, HUDA);
          expect(closed.text).toContain('أنهيت المحادثة');
          const back = textOf(await chat.nextReply('omar'));
          expect(back).toContain('أنهى الموظف المحادثة');
          expect(back).toContain('يهمنا رأيك');
          await world.runtime.service.idle();
          await expect(chat.nextReply('omar', 1000)).rejects.toThrow(/no reply/);
          expect(textsOf(chat.received('omar')).filter((t) => t.includes('سبق أن تأخر'))).toEqual([]);
          await api.waitUntil(() => (card.buttons.length === 0 ? true : undefined));
          expect(card.text).toContain('الحالة: مغلقة');

          const trail = await events(db, ref);
          expect(trail.map((e) => [e.type, e.actor])).toEqual([
            ['handoff.opened', `beneficiary:${omar.beneficiaryId}`],
            ['staff.refused', 'staff:huda'],
            ['staff.refused', `telegram:${STRANGER}`],
            ['handoff.claimed', 'staff:huda'],
            ['handoff.staffReplied', 'staff:huda'],
            ['handoff.noted', 'staff:huda'],
            ['handoff.staffReplied', 'staff:huda'],
            ['handoff.closed', 'staff:huda'],
          ]);
          const transcript = await db.query<{ author: string; body: string }>(
            `SELECT m.author, m.body FROM handoff_messages m JOIN handoffs h ON h.id = m.handoff_id
             WHERE h.reference = $1 ORDER BY m.id`,
            [ref],
          );
          // Sealed at rest, whoever wrote it; relayed above in the clear.
          expect(transcript.rows.every((r) => FieldCipher.isSealed(r.body))).toBe(true);
          expect(transcript.rows.map((r) => ({ ...r, body: cipher.open(r.body) }))).toEqual([
            { author: 'beneficiary', body: 'تأخر صرف السلة هذا الشهر' },
            { author: 'staff', body: 'وعليكم السلام، سأتابع الأمر الآن' },
            { author: 'note', body: 'سبق أن تأخر صرفه في رمضان' },
            { author: 'staff', body: 'صورة الإيصال' },
          ]);
          // Every post stayed within the group's limit: nothing was refused with 429.
          expect(api.tooManyRequests).toBe(0);
          expect(api.peakSends(LIMITS.group.windowMs, GROUP)).toBeLessThanOrEqual(LIMITS.group.max);
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'a committee member approves a request from its card; the applicant is told once, in their language',
      async () => {
        const world = await startWorld(getDb());
        const { api, chat, db } = world;
        try {
          const layla = await newPerson(world, 'layla');
          await db.query(
            `UPDATE beneficiaries SET preferred_lang = 'en', full_name = 'Layla Ahmed' WHERE id = $1`,
            [layla.beneficiaryId],
          );
          const stored = await world.documents.put(Buffer.from('%PDF-1.4 lease'), { fileName: 'lease.pdf' });
          const ref = 'REQ-4821-88';
          const inserted = await db.query<{ id: string }>(
            `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, status, fields,
               channel, declaration, completed_at, due_date)
             VALUES ($1, $2, 'rent-aid', 'families', 'submitted', $3, 'inprocess', '{}', now(), '2026-12-13')
             RETURNING id`,
            [
              ref,
              layla.beneficiaryId,
              JSON.stringify({ 'full-name': 'ليلى أحمد', 'national-id': '1234567897', 'monthly-rent': 2500 }),
            ],
          );
          await db.query(
            `INSERT INTO request_documents (request_id, document_id, ref, sha256, mime_type, size_bytes, file_name)
             VALUES ($1, 'lease', $2, $3, 'application/pdf', $4, 'lease.pdf')`,
            [inserted.rows[0]!.id, stored.ref, stored.sha256, stored.sizeBytes],
          );

          const card = await cardOf(api, ref);
          expect(card.text).toContain('Layla Ahmed');
          expect(card.text).not.toContain('1234567897');
          expect(card.text).toContain('رقم الهوية أو الإقامة: \u20661******897\u2069');
          expect(card.text).toContain('الخدمة: مساعدة إيجار');
          expect(card.text).toMatch(/الموافق/); // the due date, Hijri and Gregorian
          expect(card.buttons.map((b) => b.data)).toContain(`r:startReview:${ref}`);
          const doc = await postWhere(
            api,
            (m) => m.method === 'sendDocument' && m.text.includes(ref),
            'the document',
          );
          expect(doc.threadId).toBe(card.threadId);
          expect(doc.document?.bytes.toString()).toBe('%PDF-1.4 lease');

          await acknowledge(api, NOURA);
          await acknowledge(api, HUDA);
          expect((await press(api, card, `r:startReview:${ref}`, NOURA)).text).toContain('تم');
          expect(textOf(await chat.nextReply('layla'))).toContain(
            `The committee has started studying your application ${ref}`,
          );
          await api.waitUntil(() =>
            card.buttons.some((b) => b.data === `r:approve:${ref}`) ? true : undefined,
          );

          // A volunteer may not decide: refused, recorded, nothing changes.
          expect((await press(api, card, `r:approve:${ref}`, HUDA)).text).toBe(
            'ليست لديك صلاحية هذا الإجراء.',
          );
          const status = await db.query('SELECT status FROM service_requests WHERE reference = $1', [ref]);
          expect(status.rows).toEqual([{ status: 'under_review' }]);

          expect((await press(api, card, `r:approve:${ref}`, NOURA)).text).toContain('تم');
          expect(textOf(await chat.nextReply('layla'))).toContain(
            `your application ${ref} (Rent assistance) has been approved`,
          );
          // Pressing again is refused by the case service (no longer under review), and nothing is sent twice.
          expect((await press(api, card, `r:approve:${ref}`, NOURA)).text).toBe(
            'لا يمكن تنفيذ هذا الإجراء في حالة الطلب الحالية.',
          );
          await world.runtime.service.idle();
          await expect(chat.nextReply('layla', 1000)).rejects.toThrow(/no reply/);
          const outbox = await db.query<{ payload: { sealed: string } }>(
            `SELECT o.payload FROM outbox o JOIN conversations c ON c.id = o.conversation_id
             WHERE c.beneficiary_id = $1`,
            [layla.beneficiaryId],
          );
          const approvals = outbox.rows.filter((r) =>
            cipher.open(r.payload.sealed).includes('has been approved'),
          );
          expect(approvals).toHaveLength(1);
          await api.waitUntil(() => (card.text.includes('تمت الموافقة') ? true : undefined));
          expect((await events(db, ref)).map((e) => [e.type, e.actor])).toEqual([
            ['request.startReview', 'staff:noura'],
            ['staff.refused', 'staff:huda'],
            ['request.approve', 'staff:noura'],
          ]);
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'asks for a reason in the thread and uses the one typed in reply; replies to the card where topics are off',
      async () => {
        const world = await startWorld(getDb(), { forum: false });
        const { api, chat, db } = world;
        try {
          const sami = await newPerson(world, 'sami');
          const ref = 'REQ-5120-39';
          await db.query(
            `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, status, fields,
               channel, declaration, completed_at, due_date)
             VALUES ($1, $2, 'rent-aid', 'families', 'under_review', '{}', 'inprocess', '{}', now(), '2026-12-13')`,
            [ref, sami.beneficiaryId],
          );
          const card = await cardOf(api, ref);
          expect(card.threadId).toBeUndefined();
          await acknowledge(api, NOURA);
          expect((await press(api, card, `r:askInfo:${ref}`, NOURA)).text).toContain('اكتب السبب');
          const prompt = await postWhere(
            api,
            (m) => m.replyTo === card.messageId && m.text.includes('ردًا على هذه الرسالة'),
            'the reason prompt, as a reply to the card',
          );
          api.postInGroup(
            GROUP,
            NOURA,
            { text: 'صورة عقد الإيجار موثقًا من منصة إيجار' },
            { replyTo: prompt.messageId },
          );
          const told = textOf(await chat.nextReply('sami'));
          expect(told).toContain('يحتاج معلومات إضافية');
          expect(told).toContain('صورة عقد الإيجار موثقًا من منصة إيجار');
          const status = await db.query('SELECT status FROM service_requests WHERE reference = $1', [ref]);
          expect(status.rows).toEqual([{ status: 'needs_info' }]);
          expect(await events(db, ref)).toEqual([
            {
              type: 'request.askInfo',
              actor: 'staff:noura',
              data: {
                from: 'under_review',
                to: 'needs_info',
                reason: 'صورة عقد الإيجار موثقًا من منصة إيجار',
              },
            },
          ]);
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'asking for information: ticks the missing items under the question, then asks with them alone',
      async () => {
        const world = await startWorld(getDb(), { forum: false });
        const { api, chat, db } = world;
        try {
          const lina = await newPerson(world, 'lina');
          const ref = 'REQ-6120-14';
          await db.query(
            `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, status, fields,
               channel, declaration, completed_at, due_date)
             VALUES ($1, $2, 'rent-aid', 'families', 'under_review', '{}', 'inprocess', '{}', now(), '2026-12-13')`,
            [ref, lina.beneficiaryId],
          );
          const card = await cardOf(api, ref);
          await acknowledge(api, NOURA);
          await acknowledge(api, KHALID);
          await press(api, card, `r:askInfo:${ref}`, NOURA);
          const question = await postWhere(
            api,
            (m) => m.replyTo === card.messageId && m.text.includes(ref) && m.text.includes('اطلب الآن'),
            'the missing-items question',
          );
          // Nothing ticked yet: asking now is refused with how to go on.
          expect((await press(api, question, `mi:99:${ref}`, NOURA)).text).toContain('اختر بندًا');
          // Rent aid: four fields, then the ID copy (4) and the lease (5). Someone else may not tick.
          expect((await press(api, question, `mi:5:${ref}`, KHALID)).text).toContain('إلى من طلب الإجراء');
          expect((await press(api, question, `mi:5:${ref}`, NOURA)).text).toBe('☑ 📎 عقد الإيجار');
          expect((await press(api, question, `mi:3:${ref}`, NOURA)).text).toContain('☑');
          expect((await press(api, question, `mi:3:${ref}`, NOURA)).text).toContain('☐');
          expect(api.edits.filter((e) => e.messageId === question.messageId)).toHaveLength(3);
          await press(api, question, `mi:99:${ref}`, NOURA);
          const told = textOf(await chat.nextReply('lina'));
          expect(told).toContain(ref);
          expect(told).toContain('• عقد الإيجار');
          expect(told).not.toContain('قيمة الإيجار');
          expect(await events(db, ref)).toEqual([
            {
              type: 'request.askInfo',
              actor: 'staff:noura',
              data: { from: 'under_review', to: 'needs_info', missing: { fields: [], documents: ['lease'] } },
            },
          ]);
          // The question is used once.
          expect((await press(api, question, `mi:99:${ref}`, NOURA)).text).toContain('أُجيب عنه');
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'delivers escalations to the right staff member: privately when possible, else in the alerts topic, once',
      async () => {
        const world = await startWorld(getDb());
        const { api, db } = world;
        try {
          const ref = 'REQ-7301-54';
          await db.query(
            `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, status, fields,
               channel, declaration, completed_at, due_date, escalation_level)
             VALUES ($1, NULL, 'rent-aid', 'families', 'under_review', '{}', 'inprocess', '{}', now(), '2026-11-01', 0)`,
            [ref],
          );
          api.block(NOURA); // she never opened the staff bot: it may not write to her first

          expect(
            await world.runtime.clock.handle({
              kind: 'escalate',
              subject: 'request',
              reference: ref,
              level: 1,
            }),
          ).toBe('escalated to committee');
          expect(
            await world.runtime.clock.handle({
              kind: 'escalate',
              subject: 'request',
              reference: ref,
              level: 2,
            }),
          ).toBe('escalated to manager');

          const [toKhalid] = await api.waitForSent(KHALID, 1);
          expect(toKhalid!.text).toContain(`🔺 تصعيد: الطلب ${'\u2066'}${ref}${'\u2069'}`);
          expect(toKhalid!.text).toContain('الإدارة التنفيذية (المستوى 2)');
          const toNoura = await postWhere(
            api,
            (m) => m.text.includes('إلى نورة'),
            'Noura’s alert in the group',
          );
          expect(toNoura.text).toContain('لجنة المتابعة (المستوى 1)');
          expect(api.group(GROUP)!.topics.get(toNoura.threadId!)).toBe('🔔 التنبيهات');

          await world.console.runOnce();
          await world.console.runOnce();
          expect(api.sent(KHALID).filter((m) => m.text.includes(ref))).toHaveLength(1);
          expect(api.sent(GROUP).filter((m) => m.text.includes('إلى نورة'))).toHaveLength(1);
          const statuses = await db.query<{ recipient: string; status: string }>(
            `SELECT recipient, status FROM staff_notifications WHERE subject_id = $1 ORDER BY id`,
            [ref],
          );
          // The manager role has two members: the demo administrator (no Telegram id: the group) and Khalid.
          expect(statuses.rows).toEqual([
            { recipient: 'noura', status: 'sent' },
            { recipient: 'demo-admin', status: 'sent' },
            { recipient: 'khalid', status: 'sent' },
          ]);
          expect(api.sent(GROUP).filter((m) => m.text.includes('إلى مدير النظام'))).toHaveLength(1);
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'leaves alerts already days old to the web console instead of posting a backlog',
      async () => {
        const world = await startWorld(getDb());
        const { api, db } = world;
        try {
          // Written twelve days before the bot's clock (a group set up long after the install), and today.
          const then = new PgStaffNotificationRepository(() => new Date('2026-11-10T10:00:00+03:00'));
          await then.add(db, [
            {
              recipient: 'khalid',
              kind: 'case.assigned',
              subjectId: 'REQ-1000-01',
              data: { by: 'x' },
              dedupeKey: 'old-1',
            },
          ]);
          await new PgStaffNotificationRepository(() => CLOCK).add(db, [
            {
              recipient: 'khalid',
              kind: 'case.assigned',
              subjectId: 'REQ-1000-02',
              data: { by: 'x' },
              dedupeKey: 'new-1',
            },
          ]);
          await world.console.runOnce();
          const [fresh] = await api.waitForSent(KHALID, 1);
          expect(fresh!.text).toContain('REQ-1000-02');
          const statuses = await db.query<{ subject_id: string; status: string }>(
            `SELECT subject_id, status FROM staff_notifications WHERE subject_id LIKE 'REQ-1000-%' ORDER BY id`,
          );
          expect(statuses.rows).toEqual([
            { subject_id: 'REQ-1000-01', status: 'skipped' },
            { subject_id: 'REQ-1000-02', status: 'sent' },
          ]);
          expect(api.sent(KHALID).filter((m) => m.text.includes('REQ-1000-01'))).toEqual([]);
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'takes a complaint and a field call from their cards, and shows when the person ends a handoff',
      async () => {
        const world = await startWorld(getDb());
        const { api, chat, db } = world;
        try {
          const sara = await newPerson(world, 'sara');
          const complaint = 'CMP-6612-40';
          const call = 'FLD-3301-77';
          await db.query(
            `INSERT INTO complaints (reference, beneficiary_id, kind, category_id, description, routed_to, status,
               channel, due_date)
             VALUES ($1, $2, 'complaint', 'delay', 'لم يصلني رد منذ شهر', 'follow-up-committee', 'open',
               'inprocess', '2026-12-06')`,
            [complaint, sara.beneficiaryId],
          );
          await db.query(
            `INSERT INTO field_help_requests (reference, beneficiary_id, help_kind, details, latitude, longitude,
               urgent, status, routed_to, channel)
             VALUES ($1, $2, 'health', 'والدي متعب جدًا', 21.4225, 39.8262, true, 'open', 'field-duty', 'inprocess')`,
            [call, sara.beneficiaryId],
          );
          await acknowledge(api, NOURA);
          await acknowledge(api, HUDA);

          const complaintCard = await cardOf(api, complaint);
          expect(complaintCard.text).toContain('📣 شكوى جديدة');
          expect(complaintCard.text).toContain('موجّه إلى: نورة');
          expect((await press(api, complaintCard, `c:assign:${complaint}`, NOURA)).text).toContain('تم');
          expect(textOf(await chat.nextReply('sara'))).toContain('تسلّم موظف مختص تذكرتك');
          await api.waitUntil(() => (complaintCard.text.includes('المسؤول عنها: نورة') ? true : undefined));

          const callCard = await cardOf(api, call);
          expect(callCard.text).toContain('⚠️ عاجل');
          expect(callCard.text).toContain('https://maps.google.com/?q=21.4225,39.8262');
          expect((await press(api, callCard, `f:claim:${call}`, HUDA)).text).toContain('تم');
          await api.waitUntil(() => (callCard.text.includes('الحالة: مستلمة') ? true : undefined));
          // The same queue as the console's: the person hears someone is on the way, then that it is done.
          expect(textOf(await chat.nextReply('sara'))).toContain('وهو في الطريق إليك');
          expect((await press(api, callCard, `f:done:${call}`, HUDA)).text).toContain('تم');
          await api.waitUntil(() => (callCard.buttons.length === 0 ? true : undefined));
          expect(textOf(await chat.nextReply('sara'))).toContain('أُنجز طلب المساعدة الميدانية');
          expect((await events(db, call)).map((e) => [e.type, e.actor])).toEqual([
            ['fieldHelp.claimed', 'staff:huda'],
            ['fieldHelp.done', 'staff:huda'],
          ]);

          // The person ends a handoff from her side: the topic says so and the card shows it closed.
          await sara.talk('التحدث مع موظف');
          const ref = /HND-\d{4}-\d{2}/.exec(await sara.talk('تخطي'))![0];
          const card = await cardOf(api, ref);
          await sara.talk('القائمة');
          expect(await sara.talk('1')).toContain('أنهينا محادثتك مع الموظف');
          await postWhere(
            api,
            (m) => m.threadId === card.threadId && m.text.includes('أنهى المستفيد المحادثة'),
            'the notice that the person ended it',
          );
          await api.waitUntil(() => (card.buttons.length === 0 ? true : undefined));
        } finally {
          await world.stop();
        }
      },
      TIMEOUT_MS,
    );
  },
  { migrate: true },
);
