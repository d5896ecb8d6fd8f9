import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { closeHandoff } from '../../src/cases/close-handoff';
import type { Database } from '../../src/store/database';
import { PgEventLog } from '../../src/store/event-log';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { toNumberedText } from '../../src/channels/numbered-text';
import type { Tawasul } from '../../src/app/start-tawasul';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const demo = loadProfile(DEMO_PROFILE_PATH);
const profile: Profile = {
  ...demo,
  staff: [
    ...demo.staff,
    { id: 'vol-1', name: 'متطوع', roles: ['volunteer'], categories: [] },
    {
      id: 'liaison-families',
      name: 'ضابط اتصال الأسر',
      roles: ['liaison'],
      categories: ['families'],
      // Reachable (the staff bot can alert them): the person is told staff will reply.
      telegramUserId: 4242,
    },
  ],
};

/** Sunday 22 November 2026, 10:00 in Riyadh: staff are at work. Tests move it. */
const SUNDAY_MORNING = new Date('2026-11-22T10:00:00+03:00');
/** Whole conversations through the spine: PGlite in-process takes a few seconds (jest ignores a project's testTimeout). */
const TIMEOUT_MS = 60_000;

interface Person {
  /** Sends a message and returns the reply as a person reads it (choices numbered). */
  talk(input: Parameters<InProcessChannel['say']>[1]): Promise<string>;
  /** Sends a message the bot must not answer; resolves when it has been processed. */
  quiet(input: Parameters<InProcessChannel['say']>[1]): Promise<void>;
  conversationId: string;
  beneficiaryId: string;
}

/** A person who greeted, chose Arabic and accepted the notice: at the main menu. */
async function newPerson(
  db: Database,
  chat: InProcessChannel,
  runtime: Tawasul,
  user: string,
): Promise<Person> {
  const talk = async (input: Parameters<InProcessChannel['say']>[1]) => {
    await chat.say(user, input);
    return toNumberedText(await chat.nextReply(user));
  };
  await talk('السلام عليكم');
  await talk('١');
  expect(await talk('أوافق')).toContain('كيف نخدمك اليوم');
  const found = await db.query<{ id: string; beneficiary_id: string }>(
    `SELECT id, beneficiary_id FROM conversations WHERE channel = 'inprocess' AND channel_user_id = $1`,
    [user],
  );
  const { id: conversationId, beneficiary_id: beneficiaryId } = found.rows[0]!;
  return {
    talk,
    conversationId,
    beneficiaryId,
    async quiet(input) {
      const sent = await outboxCount(db, conversationId);
      await chat.say(user, input);
      await runtime.service.idle();
      expect(await outboxCount(db, conversationId)).toBe(sent);
    },
  };
}

async function outboxCount(db: Database, conversationId: string): Promise<number> {
  const found = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE conversation_id = $1',
    [conversationId],
  );
  return found.rows[0]!.n;
}

describeEachDatabase(
  'survey and handoff through the spine',
  (getDb) => {
    let clock = SUNDAY_MORNING;
    beforeEach(() => {
      clock = SUNDAY_MORNING;
    });
    const spine = () => startSpine(getDb(), freshQueuePrefix(), { profile, now: () => clock });

    it(
      'stores a survey answer once per case, refusing a second one politely',
      async () => {
        const { chat, runtime } = await spine();
        try {
          const db = getDb();
          const hana = await newPerson(db, chat, runtime, 'hana');
          await db.query(
            `INSERT INTO service_requests (reference, beneficiary_id, service_id, category_id, status, fields,
             channel, declaration, completed_at, due_date)
           VALUES ('REQ-4821-88', $1, 'food-basket', 'families', 'delivered', '{}', 'inprocess', '{}', now(), '2026-12-10')`,
            [hana.beneficiaryId],
          );

          expect(await hana.talk('قياس الرضا')).toContain('1. طلب سلة غذائية (\u2066REQ-4821-88\u2069)');
          expect(await hana.talk('1')).toContain('(1/4)');
          expect(await hana.talk('ممتاز')).toContain('(2/4)');
          await hana.talk('تخطي');
          await hana.talk('نعم');
          expect(await hana.talk('شكرًا لكم')).toContain('سجّلنا تقييمك');

          const stored = await db.query<{ case_reference: string; answers: unknown; channel: string }>(
            'SELECT case_reference, answers, channel FROM survey_responses WHERE beneficiary_id = $1',
            [hana.beneficiaryId],
          );
          expect(stored.rows).toEqual([
            {
              case_reference: 'REQ-4821-88',
              answers: { overall: 5, speed: null, recommend: 'yes', comment: 'شكرًا لكم' },
              channel: 'inprocess',
            },
          ]);
          const events = await db.query<{ type: string }>(
            `SELECT type FROM events WHERE subject_type = 'survey_response'`,
          );
          expect(events.rows).toEqual([{ type: 'survey.answered' }]);

          // The rated case is no longer offered from the menu: a general survey starts instead.
          expect(await hana.talk('قياس الرضا')).toContain('يهمنا رأيك لنحسّن خدماتنا');
          await hana.talk('لاحقًا');

          // Offered again after the case (say, a re-sent survey job): refused from the facts.
          await runtime.service.startFlowFor(hana.conversationId, 'survey', {
            payload: { caseReference: 'REQ-4821-88' },
          });
          expect(textOf(await chat.nextReply('hana'))).toContain('سبق أن قيّمت خدمتنا بخصوص');

          // Rated from another channel while this survey was under way: the store refuses, the text says so.
          await runtime.service.startFlowFor(hana.conversationId, 'survey', {
            payload: { caseReference: 'CMP-4821-88' },
          });
          expect(textOf(await chat.nextReply('hana'))).toContain('(1/4)');
          await db.query(
            `INSERT INTO survey_responses (beneficiary_id, case_reference, answers, channel)
           VALUES ($1, 'CMP-4821-88', '{"overall": 2}', 'whatsapp')`,
            [hana.beneficiaryId],
          );
          for (const answer of ['2', '2', 'لا']) await hana.talk(answer);
          expect(await hana.talk('تخطي')).toContain('سبق أن قيّمت هذه الخدمة، وتقييمك الأول محفوظ لدينا');
          const twice = await db.query<{ answers: unknown }>(
            `SELECT answers FROM survey_responses WHERE case_reference = 'CMP-4821-88'`,
          );
          expect(twice.rows).toEqual([{ answers: { overall: 2 } }]);
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'opens a handoff, records messages quietly, and hands the person back exactly once when staff close it',
      async () => {
        const { chat, runtime } = await spine();
        try {
          const db = getDb();
          const omar = await newPerson(db, chat, runtime, 'omar');
          expect(await omar.talk('التحدث مع موظف')).toContain('عمّ تريد أن تتحدث');
          const opened = await omar.talk('الأسر المحتاجة');
          const reference = /HND-\d{4}-\d{2}/.exec(opened)?.[0];
          expect(reference).toBeDefined();
          expect(opened).toContain('سيرد عليك أحد موظفينا هنا');
          expect(opened).not.toContain('خارج أوقات الدوام');

          const handoff = await db.query<{
            status: string;
            category_id: string;
            routed_to: string;
            routing: string;
            conversation_id: string;
          }>(
            'SELECT status, category_id, routed_to, routing, conversation_id FROM handoffs WHERE reference = $1',
            [reference],
          );
          expect(handoff.rows).toEqual([
            {
              status: 'open',
              category_id: 'families',
              routed_to: 'liaison-families',
              routing: 'liaison',
              conversation_id: omar.conversationId,
            },
          ]);

          // Quiet while staff have it: recorded, no reply.
          await omar.quiet('السلام عليكم، تأخر صرف السلة هذا الشهر');
          await omar.quiet({
            media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 2048, ref: 'f'.repeat(64) }],
          });
          // Out of hours: told once when staff are back, then quiet again.
          clock = new Date('2026-11-22T20:00:00+03:00');
          expect(await omar.talk('هل من أحد؟')).toContain(
            'يوم الاثنين 13 جمادى الآخرة 1448هـ الموافق 23 نوفمبر 2026م الساعة 8:00 ص',
          );
          await omar.quiet('سأنتظر');

          const transcript = await db.query<{
            author: string;
            body: string;
            media: unknown[];
            out_of_hours: boolean;
          }>(
            `SELECT m.author, m.body, m.media, m.out_of_hours FROM handoff_messages m
           JOIN handoffs h ON h.id = m.handoff_id WHERE h.reference = $1 ORDER BY m.id`,
            [reference],
          );
          expect(transcript.rows.map((r) => [r.author, r.body, r.media.length, r.out_of_hours])).toEqual([
            ['beneficiary', 'السلام عليكم، تأخر صرف السلة هذا الشهر', 0, false],
            ['beneficiary', '', 1, false],
            ['beneficiary', 'هل من أحد؟', 0, true],
            ['beneficiary', 'سأنتظر', 0, true],
          ]);

          // Staff close it: the person is told and offered the survey about it, once.
          clock = new Date('2026-11-23T09:00:00+03:00');
          const deps = { db, service: runtime.service, events: new PgEventLog(), now: () => clock };
          const before = await outboxCount(db, omar.conversationId);
          expect(
            await closeHandoff(deps, { reference: reference!, actor: 'staff:liaison-families' }),
          ).toEqual({
            status: 'closed',
            notified: true,
          });
          expect(
            await closeHandoff(deps, { reference: reference!, actor: 'staff:liaison-families' }),
          ).toEqual({
            status: 'alreadyClosed',
          });
          const handedBack = textOf(await chat.nextReply('omar'));
          expect(handedBack).toContain(`أنهى الموظف المحادثة (\u2066${reference}\u2069)`);
          expect(handedBack).toContain(`يهمنا رأيك في خدمتنا بخصوص \u2066${reference}\u2069`);
          expect(await outboxCount(db, omar.conversationId)).toBe(before + 1);
          await expect(chat.nextReply('omar', 500)).rejects.toThrow(/no reply/);

          const closed = await db.query<{ status: string; closed_by: string }>(
            'SELECT status, closed_by FROM handoffs WHERE reference = $1',
            [reference],
          );
          expect(closed.rows).toEqual([{ status: 'closed', closed_by: 'staff:liaison-families' }]);
          const events = await db.query<{ type: string; actor: string }>(
            `SELECT type, actor FROM events WHERE subject_type = 'handoff' AND subject_id = $1 ORDER BY id`,
            [reference],
          );
          expect(events.rows).toEqual([
            { type: 'handoff.opened', actor: `beneficiary:${omar.beneficiaryId}` },
            { type: 'handoff.closed', actor: 'staff:liaison-families' },
          ]);

          // The bot speaks again: the survey about the conversation is answered and stored.
          expect(await omar.talk('4')).toContain('(2/4)');
          for (const answer of ['4', 'نعم']) await omar.talk(answer);
          expect(await omar.talk('تخطي')).toContain('سجّلنا تقييمك');
          const rated = await db.query('SELECT 1 FROM survey_responses WHERE case_reference = $1', [
            reference,
          ]);
          expect(rated.rowCount).toBe(1);
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'lets the person end it; staff closing afterwards changes nothing and sends nothing',
      async () => {
        const { chat, runtime } = await spine();
        try {
          const db = getDb();
          const lama = await newPerson(db, chat, runtime, 'lama');
          await lama.talk('التحدث مع موظف');
          const reference = /HND-\d{4}-\d{2}/.exec(await lama.talk('تخطي'))?.[0];
          expect(await lama.talk('القائمة')).toContain('هل تريد إنهاء المحادثة مع الموظف');
          expect(await lama.talk('1')).toContain('أنهينا محادثتك مع الموظف');

          const closed = await db.query<{ status: string; closed_by: string; routed_to: string }>(
            'SELECT status, closed_by, routed_to FROM handoffs WHERE reference = $1',
            [reference],
          );
          // No category: the first liaison officer in the profile.
          expect(closed.rows).toEqual([
            { status: 'closed', closed_by: 'beneficiary', routed_to: 'liaison-families' },
          ]);

          const before = await outboxCount(db, lama.conversationId);
          const deps = { db, service: runtime.service, events: new PgEventLog() };
          expect(await closeHandoff(deps, { reference: reference!, actor: 'staff:vol-1' })).toEqual({
            status: 'alreadyClosed',
          });
          expect(await closeHandoff(deps, { reference: 'HND-0000-00', actor: 'staff:vol-1' })).toEqual({
            status: 'notFound',
          });
          expect(await outboxCount(db, lama.conversationId)).toBe(before);

          // A new conversation with staff can be opened again (one open handoff per conversation).
          await lama.talk('التحدث مع موظف');
          expect(await lama.talk('تخطي')).toMatch(/HND-\d{4}-\d{2}/);
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'closes without interrupting a person who already left for another flow',
      async () => {
        const { chat, runtime } = await spine();
        try {
          const db = getDb();
          const sara = await newPerson(db, chat, runtime, 'sara');
          await sara.talk('التحدث مع موظف');
          const reference = /HND-\d{4}-\d{2}/.exec(await sara.talk('تخطي'))?.[0];
          // Two weeks without a word: the conversation expires to the menu, and she starts an inquiry.
          clock = new Date('2026-12-08T10:00:00+03:00');
          expect(await sara.talk('مرحبا')).toContain('انتهت المحادثة السابقة لعدم النشاط');
          await sara.talk('الاستفسارات');

          const before = await outboxCount(db, sara.conversationId);
          const deps = { db, service: runtime.service, events: new PgEventLog(), now: () => clock };
          expect(
            await closeHandoff(deps, { reference: reference!, actor: 'staff:vol-1', offerSurvey: false }),
          ).toEqual({
            status: 'closed',
            notified: false,
          });
          expect(await outboxCount(db, sara.conversationId)).toBe(before);
          const snapshot = await db.query<{ flow: string }>(
            `SELECT snapshot->>'flowId' AS flow FROM conversations WHERE id = $1`,
            [sara.conversationId],
          );
          expect(snapshot.rows).toEqual([{ flow: 'inquiries' }]);
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );
  },
  { migrate: true },
);
