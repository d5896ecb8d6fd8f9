import { randomBytes } from 'node:crypto';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { FieldCipher } from '../../src/security/field-cipher';
import { PgCaseViewRepository } from '../../src/store/case-view-repository';
import { describeEachDatabase } from '../support/databases';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix, startSpine, textOf } from '../support/spine-harness';

const profile = loadProfile(DEMO_PROFILE_PATH);
const cipher = new FieldCipher(randomBytes(32));
const NATIONAL_ID = '1000000008';
const TYPED_ID = '١٠٠٠٠٠٠٠٠٨';
const CORRECTED_ID = '2345678904';

/** Every stored form of the ID: as typed (Arabic-Indic digits) and as normalised. */
const holdsId = (text: string) => text.includes(NATIONAL_ID) || text.includes(TYPED_ID);

describeEachDatabase(
  'personal data sealed at rest',
  (getDb) => {
    it('keeps the ID a person types out of the inbound log, the snapshot and the request, also when asked again', async () => {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { profile, cipher });
      const rawText = async (sql: string) =>
        (await getDb().query<{ t: string | null }>(sql)).rows.map((r) => r.t ?? '').join('\n');
      try {
        const talk = async (input: Parameters<typeof chat.say>[1]) => {
          await chat.say('sealed-huda', input);
          return textOf(await chat.nextReply('sealed-huda'));
        };
        for (const text of ['السلام عليكم', '١', 'أوافق', '2', '1', '1', 'هدى سالم']) await talk(text);
        await talk(TYPED_ID);

        // Mid-form: the answer is in the snapshot's context and the inbound log, both sealed.
        const inbound = await rawText('SELECT payload::text AS t FROM inbound_messages');
        const snapshots = await rawText('SELECT snapshot::text AS t FROM conversations');
        expect(inbound).toContain('enc:v1:');
        expect(holdsId(inbound)).toBe(false);
        expect(snapshots).toContain('"flowId"'); // what SQL filters on stays readable
        expect(holdsId(snapshots)).toBe(false);

        for (const text of ['٠٥٠١٢٣٤٥٦٧', '1', '4']) await talk(text);
        const file = (kind: 'document' | 'image', mimeType: string, name: string) => ({
          media: [
            { kind, mimeType, sizeBytes: 64, ref: `doc-${name}`, sha256: name.repeat(64), fileName: name },
          ],
        });
        expect(await talk(file('document', 'application/pdf', 'a'))).toContain('أي مستند هذا');
        await talk('2');
        expect(await talk(file('image', 'image/png', 'b'))).toContain('ملخص طلبك');
        await talk('1');
        const done = await talk('أقر وأرسل الطلب');
        const reference = /REQ-\d{4}-\d{2}/.exec(done)?.[0];
        expect(reference).toBeDefined();

        const stored = await rawText('SELECT fields::text AS t FROM service_requests');
        expect(stored).toContain('هدى سالم'); // the name stays searchable in the console
        expect(holdsId(stored)).toBe(false);
        // The outbox and every snapshot kept it sealed too (the summary repeated it).
        expect(holdsId(await rawText('SELECT payload::text AS t FROM outbox'))).toBe(false);
        expect(holdsId(await rawText('SELECT snapshot::text AS t FROM conversations'))).toBe(false);

        // Staff read it back (the card masks it further); without the key it reads as nothing.
        const view = await getDb().transaction((tx) =>
          new PgCaseViewRepository(cipher).load(tx, 'request', reference!),
        );
        expect(view?.fields?.['national-id']).toBe(NATIONAL_ID);
        const blind = await getDb().transaction((tx) =>
          new PgCaseViewRepository().load(tx, 'request', reference!),
        );
        expect(blind?.fields?.['national-id']).toBe('');

        // The committee asks for the ID again; the corrected answer is merged and sealed the same way.
        const committee = { id: 'sealed-noura', roles: ['committee' as const] };
        await runtime.caseActions.request(reference!, 'startReview', committee);
        await chat.nextReply('sealed-huda'); // review started
        await runtime.caseActions.request(reference!, 'askInfo', committee, undefined, {
          missing: { fields: ['national-id'], documents: [] },
        });
        expect(textOf(await chat.nextReply('sealed-huda'))).toContain(reference!); // what is missing
        await chat.nextReply('sealed-huda'); // the flow asks for it
        expect(await talk(CORRECTED_ID)).toContain(CORRECTED_ID); // the summary shows it to its owner
        await talk('1');
        const merged = await rawText('SELECT fields::text AS t FROM service_requests');
        expect(merged).toContain('enc:v1:');
        expect(merged).not.toContain(CORRECTED_ID);
        const after = await getDb().transaction((tx) =>
          new PgCaseViewRepository(cipher).load(tx, 'request', reference!),
        );
        expect(after?.fields?.['national-id']).toBe(CORRECTED_ID);
        expect(after?.status).toBe('under_review');
      } finally {
        await runtime.stop();
      }
    });

    it('seals the web chat replies it stores and opens them for the visitor', async () => {
      const webchat = new WebChatChannel(getDb(), cipher);
      const session = randomBytes(18).toString('base64url');
      const sent = await webchat.send(
        session,
        { kind: 'text', text: `رقم الهوية: ${NATIONAL_ID}` },
        { idempotencyKey: `sealed-${session}` },
      );
      expect(sent.ok).toBe(true);
      const raw = await getDb().query<{ t: string }>(
        'SELECT payload::text AS t FROM webchat_deliveries WHERE session_id = $1',
        [session],
      );
      expect(raw.rows).toHaveLength(1);
      expect(holdsId(raw.rows[0]!.t)).toBe(false);
      const [delivery] = await webchat.deliveries(session, 0);
      expect(delivery?.message).toEqual({ kind: 'text', text: `رقم الهوية: ${NATIONAL_ID}` });
    });
  },
  { migrate: true },
);
