import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadProfile } from '../../src/config/load-profile';
import { declarationHash } from '../../src/domain/requests/declaration-hash';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const demo = loadProfile(DEMO_PROFILE_PATH);
// DOMAIN.md's example: complete on Tue 2025-03-25 with Eid off 30 Mar–2 Apr → day 15 is Mon 2025-04-21.
const profile = {
  ...demo,
  calendar: {
    ...demo.calendar,
    holidays: [{ name: { ar: 'عيد الفطر' }, from: '2025-03-30', to: '2025-04-02' }],
  },
};
const completedAt = new Date('2025-03-25T10:00:00+03:00');
const documents = new FsDocumentStore(mkdtempSync(path.join(os.tmpdir(), 'tawasul-docs-')));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describeEachDatabase(
  'service request through the spine',
  (getDb) => {
    it('stores the request, its documents, the declaration hash and the working-day due date', async () => {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), {
        profile,
        now: () => completedAt,
      });
      try {
        const talk = async (input: Parameters<typeof chat.say>[1]) => {
          await chat.say('huda', input);
          return textOf(await chat.nextReply('huda'));
        };
        for (const text of [
          'السلام عليكم',
          '١',
          'أوافق',
          '2',
          '1',
          '1',
          'هدى سالم',
          '١٠٠٠٠٠٠٠٠٨',
          '٠٥٠١٢٣٤٥٦٧',
          '1',
          '4',
        ]) {
          await talk(text);
        }
        const png = await documents.put(PNG, { fileName: 'id.png' });
        const pdf = await documents.put(PDF, { fileName: 'income.pdf' });
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
        expect(await talk(media(pdf, 'document'))).toContain('أي مستند هذا');
        await talk('2');
        expect(await talk(media(png, 'image'))).toContain('ملخص طلبك');
        await talk('1');
        const done = await talk('أقر وأرسل الطلب');
        const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
        expect(ref).toBeDefined();
        expect(done).toContain('الموافق');
        expect(done).toContain('21 أبريل 2025');

        const stored = await getDb().query<{
          reference: string;
          status: string;
          service_id: string;
          fields: Record<string, string | number>;
          declaration: { hash: string; channel: string; version: string };
          due_date: string;
        }>(
          `SELECT reference, status, service_id, fields, declaration, due_date::text AS due_date
           FROM service_requests WHERE reference = $1`,
          [ref],
        );
        const request = stored.rows[0]!;
        expect(request.status).toBe('submitted');
        expect(request.due_date).toBe('2025-04-21');
        expect(request.fields).toEqual({
          'full-name': 'هدى سالم',
          'national-id': '1000000008',
          mobile: '+966501234567',
          city: 'الرياض',
          'family-size': 4,
        });
        const docs = await getDb().query<{ document_id: string; sha256: string; mime_type: string }>(
          `SELECT document_id, sha256, mime_type FROM request_documents d
           JOIN service_requests r ON r.id = d.request_id WHERE r.reference = $1 ORDER BY document_id`,
          [ref],
        );
        expect(docs.rows).toEqual([
          { document_id: 'id-copy', sha256: png.sha256, mime_type: 'image/png' },
          { document_id: 'income-proof', sha256: pdf.sha256, mime_type: 'application/pdf' },
        ]);
        const documentsById = Object.fromEntries(
          [
            ['id-copy', png],
            ['income-proof', pdf],
          ].map(([id, d]) => [
            id as string,
            {
              ref: (d as typeof png).ref,
              sha256: (d as typeof png).sha256,
              mimeType: (d as typeof png).mimeType,
              sizeBytes: (d as typeof png).sizeBytes,
              fileName: (d as typeof png).fileName,
            },
          ]),
        );
        expect(request.declaration.hash).toBe(
          declarationHash({ serviceId: 'food-basket', fields: request.fields, documents: documentsById }),
        );
        expect(request.declaration).toMatchObject({ channel: 'inprocess', version: '1' });
        const events = await getDb().query(`SELECT type FROM events WHERE subject_id = $1`, [ref]);
        expect(events.rows).toEqual([{ type: 'request.submitted' }]);
      } finally {
        await runtime.stop();
      }
    });
  },
  { migrate: true },
);
