import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FsDocumentStore } from '../../src/documents/fs-document-store';
import { declarationHash } from '../../src/domain/requests/declaration-hash';
import { FieldCipher } from '../../src/security/field-cipher';
import { describeEachDatabase } from '../support/databases';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

/**
 * Replays issue 17, "a NUL in a form answer": a person (or a script behind a channel) answers the
 * service-request form with a name holding a NUL ("\u0000") and half a surrogate pair ("\uD800"). The
 * answer was kept as typed, so at the declaration the request's insert failed — every time the step was
 * retried — while the person had been told their message would be handled. Inbound text is now made
 * storable where every channel's message enters the spine, so the request is stored, with its
 * declaration hash over the clean answers.
 */
const cipher = new FieldCipher(Buffer.alloc(32, 5));
const completedAt = new Date('2025-03-25T10:00:00+03:00');
const documents = new FsDocumentStore(mkdtempSync(path.join(os.tmpdir(), 'tawasul-nul-docs-')));
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describeEachDatabase(
  'service request with NULs and lone surrogates in the answers',
  (getDb) => {
    it.each([
      // Sealed at rest, as in production: the NUL got past the inbound store and failed the declaration.
      ['sealed', 'nul-sealed', cipher],
      // Unsealed: the NUL failed the inbound store itself.
      ['plain', 'nul-plain', undefined],
    ] as const)(
      'stores the request with clean answers and a matching declaration hash (%s inbound)',
      async (_how, person, sealing) => {
        const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), {
          now: () => completedAt,
          ...(sealing ? { cipher: sealing } : {}),
        });
        try {
          const talk = async (text: Parameters<typeof chat.say>[1]) => {
            await chat.say(person, text);
            return textOf(await chat.nextReply(person));
          };
          for (const text of [
            'السلام عليكم',
            '١',
            'أوافق',
            '2',
            '1',
            '1',
            'هدى\u0000 سالم\uD800',
            '١٠٠٠٠٠٠٠٠٨',
            '٠٥٠١٢٣٤٥٦٧',
            '1',
            '4',
          ])
            await talk(text);
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
          const documentsById = {
            'id-copy': png,
            'income-proof': pdf,
          };
          expect(await talk(media(pdf, 'document'))).toContain('أي مستند هذا');
          await talk('2');
          expect(await talk(media(png, 'image'))).toContain('ملخص طلبك');
          await talk('1');
          const done = await talk('أقر وأرسل الطلب');
          const ref = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
          expect(ref).toBeDefined();

          const stored = await getDb().query<{
            fields: Record<string, string | number>;
            declaration: { hash: string };
          }>(`SELECT fields, declaration FROM service_requests WHERE reference = $1`, [ref]);
          const request = stored.rows[0]!;
          // Names, national id and mobile are sealed at rest; the declaration hash is over the plain answers.
          const fields = Object.fromEntries(
            Object.entries(request.fields).map(([k, v]) => [
              k,
              typeof v === 'string' && FieldCipher.isSealed(v) ? cipher.open(v) : v,
            ]),
          );
          expect(fields).toMatchObject({
            'full-name': 'هدى سالم\uFFFD',
            'national-id': '1000000008',
            mobile: '+966501234567',
          });
          expect(request.declaration.hash).toBe(
            declarationHash({
              serviceId: 'food-basket',
              fields,
              documents: Object.fromEntries(
                Object.entries(documentsById).map(([id, d]) => [
                  id,
                  {
                    ref: d.ref,
                    sha256: d.sha256,
                    mimeType: d.mimeType,
                    sizeBytes: d.sizeBytes,
                    fileName: d.fileName,
                  },
                ]),
              ),
            }),
          );
        } finally {
          await runtime.stop();
        }
      },
    );
  },
  { migrate: true },
);
