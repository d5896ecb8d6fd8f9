import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Tawasul } from '../../src/app/start-tawasul';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { toNumberedText } from '../../src/channels/numbered-text';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { uploadLimitsFromProfile } from '../../src/documents/upload-limits';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { OutboundMessage } from '../../src/domain/outbound-message';
import { buildApp } from '../../src/http/app';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { startTestTawasul } from '../support/spine-harness';

/**
 * One person on two channels (issue #17). Replays the report: a complaint filed on one channel, its
 * reference typed on the web chat, answered "no case with this number under your name" — two records
 * of one person. Linking is by proof only: a one-time code shown in the channel already used and typed
 * in the other. Attacks replayed: guessing codes (counted, then refused for the hour even with a right
 * code), a code typed after its ten minutes, a code used twice, and a typed mobile, which links nobody.
 */
const profile = loadProfile(DEMO_PROFILE_PATH);
const TIMEOUT_MS = 90_000;
const DESCRIPTION = 'تأخر صرف السلة الغذائية ثلاثة أشهر رغم اكتمال ملفي.';
const REFERENCE = /\bCMP-\d{4,9}-\d{2}\b/;
const CODE = /(\d{4}) (\d{4})/;

/** The text as read on screen: without the invisible isolates around Latin runs. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');
const read = (m: OutboundMessage) => plain(toNumberedText(m));

async function beneficiaryOf(db: Database, channel: string, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ beneficiary_id: string }>(
    'SELECT beneficiary_id FROM channel_identities WHERE channel = $1 AND channel_user_id = $2',
    [channel, userId],
  );
  return rows[0]?.beneficiary_id;
}

describeEachDatabase('one person across channels, linked only by proof', (getDb) => {
  let folder = '';
  let app: FastifyInstance;
  let runtime: Tawasul;
  let chat: InProcessChannel;
  // Sunday 22 November 2026, 10:00 in Riyadh; moved by the tests (the code's ten minutes).
  let now = new Date('2026-11-22T10:00:00+03:00');

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'tawasul-link-'));
    const webchat = new WebChatChannel(getDb());
    runtime = await startTestTawasul(getDb(), {
      profile,
      now: () => now,
      channels: { inprocess: true, extra: [webchat] },
    });
    chat = runtime.channels.inprocess!;
    app = await buildApp({
      logger: pino({ level: 'silent' }),
      readiness: {},
      webchat,
      webchatOptions: {
        documents: new FsDocumentStore(folder),
        uploads: uploadLimitsFromProfile(profile),
        eventsPollMs: 200,
        // A whole conversation in a few seconds: faster than the per-session limit lets a person type.
        limits: { perSession: { max: 1_000, windowMs: 10_000 } },
      },
    });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await runtime?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  /** One person on the in-process channel (standing in for WhatsApp): sends, returns the reply. */
  const onPhone = (userId: string) => async (input: Parameters<InProcessChannel['say']>[1]) => {
    await chat.say(userId, input);
    return read(await chat.nextReply(userId));
  };

  /** One visitor of the web chat: posts a message, returns every reply to it, as read. */
  const onWeb = (session: string) => {
    let sent = 0;
    return async (text: string) => {
      const clientMessageId = `m${++sent}`;
      const posted = await app.inject({
        method: 'POST',
        url: `/webchat/api/sessions/${session}/messages`,
        payload: { clientMessageId, text },
      });
      if (posted.statusCode !== 202) throw new Error(`"${text}": ${posted.statusCode} ${posted.body}`);
      const deadline = Date.now() + 20_000;
      for (;;) {
        const res = await app.inject({ method: 'GET', url: `/webchat/api/sessions/${session}/messages` });
        const { messages } = res.json<{
          messages: { inReplyTo: string | null; message: OutboundMessage }[];
        }>();
        const answers = messages.filter((m) => m.inReplyTo === `${session}-${clientMessageId}`);
        if (answers.length > 0) return answers.map((m) => read(m.message)).join('\n---\n');
        if (Date.now() > deadline) throw new Error(`no reply to "${text}" in ${session}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
  };

  /** Greets, consents and opens "my data" → "link another channel". */
  async function toLinking(say: (text: string) => Promise<string>) {
    for (const text of ['السلام عليكم', '١', 'أوافق']) await say(text);
    expect(await say('بياناتي')).toContain('ربط قناة أخرى بحسابي');
    expect(await say('ربط قناة أخرى بحسابي')).toContain('أعطني رمز ربط');
  }

  it(
    'a complaint filed on one channel is followed on the web chat once the person links it by a code',
    async () => {
      const huda = onPhone('huda');
      for (const text of ['السلام عليكم', '١', 'أوافق']) await huda(text);
      await huda('شكوى / اقتراح / مطالبة بتعويض');
      await huda('شكوى');
      await huda('تأخر الرد أو الخدمة');
      await huda(DESCRIPTION);
      await huda('متابعة بدون مرفقات');
      const filed = await huda('نعم، أرسل');
      const ref = REFERENCE.exec(filed)?.[0];
      expect(ref).toBeDefined();

      const session = 'HudaOnTheWebChat0123456789';
      const web = onWeb(session);
      for (const text of ['السلام عليكم', '١', 'أوافق']) await web(text);
      // The report: the same person, another channel, "no case under your name".
      await web('حالة الطلب');
      expect(await web(ref!)).toContain('لا توجد معاملة بهذا الرقم مسجلة باسمك');
      await web('القائمة');

      // The code is shown on the channel she already uses …
      await huda('القائمة');
      await huda('بياناتي');
      await huda('ربط قناة أخرى بحسابي');
      const shown = await huda('أعطني رمز ربط');
      expect(shown).toContain('خلال 10 دقائق');
      const [, first, second] = CODE.exec(shown)!;
      // … and typed on the web chat, in Arabic-Indic digits as a phone keyboard may give them.
      expect(await web('بياناتي')).toContain('ربط قناة أخرى بحسابي');
      await web('ربط قناة أخرى بحسابي');
      expect(await web('عندي رمز من القناة الأخرى')).toContain('8 أرقام');
      const typed = `${first}-${second}`.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);
      expect(await web(typed)).toContain('تم ربط هذه القناة بحسابك');
      // Her first channel hears of it: a link she did not make would be hers to report.
      expect(read(await chat.nextReply('huda'))).toContain('رُبطت قناة جديدة (محادثة الموقع) بحسابك');

      const hudaId = await beneficiaryOf(getDb(), 'inprocess', 'huda');
      expect(await beneficiaryOf(getDb(), 'webchat', session)).toBe(hudaId);
      // The web chat now answers her complaint by its reference, and lists it.
      await web('القائمة');
      await web('حالة الطلب');
      expect(await web(ref!)).toContain(`📄 ${ref}`);
      const events = await getDb().query<{ type: string; data: Record<string, unknown> }>(
        `SELECT type, data FROM events WHERE subject_type = 'beneficiary' AND subject_id = $1
             AND type = 'beneficiary.merged'`,
        [hudaId],
      );
      expect(events.rows).toEqual([
        {
          type: 'beneficiary.merged',
          data: expect.objectContaining({ how: 'linkCode', codeShownOn: 'inprocess', typedOn: 'webchat' }),
        },
      ]);

      // The code was used: typed again elsewhere, it links nobody.
      const other = onWeb('SomeoneElse0123456789abcd');
      await toLinking(other);
      await other('عندي رمز من القناة الأخرى');
      expect(await other(`${first}${second}`)).toContain('الرمز غير صحيح أو انتهت مدته');
    },
    TIMEOUT_MS,
  );

  it(
    'refuses an expired code, a code typed on its own channel, and guessing past five wrong codes',
    async () => {
      const salem = onPhone('salem');
      await toLinking(salem);
      const [, a, b] = CODE.exec(await salem('أعطني رمز ربط'))!;

      // Typed on the channel that showed it: already the same person.
      await salem('بياناتي');
      await salem('ربط قناة أخرى بحسابي');
      await salem('عندي رمز من القناة الأخرى');
      expect(await salem(`${a}${b}`)).toContain('مرتبطة بحسابك أصلًا');

      // A fresh code, typed eleven minutes later.
      await salem('بياناتي');
      await salem('ربط قناة أخرى بحسابي');
      const [, c, d] = CODE.exec(await salem('أعطني رمز ربط'))!;
      const guesser = onWeb('CodeGuesser0123456789abcd');
      await toLinking(guesser);
      await guesser('عندي رمز من القناة الأخرى');
      now = new Date(now.getTime() + 11 * 60_000);
      expect(await guesser(`${c}${d}`)).toContain('الرمز غير صحيح أو انتهت مدته');

      // Guessing: five wrong codes in the hour (the expired one counts), then even a right one is refused.
      for (let i = 0; i < 4; i++) {
        await guesser('بياناتي');
        await guesser('ربط قناة أخرى بحسابي');
        await guesser('عندي رمز من القناة الأخرى');
        expect(await guesser(`0000000${i}`)).toContain('الرمز غير صحيح');
      }
      await salem('بياناتي');
      await salem('ربط قناة أخرى بحسابي');
      const [, e, f] = CODE.exec(await salem('أعطني رمز ربط'))!;
      await guesser('بياناتي');
      await guesser('ربط قناة أخرى بحسابي');
      await guesser('عندي رمز من القناة الأخرى');
      expect(await guesser(`${e}${f}`)).toContain('أوقفنا الربط من هذه القناة مدة ساعة');
      const salemId = await beneficiaryOf(getDb(), 'inprocess', 'salem');
      const guesserId = await beneficiaryOf(getDb(), 'webchat', 'CodeGuesser0123456789abcd');
      expect(guesserId).toBeDefined();
      expect(guesserId).not.toBe(salemId);
    },
    TIMEOUT_MS,
  );

  it(
    'a mobile typed in "my data" links nobody: the two records stay apart',
    async () => {
      const owner = onPhone('owner');
      await toLinking(owner);
      const session = 'MobileTypist0123456789abc';
      const typist = onWeb(session);
      for (const text of ['السلام عليكم', '١', 'أوافق']) await typist(text);
      await typist('بياناتي');
      await typist('تصحيح الاسم أو الجوال');
      await typist('الجوال');
      await typist('0551234567');
      expect(await typist('حفظ التصحيح')).toContain('تم حفظ بياناتك المصححة');
      const ownerId = await beneficiaryOf(getDb(), 'inprocess', 'owner');
      const typistId = await beneficiaryOf(getDb(), 'webchat', session);
      expect(typistId).not.toBe(ownerId);
      const typed = await getDb().query<{ mobile: string; mobile_verified: boolean }>(
        'SELECT mobile, mobile_verified FROM beneficiaries WHERE id = $1',
        [typistId],
      );
      expect(typed.rows).toEqual([{ mobile: '+966551234567', mobile_verified: false }]);
    },
    TIMEOUT_MS,
  );
});
