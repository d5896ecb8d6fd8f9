import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InProcessChannel } from '../../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../../src/config/load-profile';
import { eraseBeneficiary } from '../../src/cases/erase-beneficiary';
import { ErasureError } from '../../src/cases/erasure-error';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import type { StoredDocument } from '../../src/documents/document-store';
import type { Database } from '../../src/store/database';
import { PgEventLog } from '../../src/store/event-log';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const demo = loadProfile(DEMO_PROFILE_PATH);
// Field help on, so a call with a pin is part of what an erasure must handle.
const profile = { ...demo, features: { volunteering: true, fieldHelp: true } };
// Tuesday 10 March 2026: thirty calendar days later is Thursday 9 April, Eid al-Fitr (19–24 March) or not.
const NOW = new Date('2026-03-10T10:00:00+03:00');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const pdf = (who: string) => Buffer.from(`%PDF-1.4\n% income of ${who}\ntrailer<<>>\n%%EOF\n`);

type Input = Parameters<InProcessChannel['say']>[1];

/** Sends one message and returns the reply (`parts` messages, when a step answers with several). */
async function talk(chat: InProcessChannel, who: string, input: Input, parts = 1): Promise<string> {
  await chat.say(who, input);
  const replies: string[] = [];
  for (let i = 0; i < parts; i++) replies.push(textOf(await chat.nextReply(who)));
  return replies.join('\n---\n');
}

async function script(chat: InProcessChannel, who: string, inputs: Input[]): Promise<string> {
  let last = '';
  for (const input of inputs) last = await talk(chat, who, input);
  return last;
}

const media = (doc: StoredDocument, kind: 'image' | 'document') => ({
  media: [{ kind, mimeType: doc.mimeType, sizeBytes: doc.sizeBytes, ref: doc.ref, sha256: doc.sha256 }],
});

/** Every value of every table, as text: where a person's name or number would show if left behind. */
async function everything(db: Database): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
     WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const dumps: string[] = [];
  for (const { table_name } of tables.rows) {
    const rows = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`);
    dumps.push(...rows.rows.map((r) => `${table_name}: ${r.row}`));
  }
  return dumps.join('\n');
}

describeEachDatabase(
  'my data through the spine',
  (getDb) => {
    const documents = new FsDocumentStore(mkdtempSync(path.join(os.tmpdir(), 'tawasul-erase-')));
    const events = new PgEventLog();

    it('stores a corrected name and mobile on the person, with an audit event and no values in it', async () => {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { profile, now: () => NOW });
      try {
        await script(chat, 'nora', ['السلام عليكم', '١', 'أوافق', { choiceId: 'my-data' }, '1', '1']);
        await talk(chat, 'nora', 'نورة الشهري');
        await talk(chat, 'nora', 'تصحيح بيان آخر');
        await talk(chat, 'nora', '2');
        expect(await talk(chat, 'nora', '0521234567')).toContain('رقم الجوال غير صحيح');
        await talk(chat, 'nora', '٠٥٥١٢٣٤٥٦٧');
        expect(await talk(chat, 'nora', 'حفظ التصحيح')).toContain('تم حفظ بياناتك المصححة');

        const stored = await getDb().query<{ id: string; full_name: string; mobile: string }>(
          `SELECT b.id, b.full_name, b.mobile FROM beneficiaries b
           JOIN channel_identities i ON i.beneficiary_id = b.id WHERE i.channel_user_id = 'nora'`,
        );
        const nora = stored.rows[0]!;
        expect([nora.full_name, nora.mobile]).toEqual(['نورة الشهري', '+966551234567']);
        const trail = await getDb().query<{ type: string; actor: string; data: Record<string, unknown> }>(
          `SELECT type, actor, data FROM events WHERE subject_type = 'beneficiary' AND subject_id = $1`,
          [nora.id],
        );
        expect(trail.rows).toEqual([
          {
            type: 'contact.corrected',
            actor: `beneficiary:${nora.id}`,
            data: { fields: ['fullName', 'mobile'], channel: 'inprocess' },
          },
        ]);

        // The next visit shows the corrected details, loaded from the store.
        const overview = await talk(chat, 'nora', { choiceId: 'my-data' });
        expect(overview).toContain('• الاسم: نورة الشهري');
        expect(overview).toContain('+966551234567');
        expect(overview).toContain('2026-01'); // the consent, with its version
      } finally {
        await runtime.stop();
      }
    });

    it('tracks a deletion request with a DAT reference due thirty calendar days later', async () => {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { profile, now: () => NOW });
      try {
        await script(chat, 'salem', ['السلام عليكم', '١', 'أوافق', { choiceId: 'my-data' }]);
        expect(await talk(chat, 'salem', 'طلب حذف بياناتي')).toContain('خلال 30 يومًا');
        const done = await talk(chat, 'salem', 'نعم، احذف بياناتي');
        const ref = /DAT-\d{4}-\d{2}/.exec(done)?.[0];
        expect(ref).toBeDefined();
        expect(done).toContain('9 أبريل 2026');

        const row = await getDb().query<{ kind: string; status: string; due_date: string; mine: boolean }>(
          `SELECT d.kind, d.status, d.due_date::text AS due_date,
                  d.beneficiary_id = (SELECT beneficiary_id FROM channel_identities WHERE channel_user_id = 'salem') AS mine
           FROM data_requests d WHERE d.reference = $1`,
          [ref],
        );
        expect(row.rows).toEqual([{ kind: 'deletion', status: 'open', due_date: '2026-04-09', mine: true }]);
        const trail = await getDb().query(`SELECT type FROM events WHERE subject_id = $1`, [ref]);
        expect(trail.rows).toEqual([{ type: 'data.deletionRequested' }]);

        // Asking again does not open a second request: the open one is shown.
        await talk(chat, 'salem', { choiceId: 'my-data' });
        expect(await talk(chat, 'salem', '2')).toContain(ref!);
        const count = await getDb()
          .query(`SELECT 1 FROM data_requests WHERE kind = 'deletion' AND details->>'channel' = 'inprocess'
           AND beneficiary_id = (SELECT beneficiary_id FROM channel_identities WHERE channel_user_id = 'salem')`);
        expect(count.rowCount).toBe(1);
      } finally {
        await runtime.stop();
      }
    });

    it('erases everything of the person who asked, files included, and nothing of anyone else', async () => {
      const db = getDb();
      const { chat, runtime } = await startSpine(db, freshQueuePrefix(), { profile, now: () => NOW });
      let reference = '';
      const files: Record<string, StoredDocument> = {};
      try {
        // Two people with the same kinds of data; the ID photo is the same file (stored once).
        const people = [
          { who: 'huda', name: 'هدى سالم', id: '1000000008', mobile: '0501234567', pin: 21.4133 },
          { who: 'omar', name: 'عمر ياسين', id: '2345678904', mobile: '0551234567', pin: 21.3549 },
        ];
        for (const p of people) {
          const png = await documents.put(PNG, { fileName: 'id.png' });
          const income = await documents.put(pdf(p.who), { fileName: 'income.pdf' });
          files[`${p.who}.png`] = png;
          files[`${p.who}.pdf`] = income;
          await script(chat, p.who, ['السلام عليكم', '١', 'أوافق']);
          await script(chat, p.who, [
            { choiceId: 'service-request' },
            '1',
            '1',
            p.name,
            p.id,
            p.mobile,
            '1',
            '4',
          ]);
          expect(await talk(chat, p.who, media(income, 'document'))).toContain('أي مستند هذا');
          await talk(chat, p.who, '2');
          expect(await talk(chat, p.who, media(png, 'image'))).toContain('ملخص طلبك');
          await talk(chat, p.who, '1');
          expect(await talk(chat, p.who, 'أقر وأرسل الطلب')).toMatch(/REQ-\d{4}-\d{2}/);

          const signUp = [
            { choiceId: 'volunteer' },
            '1',
            p.name,
            p.mobile,
            'رابغ',
            '3',
            'الإسعافات الأولية',
            '1',
          ];
          expect(await script(chat, p.who, signUp)).toMatch(/VOL-\d{4}-\d{2}/);

          await talk(chat, p.who, { choiceId: 'field-help' });
          await talk(chat, p.who, '1', 2); // urgent notice + location request, then the skip choice
          await talk(chat, p.who, { location: { latitude: p.pin, longitude: 39.89 } });
          expect(await talk(chat, p.who, `${p.name} متعب من الحر`)).toMatch(/FLD-\d{4}-\d{2}/);

          await script(chat, p.who, [{ choiceId: 'my-data' }, '1', '1', `${p.name} الكامل`, '1']);
        }
        // A complaint with an attachment and a rated survey with a comment, as other flows store them.
        for (const p of people) {
          await db.query(
            `INSERT INTO complaints (reference, beneficiary_id, kind, description, attachments, routed_to, channel, due_date)
             SELECT $1, beneficiary_id, 'complaint', $2, $3, 'follow-up-committee', 'inprocess', '2026-03-24'
             FROM channel_identities WHERE channel_user_id = $4`,
            [
              `CMP-${p.who === 'huda' ? '1111' : '2222'}-00`,
              `تأخر صرف السلة على ${p.name}`,
              JSON.stringify([{ ref: files[`${p.who}.pdf`]!.ref, sha256: files[`${p.who}.pdf`]!.sha256 }]),
              p.who,
            ],
          );
          await db.query(
            `INSERT INTO survey_responses (beneficiary_id, answers, channel)
             SELECT beneficiary_id, $1, 'inprocess' FROM channel_identities WHERE channel_user_id = $2`,
            [JSON.stringify({ overall: 5, comment: `شكرًا من ${p.name}` }), p.who],
          );
        }

        await talk(chat, 'huda', { choiceId: 'my-data' });
        await talk(chat, 'huda', '2');
        reference = /DAT-\d{4}-\d{2}/.exec(await talk(chat, 'huda', '1'))?.[0] ?? '';
        expect(reference).not.toBe('');
      } finally {
        await runtime.stop();
      }
      const before = await everything(db);
      expect(before).toContain('هدى سالم');
      expect(before).toContain('+966501234567');

      const erasedAt = new Date('2026-03-12T09:00:00+03:00');
      const result = await eraseBeneficiary({ db, documents, events, now: () => erasedAt }, reference);

      // Nothing of Huda is left anywhere: not her name, her mobile, her ID number, her words or her pin.
      const after = await everything(db);
      for (const trace of ['هدى سالم', '+966501234567', '1000000008', 'huda', 'شكرًا من هدى', '21.4133']) {
        expect([trace, after.includes(trace)]).toEqual([trace, false]);
      }
      // Omar's data is all still there.
      for (const trace of ['عمر ياسين الكامل', '+966551234567', '2345678904', 'شكرًا من عمر', '21.3549']) {
        expect([trace, after.includes(trace)]).toEqual([trace, true]);
      }

      // Her cases stay for the association's records, anonymised; her sign-up is gone.
      const cases = await db.query<{ kind: string; linked: boolean; empty: boolean }>(
        `SELECT 'request' AS kind, beneficiary_id IS NOT NULL AS linked, fields = '{}'::jsonb AS empty
           FROM service_requests
         UNION ALL SELECT 'complaint', beneficiary_id IS NOT NULL, description = '' AND attachments = '[]'::jsonb
           FROM complaints
         UNION ALL SELECT 'fieldHelp', beneficiary_id IS NOT NULL, latitude IS NULL AND details IS NULL
           FROM field_help_requests
         UNION ALL SELECT 'survey', beneficiary_id IS NOT NULL, NOT (answers ? 'comment') FROM survey_responses
         UNION ALL SELECT 'volunteer', beneficiary_id IS NOT NULL, false FROM volunteers
         ORDER BY kind, linked`,
      );
      expect(cases.rows).toEqual([
        { kind: 'complaint', linked: false, empty: true },
        { kind: 'complaint', linked: true, empty: false },
        { kind: 'fieldHelp', linked: false, empty: true },
        { kind: 'fieldHelp', linked: true, empty: false },
        { kind: 'request', linked: false, empty: true },
        { kind: 'request', linked: true, empty: false },
        { kind: 'survey', linked: false, empty: true },
        { kind: 'survey', linked: true, empty: false },
        { kind: 'volunteer', linked: true, empty: false },
      ]);
      const ratings = await db.query(`SELECT answers FROM survey_responses WHERE beneficiary_id IS NULL`);
      expect(ratings.rows).toEqual([{ answers: { overall: 5 } }]);

      // Her own file is destroyed; the ID photo Omar sent too (same bytes, one copy) stays, as do his.
      expect(result.documents).toEqual([files['huda.pdf']!.ref]);
      await expect(documents.get(files['huda.pdf']!.ref)).rejects.toThrow();
      await expect(documents.get(files['omar.png']!.ref)).resolves.toEqual(PNG);
      await expect(documents.get(files['omar.pdf']!.ref)).resolves.toEqual(pdf('omar'));

      // The request is completed, with what was done; the trail says who did it and when.
      const request = await db.query<{ status: string; completed_at: Date; details: { erasure: unknown } }>(
        `SELECT status, completed_at, details FROM data_requests WHERE reference = $1`,
        [reference],
      );
      expect(request.rows[0]).toMatchObject({
        status: 'completed',
        details: { erasure: { at: erasedAt.toISOString(), documents: [files['huda.pdf']!.ref] } },
      });
      expect(new Date(request.rows[0]!.completed_at).toISOString()).toBe(erasedAt.toISOString());
      expect(result.rows).toMatchObject({
        beneficiaries: 1,
        volunteers: 1,
        service_requests: 1,
        complaints: 1,
      });
      const trail = await db.query<{ type: string; actor: string }>(
        `SELECT type, actor FROM events WHERE subject_id = $1 ORDER BY id`,
        [reference],
      );
      expect(trail.rows).toEqual([
        { type: 'data.deletionRequested', actor: expect.stringMatching(/^beneficiary:/) },
        { type: 'data.erased', actor: 'system:erasure' },
      ]);

      // Running it again finishes nothing twice and fails on nothing (a job retried after a crash).
      await expect(eraseBeneficiary({ db, documents, events }, reference)).resolves.toEqual(result);
      const erasedEvents = await db.query(
        `SELECT 1 FROM events WHERE subject_id = $1 AND type = 'data.erased'`,
        [reference],
      );
      expect(erasedEvents.rowCount).toBe(1);
    });

    it('refuses a reference that is not a deletion request, with a coded error', async () => {
      const attempt = eraseBeneficiary({ db: getDb(), documents, events }, 'DAT-0000-00');
      await expect(attempt).rejects.toBeInstanceOf(ErasureError);
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_DATA_REQUEST_NOT_FOUND' });
    });
  },
  { migrate: true },
);
