import type { FastifyInstance } from 'fastify';
import { toNumberedText } from '../../src/channels/numbered-text';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { describeEachDatabase } from '../support/databases';
import { Clock } from '../support/test-clock';
import { signIn, startConsole, type ConsoleHarness } from './console-harness';

type Session = { cookie: string; csrf: string };
type Item = { type: string; event?: string; text?: string };

function call(app: FastifyInstance, s: Session, method: 'GET' | 'POST', url: string, payload?: object) {
  return app.inject({ method, url, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf }, payload });
}

/** What she tells the bot in each of her conversations: each must stay where it belongs. */
const ABOUT_STAFF = 'الموظف خالد في الفرع رفع صوته عليّ أمام الناس يوم الخميس';
const TO_STAFF = 'أحتاج أن أشرح لكم وضعي الصحي قبل أن أقدّم الطلب';
const SURVEY_COMMENT = 'الموظفون في الفرع بطيئون جدًا';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const texts = (timeline: Item[]) => timeline.map((i) => i.text ?? '').join('\n');

describeEachDatabase(
  'need to know: a case page shows the case',
  (getDb) => {
    // Sunday 22 November 2026, 10:00 in Riyadh: staff are at work.
    const clock = new Clock(new Date('2026-11-22T07:00:00Z'));
    let h: ConsoleHarness;
    let committee: Session;
    let manager: Session;
    let request = '';
    let complaint = '';

    /** Noura's messages, one at a time, with the reply as she reads it. */
    const noura = async (input: Parameters<InProcessChannel['say']>[1]) => {
      await h.chat.say('noura', input);
      return toNumberedText(await h.chat.nextReply('noura'));
    };
    /** A message the bot records without answering (a conversation with staff). */
    const quietly = async (text: string) => {
      await h.chat.say('noura', text);
      await h.runtime.service.idle();
    };

    beforeAll(async () => {
      h = await startConsole(getDb(), { now: clock.now });
      committee = await signIn(h.app, 't-committee');
      manager = await signIn(h.app, 't-manager');

      for (const text of ['السلام عليكم', '١', 'أوافق']) await noura(text);
      // 1. A complaint about a staff member.
      await noura('شكوى / اقتراح / مطالبة بتعويض');
      await noura('شكوى');
      await noura('تعامل الموظفين');
      await noura(ABOUT_STAFF);
      await noura('متابعة بدون مرفقات');
      complaint = /CMP-\d{4}-\d{2}/.exec(await noura('نعم، أرسل'))?.[0] ?? '';
      // 2. A conversation with staff.
      await noura('التحدث مع موظف');
      expect(await noura('1')).toContain('سيرد عليك أحد موظفينا هنا');
      await quietly(TO_STAFF);
      await noura('القائمة');
      expect(await noura('نعم، أنهِ المحادثة')).toContain('كيف نخدمك اليوم');
      // 3. A survey, about the association in general.
      await noura('قياس الرضا');
      for (const answer of ['ممتاز', 'تخطي', 'نعم']) await noura(answer);
      expect(await noura(SURVEY_COMMENT)).toContain('سجّلنا تقييمك');
      // 4. The request a committee member will open.
      for (const text of ['2', '1', '1', 'نورة سالم', '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '4'])
        await noura(text);
      const put = async (bytes: Buffer, fileName: string) => h.runtime.documents.put(bytes, { fileName });
      const pdf = await put(PDF, 'income.pdf');
      const png = await put(PNG, 'id.png');
      const media = (d: typeof png, kind: 'image' | 'document') => ({
        media: [
          {
            kind,
            mimeType: d.mimeType,
            sizeBytes: d.sizeBytes,
            ref: d.ref,
            sha256: d.sha256,
            fileName: d.fileName,
          },
        ],
      });
      await noura(media(pdf, 'document'));
      await noura('2');
      await noura(media(png, 'image'));
      await noura('1');
      request = /REQ-\d{4}-\d{2}/.exec(await noura('أقر وأرسل الطلب'))?.[0] ?? '';
      expect([complaint, request].every((ref) => ref !== '')).toBe(true);
    }, 120_000);
    afterAll(() => h?.stop());

    it('shows a committee member the chat that made the request, and nothing else of hers', async () => {
      clock.set('2026-11-22T08:00:00Z');
      const started = await call(h.app, committee, 'POST', `/api/cases/${request}/actions`, {
        action: 'startReview',
      });
      expect(started.json()).toMatchObject({ notified: true });
      await h.chat.nextReply('noura');

      const res = await call(h.app, committee, 'GET', `/api/cases/${request}`);
      expect(res.statusCode).toBe(200);
      const timeline = res.json<{ timeline: Item[]; personHistory: boolean }>();
      const shown = texts(timeline.timeline);
      // The request's own chat: her answers and the bot's questions, up to the confirmation.
      expect(shown).toContain('نورة سالم');
      expect(shown).toContain(request);
      expect(timeline.timeline.filter((i) => i.type === 'inbound').length).toBeGreaterThanOrEqual(10);
      // The notification about it.
      expect(timeline.timeline.filter((i) => i.type === 'notification')).toEqual([
        expect.objectContaining({ text: expect.stringContaining(request) }),
      ]);
      // Not her complaint about a staff member, her conversation with staff, her survey, her greeting.
      expect(shown).not.toContain(ABOUT_STAFF);
      expect(shown).not.toContain(complaint);
      expect(shown).not.toContain(TO_STAFF);
      expect(shown).not.toContain(SURVEY_COMMENT);
      expect(shown).not.toContain('السلام عليكم');
      expect(timeline.personHistory).toBe(false);
    });

    it('shows the complaint with its own chat only, not the request’s answers', async () => {
      const res = await call(h.app, committee, 'GET', `/api/cases/${complaint}`);
      const shown = texts(res.json<{ timeline: Item[] }>().timeline);
      expect(shown).toContain(ABOUT_STAFF);
      expect(shown).toContain(complaint);
      expect(shown).not.toContain('١٠٠٠٠٠٠٠٠٨');
      expect(shown).not.toContain(TO_STAFF);
      expect(shown).not.toContain(SURVEY_COMMENT);
      expect(shown).not.toContain(request);
    });

    it('opens her other conversations to management only, on demand', async () => {
      const refused = await call(h.app, committee, 'GET', `/api/cases/${request}/person-history`);
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toMatchObject({ error: 'ERR_FORBIDDEN' });
      const detail = await call(h.app, manager, 'GET', `/api/cases/${request}`);
      expect(detail.json()).toMatchObject({ personHistory: true });
      const history = await call(h.app, manager, 'GET', `/api/cases/${request}/person-history`);
      expect(history.statusCode).toBe(200);
      const shown = texts(history.json<{ timeline: Item[] }>().timeline);
      for (const text of [ABOUT_STAFF, TO_STAFF, SURVEY_COMMENT, 'السلام عليكم', 'نورة سالم']) {
        expect(shown).toContain(text);
      }
    });

    it('records every view of her data: who, which case or person, what', async () => {
      const db = getDb();
      const { rows: person } = await db.query<{ beneficiary_id: string }>(
        `SELECT beneficiary_id FROM channel_identities WHERE channel_user_id = 'noura'`,
      );
      const nouraId = person[0]!.beneficiary_id;
      const exported = await call(
        h.app,
        committee,
        'GET',
        `/api/cases/export?format=csv&q=${encodeURIComponent('نورة')}`,
      );
      expect(exported.statusCode).toBe(200);

      const views = await db.query<{
        actor: string;
        subject_type: string;
        subject_id: string;
        data: Record<string, unknown>;
      }>(
        `SELECT actor, subject_type, subject_id, data FROM events WHERE type = 'personalData.viewed' ORDER BY id`,
      );
      expect(views.rows).toEqual([
        {
          actor: 'staff:t-committee',
          subject_type: 'service_request',
          subject_id: request,
          data: { what: 'caseDetail', beneficiaryId: nouraId },
        },
        {
          actor: 'staff:t-committee',
          subject_type: 'complaint',
          subject_id: complaint,
          data: { what: 'caseDetail', beneficiaryId: nouraId },
        },
        {
          actor: 'staff:t-manager',
          subject_type: 'service_request',
          subject_id: request,
          data: { what: 'caseDetail', beneficiaryId: nouraId },
        },
        {
          actor: 'staff:t-manager',
          subject_type: 'beneficiary',
          subject_id: nouraId,
          data: { what: 'personHistory', reference: request, messages: expect.any(Number) },
        },
        {
          actor: 'staff:t-committee',
          subject_type: 'case_list',
          subject_id: 'export',
          // What was searched for is itself personal data: only that there was a search.
          data: {
            what: 'caseListExport',
            format: 'csv',
            filters: { sort: 'newest', page: 1, pageSize: 50 },
            searched: true,
            rows: 1,
          },
        },
      ]);
      // The refused look at her history left no trace of a view.
      expect(
        views.rows.filter((v) => v.actor === 'staff:t-committee' && v.data.what === 'personHistory'),
      ).toEqual([]);
    });
  },
  { migrate: true },
);
