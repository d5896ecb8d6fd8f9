/*
 * Replays issue 17, M4 ("personal data in plain text"): an attacker with a copy of the database files
 * (or the WAL, or a dump) reads national IDs, names and mobiles out of `service_requests.fields` and
 * a national ID typed into a complaint out of `complaints.description`. Each test reads the raw tables
 * and checks that what a person typed is sealed there, while every reader (case view, staff bot card,
 * console list and export, console case page) still shows it in plain text.
 */
import { randomBytes } from 'node:crypto';
import { WebChatChannel } from '../../src/channels/webchat/webchat-channel';
import { loadProfile } from '../../src/config/load-profile';
import { CaseDetails } from '../../src/console/cases/case-detail';
import { CaseFilters, CaseList } from '../../src/console/cases/case-list';
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

const NAME = 'هدى سالم';
const MOBILE = '+966501234567';

/** Every stored form of the ID: as typed (Arabic-Indic digits) and as normalised. */
const holdsId = (text: string) => text.includes(NATIONAL_ID) || text.includes(TYPED_ID);
/** The mobile as typed (٠٥٠١٢٣٤٥٦٧) or normalised (+966501234567). */
const holdsMobile = (text: string) => text.includes('501234567') || text.includes('٥٠١٢٣٤٥٦٧');

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
        for (const text of ['السلام عليكم', '١', 'أوافق', '2', '1', '1', NAME]) await talk(text);
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
        expect(stored).not.toContain(NAME);
        expect(holdsMobile(stored)).toBe(false);
        expect(holdsId(stored)).toBe(false);
        // The outbox and every snapshot kept it sealed too (the summary repeated it).
        expect(holdsId(await rawText('SELECT payload::text AS t FROM outbox'))).toBe(false);
        expect(holdsId(await rawText('SELECT snapshot::text AS t FROM conversations'))).toBe(false);

        // Staff read it back (the card masks it further); without the key it reads as nothing.
        const view = await getDb().transaction((tx) =>
          new PgCaseViewRepository(cipher).load(tx, 'request', reference!),
        );
        expect(view?.fields?.['national-id']).toBe(NATIONAL_ID);
        expect(view?.fields?.['full-name']).toBe(NAME);
        expect(view?.fields?.mobile).toBe(MOBILE);
        // The console's list (and its CSV/XLSX export, which reads the same rows) names the applicant.
        const list = new CaseList(profile, cipher);
        const page = await list.page(
          getDb(),
          CaseFilters.parse({ kind: 'request' }),
          { all: true },
          '2026-12-01',
        );
        const row = page.rows.find((r) => r.reference === reference);
        expect(row?.applicant).toEqual({ name: NAME, mobile: MOBILE });
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

    it('seals the complaint a person types (with their ID in it) and shows it to staff; older plain rows still read', async () => {
      const { chat, runtime } = await startSpine(getDb(), freshQueuePrefix(), { profile, cipher });
      const description = `تأخر صرف السلة الغذائية، رقم هويتي ${NATIONAL_ID} وجوالي ٠٥٠١٢٣٤٥٦٧`;
      try {
        const talk = async (text: string) => {
          await chat.say('sealed-amal', text);
          return textOf(await chat.nextReply('sealed-amal'));
        };
        for (const text of ['السلام عليكم', '١', 'أوافق', 'شكوى / اقتراح / مطالبة بتعويض', 'شكوى']) {
          await talk(text);
        }
        expect(await talk('تأخر الرد أو الخدمة')).toContain('اكتب شكواك');
        await talk(description);
        await talk('متابعة');
        const done = await talk('نعم، أرسل');
        const reference = /CMP-\d{4,9}-\d{2}/.exec(done)?.[0];
        expect(reference).toBeDefined();

        const raw = await getDb().query<{ description: string }>(
          'SELECT description FROM complaints WHERE reference = $1',
          [reference],
        );
        expect(raw.rows[0]?.description).toMatch(/^enc:v1:/);
        expect(holdsId(raw.rows[0]!.description)).toBe(false);
        expect(holdsMobile(raw.rows[0]!.description)).toBe(false);

        // The staff bot's card and the console's case page read it in plain text.
        const view = await getDb().transaction((tx) =>
          new PgCaseViewRepository(cipher).load(tx, 'complaint', reference!),
        );
        expect(view?.summary).toBe(description);
        const details = new CaseDetails(profile, cipher);
        const page = await details.load(getDb(), reference!, { all: true }, ['manager'], '2026-12-01');
        expect(page?.description).toBe(description);

        // A complaint stored before sealing was on still reads as it was.
        await getDb().query('UPDATE complaints SET description = $2 WHERE reference = $1', [
          reference,
          'شكوى قديمة',
        ]);
        const old = await details.load(getDb(), reference!, { all: true }, ['manager'], '2026-12-01');
        expect(old?.description).toBe('شكوى قديمة');
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
