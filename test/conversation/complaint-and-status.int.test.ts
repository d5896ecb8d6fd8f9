import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { toNumberedText } from '../../src/channels/numbered-text';
import { parseReference } from '../../src/cases/rules/reference';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { Database } from '../../src/store/database';
import { describeEachDatabase } from '../support/databases';
import { freshQueuePrefix, startSpine } from '../support/spine-harness';

/** A whole conversation per test: jest ignores the integration project's own timeout. */
const TIMEOUT_MS = 60_000;
// Sunday 22 November 2026 in Riyadh; ten working days (Friday–Saturday weekend) end on Sunday 6 December.
const filedAt = new Date('2026-11-22T10:00:00+03:00');
const documents = new FsDocumentStore(mkdtempSync(path.join(os.tmpdir(), 'tawasul-docs-')));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const DESCRIPTION = 'تأخر صرف السلة الغذائية ثلاثة أشهر رغم اكتمال ملفي، ولم يرد أحد على اتصالاتي.';

/** The text as read on screen: without the invisible isolates around Latin runs. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, '');
const toArabicDigits = (text: string) => text.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)] ?? d);

/** One person on the in-process channel: sends a message and returns the reply as read, choices numbered. */
function person(chat: InProcessChannel, userId: string) {
  return async (input: Parameters<InProcessChannel['say']>[1]) => {
    await chat.say(userId, input);
    return plain(toNumberedText(await chat.nextReply(userId)));
  };
}

async function beneficiaryOf(db: Database, userId: string): Promise<string> {
  const { rows } = await db.query<{ beneficiary_id: string }>(
    `SELECT beneficiary_id FROM channel_identities WHERE channel = 'inprocess' AND channel_user_id = $1`,
    [userId],
  );
  const id = rows[0]?.beneficiary_id;
  if (!id) throw new Error(`no beneficiary for ${userId}`);
  return id;
}

/** A well-formed reference (right check digits) that no one holds in `db`. */
async function unusedReference(db: Database, prefix: string): Promise<string> {
  for (let body = 9000; body < 9999; body++) {
    for (let check = 0; check < 100; check++) {
      const ref = parseReference(`${prefix}${body}${String(check).padStart(2, '0')}`);
      if (!ref) continue;
      const { rows } = await db.query(`SELECT 1 FROM complaints WHERE reference = $1`, [ref]);
      if (rows.length === 0) return ref;
    }
  }
  throw new Error(`no free ${prefix} reference`);
}

const REFERENCE = /\b(?:CMP|SUG)-\d{4,9}-\d{2}\b/;

describeEachDatabase(
  'complaints and request status through the spine',
  (getDb) => {
    it(
      'files a complaint, then finds it in the list and by its reference; another person cannot see it',
      async () => {
        const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { now: () => filedAt });
        try {
          const noura = person(chat, 'noura');
          for (const text of ['السلام عليكم', '١', 'أوافق']) await noura(text);
          expect(await noura('شكوى / اقتراح / مطالبة بتعويض')).toContain('ما الذي تريد تقديمه؟');
          await noura('شكوى');
          expect(await noura('تأخر الرد أو الخدمة')).toContain('اكتب شكواك');
          expect(await noura(DESCRIPTION)).toContain('هل لديك صور أو ملف PDF');
          const png = await documents.put(PNG, { fileName: 'receipt.png' });
          const media = [
            {
              kind: 'image' as const,
              mimeType: png.mimeType,
              sizeBytes: png.sizeBytes,
              ref: png.ref,
              sha256: png.sha256,
              fileName: png.fileName,
            },
          ];
          expect(await noura({ media })).toContain('وصل مرفق واحد');
          expect(await noura('متابعة')).toContain('• المرفقات: ملف واحد');
          const done = await noura('نعم، أرسل');
          const ref = REFERENCE.exec(done)?.[0];
          expect(ref).toMatch(/^CMP-/);
          expect(done).toContain('نرد عليك خلال 10 أيام عمل');
          expect(done).toContain('الموافق 6 ديسمبر 2026م');
          expect(done).toContain('جهة المعالجة: لجنة المتابعة.');

          const nouraId = await beneficiaryOf(getDb(), 'noura');
          const stored = await getDb().query<Record<string, unknown>>(
            `SELECT beneficiary_id::text AS beneficiary_id, kind, category_id, description, attachments, routed_to,
                  status, channel, due_date::text AS due_date
           FROM complaints WHERE reference = $1`,
            [ref],
          );
          expect(stored.rows).toEqual([
            {
              beneficiary_id: nouraId,
              kind: 'complaint',
              category_id: 'delay',
              description: DESCRIPTION,
              attachments: [
                {
                  ref: png.ref,
                  sha256: png.sha256,
                  mimeType: 'image/png',
                  sizeBytes: png.sizeBytes,
                  fileName: 'receipt.png',
                },
              ],
              routed_to: 'follow-up-committee',
              status: 'open',
              channel: 'inprocess',
              due_date: '2026-12-06',
            },
          ]);
          const events = await getDb().query<{ actor: string; type: string; data: Record<string, unknown> }>(
            `SELECT actor, type, data FROM events WHERE subject_id = $1`,
            [ref],
          );
          expect(events.rows).toEqual([
            {
              actor: `beneficiary:${nouraId}`,
              type: 'complaint.opened',
              data: {
                kind: 'complaint',
                categoryId: 'delay',
                routedTo: 'follow-up-committee',
                dueDate: '2026-12-06',
                attachments: 1,
                anonymous: false,
                channel: 'inprocess',
                // The message that sent it: the console's case page shows that chat only (need to know).
                inboundId: expect.stringMatching(/^\d+$/),
              },
            },
          ]);

          // The complainant follows it in «حالة الطلب»: in the list, and by its reference in any form.
          const list = await noura('حالة الطلب');
          expect(list).toContain('لديك معاملة واحدة مسجلة باسمك');
          expect(list).toContain(
            `1. ${ref} · شكوى: تأخر الرد أو الخدمة · تم الاستلام، قيد المتابعة · الموعد الأحد 26 جمادى الآخرة 1448هـ (6 ديسمبر 2026م)`,
          );
          const details = await noura('1');
          expect(details).toContain(
            `📄 ${ref}\nشكوى: تأخر الرد أو الخدمة\nالحالة: تم الاستلام، قيد المتابعة`,
          );
          expect(details).toContain('آخر موعد للرد: الأحد 26 جمادى الآخرة 1448هـ الموافق 6 ديسمبر 2026م.');
          await noura('قائمة معاملاتي');
          const typed = `${ref!.slice(0, 3).toLowerCase()} ${toArabicDigits(ref!.slice(4).replace('-', ''))}`;
          expect(await noura(typed)).toContain(`📄 ${ref}`);

          // Another person guessing the number gets exactly what a number never issued gets.
          const salem = person(chat, 'salem');
          for (const text of ['مرحبا', '١', 'أوافق']) await salem(text);
          expect(await salem('حالة الطلب')).toContain('لا توجد طلبات أو شكاوى مسجلة باسمك');
          const guessed = await salem(ref);
          const unknown = await salem(await unusedReference(getDb(), 'CMP'));
          expect(guessed).toBe(unknown);
          expect(guessed).toContain('لا توجد معاملة بهذا الرقم مسجلة باسمك');
          expect(guessed).not.toContain(ref!);
          expect(guessed).not.toContain('تأخر الرد');
          expect(await salem(ref!.replace(/\d$/, (d) => String((Number(d) + 1) % 10)))).toContain(
            'خطأ في الكتابة',
          );
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );

    it(
      'routes a compensation claim to the investigation committee and keeps an anonymous suggestion unlinked',
      async () => {
        const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { now: () => filedAt });
        try {
          const huda = person(chat, 'huda');
          for (const text of ['hello', '2', 'I agree']) await huda(text);
          await huda('Complaint / suggestion / compensation claim');
          await huda('Compensation claim');
          await huda('Quality of service');
          await huda(
            'The team that installed my air conditioner broke the kitchen window; I ask for its repair.',
          );
          await huda('Continue without attachments');
          const claimed = await huda('Yes, send it');
          const claim = REFERENCE.exec(claimed)?.[0];
          expect(claim).toMatch(/^CMP-/);
          expect(claimed).toContain('Handled by: the investigation and follow-up committee');
          expect(claimed).toContain('within 10 working days');

          await huda('4');
          await huda('Suggestion');
          await huda('Please add a shaded waiting area at the women’s entrance.');
          await huda('Continue without attachments');
          expect(await huda('Without my name')).toContain('• Sent without your name');
          const suggested = await huda('Yes, send it');
          const suggestion = REFERENCE.exec(suggested)?.[0];
          expect(suggestion).toMatch(/^SUG-/);
          expect(suggested).toContain('we will not be able to answer you about it');

          const hudaId = await beneficiaryOf(getDb(), 'huda');
          const rows = await getDb().query<Record<string, unknown>>(
            `SELECT reference, beneficiary_id::text AS beneficiary_id, kind, category_id, routed_to, due_date::text AS due_date
           FROM complaints WHERE reference = ANY($1) ORDER BY kind`,
            [[claim, suggestion]],
          );
          expect(rows.rows).toEqual([
            {
              reference: claim,
              beneficiary_id: hudaId,
              kind: 'compensation',
              category_id: 'service-quality',
              routed_to: 'investigation-committee',
              due_date: '2026-12-06',
            },
            {
              reference: suggestion,
              beneficiary_id: null,
              kind: 'suggestion',
              category_id: null,
              routed_to: 'follow-up-committee',
              due_date: '2026-12-06',
            },
          ]);
          const events = await getDb().query<{ actor: string; type: string }>(
            `SELECT actor, type FROM events WHERE subject_id = $1`,
            [suggestion],
          );
          expect(events.rows).toEqual([{ actor: 'anonymous', type: 'suggestion.opened' }]);

          // Her status shows the claim; the anonymous suggestion is no longer hers to look up.
          const list = await huda('Request status');
          expect(list).toContain(
            `1. ${claim} · Compensation claim: Quality of service · Received, being followed up`,
          );
          expect(list).not.toContain(suggestion!);
          expect(await huda(suggestion)).toContain('There is no request or ticket with this number');
        } finally {
          await runtime.stop();
        }
      },
      TIMEOUT_MS,
    );
  },
  { migrate: true },
);
